package dev.chipmc.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process's claim on a working directory (a run's {@code .partial}, a sweep), so that a second
 * {@code chipmc} process refuses to write into it instead of interleaving checkpoints with the first.
 *
 * <p>The claim is an operating-system lock ({@link FileChannel#tryLock}, {@code fcntl} on Linux) on
 * {@value #FILE} inside the directory. The system drops it when the holder exits in any way, a
 * {@code kill -9} or a crash included, so a stale claim never blocks a {@code resume}. The file
 * holds the holder's process id and start time, for the message another process prints.
 *
 * <p>The file stays where other processes may look for it: deleting a lock file that another process
 * may have opened, and may lock the moment it is released, would let that process hold a lock on a
 * file nobody else can find while a third claims a new one. It is deleted only where nobody looks any
 * more ({@link #deleteOnClose}: a finished run's directory, under its final name).
 *
 * <p>Where the file system cannot lock (some network file systems), {@link #tryAcquire} returns a
 * claim that {@link #enforced() is not enforced}, and the caller says so. A second claim on the same
 * directory from the same JVM is refused like one from another process, without opening the file:
 * {@code fcntl} locks belong to the process, and closing any other descriptor of the locked file, even
 * one opened only to read it, would drop the lock (the {@link FileLock} contract warns of it).
 */
public final class DirectoryLock implements AutoCloseable {
    /** The lock file's name inside the claimed directory. */
    public static final String FILE = ".chipmc.lock";

    /** Lock files this JVM holds (absolute, normalized), with the text each holds. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private Path file;
    private final String text;
    private final FileChannel channel;
    private final FileLock lock;
    private final String unenforcedReason;
    private boolean delete;

    private DirectoryLock(Path file, String text, FileChannel channel, FileLock lock, String unenforcedReason) {
        this.file = file;
        this.text = text;
        this.channel = channel;
        this.lock = lock;
        this.unenforcedReason = unenforcedReason;
    }

    /**
     * Claims {@code dir}, an existing directory.
     *
     * @return the claim, or empty when another process (or another claim of this JVM) holds it
     * @throws NoSuchFileException if {@code dir} does not exist (any longer)
     * @throws IOException         if the lock file cannot be created or written
     */
    public static Optional<DirectoryLock> tryAcquire(Path dir) throws IOException {
        return tryAcquire(dir, FileChannel::tryLock);
    }

    /** How a claim locks its open file: {@link FileChannel#tryLock} but in tests. */
    @FunctionalInterface
    interface Locking {
        FileLock tryLock(FileChannel channel) throws IOException;
    }

    static Optional<DirectoryLock> tryAcquire(Path dir, Locking locking) throws IOException {
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        String text = "process " + ProcessHandle.current().pid() + ", since " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        if (HELD.putIfAbsent(file, text) != null) {
            return Optional.empty();
        }
        DirectoryLock claimed = null;
        try {
            claimed = claim(file, text, locking);
            return Optional.ofNullable(claimed);
        } finally {
            if (claimed == null) {
                HELD.remove(file);
            }
        }
    }

    private static DirectoryLock claim(Path file, String text, Locking locking) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            String unenforced = null;
            try {
                lock = locking.tryLock(ch);
                if (lock == null) {
                    ch.close();
                    return null;
                }
            } catch (OverlappingFileLockException e) {
                ch.close();
                return null;
            } catch (IOException e) {
                // The file system cannot lock: go on without, and let the caller say so.
                lock = null;
                unenforced = String.valueOf(e.getMessage());
            }
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            for (long pos = 0; b.hasRemaining(); ) {
                pos += ch.write(b, pos);
            }
            return new DirectoryLock(file, text, ch, lock, unenforced);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Who holds {@code dir} now ({@link #holder}), or empty when nobody does: for a message only, since
     * the answer can change right after. It writes nothing: a shared lock held for an instant is the test
     * (a claim being taken in that instant fails as if the directory were held). Empty too where there is
     * no lock file or the file system cannot lock.
     */
    public static Optional<String> heldBy(Path dir) {
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        if (HELD.containsKey(file)) {
            return Optional.of(holder(dir));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return Optional.of(holder(dir));
            }
            probe.release();
            return Optional.empty();
        } catch (OverlappingFileLockException e) {
            return Optional.of(holder(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Who holds {@code dir}, as its lock file says ("process 1234, since 2026-12-01T23:19:46Z"), or
     * "another process" where the file cannot be read.
     */
    public static String holder(Path dir) {
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        String mine = HELD.get(file);
        try {
            // This JVM's own claim is answered from memory: reading the file would drop its lock.
            String s = (mine != null ? mine : Files.readString(file, StandardCharsets.UTF_8)).strip();
            int nl = s.indexOf('\n');
            String first = nl < 0 ? s : s.substring(0, nl);
            return first.startsWith("process ") ? first : "another process";
        } catch (IOException | RuntimeException e) {
            return "another process";
        }
    }

    /** Whether the operating system enforces the claim; false where the file system cannot lock. */
    public boolean enforced() {
        return lock != null;
    }

    /** Why the claim is not enforced (the file system's error), or null when it is. */
    public String unenforcedReason() {
        return unenforcedReason;
    }

    /** Where the claim is not enforced, says so on {@code log}: nothing keeps a second process off this {@code what}. */
    public void warnIfUnenforced(java.io.PrintStream log, String what) {
        if (lock == null) {
            log.println("warning: " + file.getParent() + ": this file system cannot lock " + FILE + " (" + unenforcedReason
                    + "); make sure no other chipmc process works on this " + what + " at the same time");
        }
    }

    /** Tells the claim that its directory was renamed to {@code dir}: the lock goes with the open file. */
    public void movedTo(Path dir) {
        Path moved = dir.resolve(FILE).toAbsolutePath().normalize();
        HELD.remove(file);
        HELD.put(moved, text);
        file = moved;
    }

    /**
     * Makes {@link #close} delete the lock file: for a directory that now has a name no process claims
     * (a finished run under its final name), so that it holds nothing of the claim.
     */
    public void deleteOnClose() {
        delete = true;
    }

    /** Lets go of the claim (and deletes the file after {@link #deleteOnClose}); a no-op the second time. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (delete) {
                Files.deleteIfExists(file);
            }
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(file);
            }
        }
    }
}
