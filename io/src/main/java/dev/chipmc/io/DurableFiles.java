package dev.chipmc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The file operations every output directory of chipmc is built from (runs, sweeps, sensitivity
 * analyses): a file is written under a temporary name, fsynced and renamed, so a reader or a crash
 * sees either the old file or the whole new one. Stateless and thread-safe.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /** Writes {@code bytes} to a temporary sibling, fsyncs it and renames it over {@code file}. */
    public static void writeDurably(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); OutputStream os = Channels.newOutputStream(ch)) {
            os.write(bytes);
            os.flush();
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * {@code base}, or the first of {@code base-2}, {@code base-3}, ... for which neither that directory nor
     * its {@code .partial} working directory exists: a default output name (a timestamp to the second) for a
     * command that several processes may start in the same second.
     */
    public static Path freeName(Path base) {
        Path dir = base;
        for (int i = 2; Files.exists(dir) || Files.exists(dir.resolveSibling(dir.getFileName() + ".partial")); i++) {
            dir = base.resolveSibling(base.getFileName() + "-" + i);
        }
        return dir;
    }

    /** Makes a rename inside {@code dir} durable; a no-op where the file system cannot sync a directory. */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or sync a directory; the renames still order the writes.
        }
    }

    /** A temporary directory is created owner-only; an output directory gets the usual rwxr-xr-x. */
    public static void openPermissions(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Deletes a directory tree, as far as it can: what remains is under a temporary name, never a final one. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** A scenario name made safe for a directory name ({@code runs/<name>-<timestamp>}). */
    public static String safeName(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._-]+", "-");
        return n.isEmpty() ? "scenario" : n;
    }
}
