package dev.chipmc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process's claim on a working directory, within this JVM and against a real second process. */
class DirectoryLockTest {

    @Test
    void claim_writesItsHolder_refusesASecondClaim_andLeavesNothingWhenClosed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(DirectoryLock.FILE);
        try (DirectoryLock lock = DirectoryLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(lock.enforced(), "a local file system locks");
            String holder = DirectoryLock.holder(dir);
            assertTrue(holder.startsWith("process " + ProcessHandle.current().pid() + ", since "), holder);
            assertTrue(Files.isRegularFile(file));
            assertTrue(DirectoryLock.tryAcquire(dir).isEmpty(), "a second claim while the first is held");
            assertEquals(Optional.of(holder), DirectoryLock.heldBy(dir));
            assertTrue(lock.enforced(), "the refused claim did not drop the first one");
        }
        assertTrue(Files.exists(file), "the file stays where another process may look for it");
        assertEquals(Optional.empty(), DirectoryLock.heldBy(dir), "a lock file nobody holds");
        assertEquals(Optional.empty(), DirectoryLock.heldBy(dir));
        try (DirectoryLock again = DirectoryLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(again.enforced());
        }
    }

    @Test
    void heldBy_writesNothing(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), DirectoryLock.heldBy(dir));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "asking creates no lock file");
        }
    }

    @Test
    void aLeftOverLockFile_doesNotBlock(@TempDir Path dir) throws IOException {
        // What a kill -9 leaves: the file, without the lock (the system dropped it with the process).
        Files.writeString(dir.resolve(DirectoryLock.FILE), "process 1, since 2026-01-01T00:00:00Z\nold\n");
        try (DirectoryLock lock = DirectoryLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(DirectoryLock.holder(dir).startsWith("process " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void movedWithItsDirectory_thenDeletedThereOnClose(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectory(dir.resolve("a.partial"));
        Path b = dir.resolve("a");
        DirectoryLock lock = DirectoryLock.tryAcquire(a).orElseThrow();
        Files.move(a, b);
        lock.movedTo(b);
        assertTrue(DirectoryLock.tryAcquire(b).isEmpty(), "still held after the rename");
        assertTrue(DirectoryLock.holder(b).startsWith("process " + ProcessHandle.current().pid()));
        lock.deleteOnClose();
        lock.close();
        lock.close();
        assertFalse(Files.exists(b.resolve(DirectoryLock.FILE)));
        try (DirectoryLock again = DirectoryLock.tryAcquire(b).orElseThrow()) {
            assertTrue(again.enforced());
        }
    }

    /** NFS without a lock manager answers fcntl with ENOLCK, which Java raises as an IOException. */
    @Test
    void aFileSystemThatCannotLock_givesAnUnenforcedClaimThatSaysWhy(@TempDir Path dir) throws IOException {
        DirectoryLock.Locking nfs = ch -> {
            throw new IOException("No locks available");
        };
        try (DirectoryLock lock = DirectoryLock.tryAcquire(dir, nfs).orElseThrow()) {
            assertFalse(lock.enforced());
            assertEquals("No locks available", lock.unenforcedReason());
            assertTrue(DirectoryLock.holder(dir).startsWith("process " + ProcessHandle.current().pid()));
            assertEquals("warning: " + dir.toAbsolutePath().normalize() + ": this file system cannot lock .chipmc.lock "
                    + "(No locks available); make sure no other chipmc process works on this run at the same time\n",
                    warnings(lock));
        }
        try (DirectoryLock lock = DirectoryLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(lock.enforced());
            assertEquals(null, lock.unenforcedReason());
            assertEquals("", warnings(lock));
        }
    }

    private static String warnings(DirectoryLock lock) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        lock.warnIfUnenforced(new java.io.PrintStream(b, true, StandardCharsets.UTF_8), "run");
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingDirectory_isNoSuchFile(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> DirectoryLock.tryAcquire(dir.resolve("gone")));
        assertEquals(Optional.empty(), DirectoryLock.heldBy(dir.resolve("gone")));
        assertEquals("another process", DirectoryLock.holder(dir.resolve("gone")));
    }

    /**
     * The case the claim exists for: another process holds the directory. Refused while it lives; a
     * SIGKILL, which runs no handler, releases it all the same.
     */
    @Test
    void anotherProcessHoldsIt_untilKilled(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Holder.class.getName(), dir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine(), "the child claims the directory");
            assertTrue(DirectoryLock.tryAcquire(dir).isEmpty(), "refused while another process holds it");
            String holder = DirectoryLock.heldBy(dir).orElseThrow();
            assertTrue(holder.startsWith("process " + child.pid() + ", since "), holder);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(dir.resolve(DirectoryLock.FILE)), "a killed holder cleans nothing up");
            try (DirectoryLock lock = DirectoryLock.tryAcquire(dir).orElseThrow(() -> new AssertionError("still held"))) {
                assertTrue(lock.enforced());
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child of {@link #anotherProcessHoldsIt_untilKilled}: claims {@code args[0]} and waits to be killed. */
    public static final class Holder {
        private Holder() {
        }

        public static void main(String[] args) throws Exception {
            Optional<DirectoryLock> lock = DirectoryLock.tryAcquire(Path.of(args[0]));
            System.out.println(lock.isPresent() ? "held" : "refused");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }
}
