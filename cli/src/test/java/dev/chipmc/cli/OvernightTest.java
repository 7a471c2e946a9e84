package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long runs as users run them, in real child processes: killed with SIGKILL at random moments and
 * resumed until done, or stopped with SIGINT, must end with results byte-identical to a run that was
 * never interrupted.
 */
class OvernightTest {
    /**
     * 32 chunks of 4096; a checkpoint after every chunk so that kills land between and inside them. Large
     * enough that, even on a quiet machine, a run or a resume lasts longer than the kill delays below.
     */
    private static final String SAMPLES = "131072";
    /** Kills before the run is let to finish: each resume redoes JVM start-up, so more only slow the test. */
    private static final int KILLS = 4;
    private static final List<String> TABLES = List.of("summary.parquet", "binding.parquet", "resources.parquet",
            "samples/part-00000.parquet", "samples/part-00031.parquet", "inputs/part-00017.parquet");

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("-Xmx512m");
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(java(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, err::toString);
        return code;
    }

    private static void assertSameTables(Path expected, Path actual) throws IOException {
        for (String t : TABLES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(t)), Files.readAllBytes(actual.resolve(t)), t);
        }
    }

    private static String[] runArgs(Path out) {
        return new String[] {"run", "--samples", SAMPLES, "--seed", "99", "--threads", "2", "--write-samples",
            "--checkpoint-every", "0", "--quiet", "--out", out.toString()};
    }

    @Test
    void sigkillAtRandomMoments_resumedRepeatedly_identicalToUninterrupted(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference");
        inProcess(runArgs(reference));

        Path out = dir.resolve("killed");
        Path partial = dir.resolve("killed.partial");
        // Delays drawn from a fixed seed, so a failure is reproducible; each child is killed after 0.3 to
        // 1.8 s (JVM start-up included), which lands before, during and between chunks and checkpoints.
        Random delays = new Random(20261128L);
        int kills = 0;
        int attempts = 0;
        while (!Files.exists(out)) {
            assertTrue(++attempts <= KILLS + 1, "the run did not finish after " + KILLS + " kills and one full attempt");
            String[] args = Files.exists(partial)
                    ? new String[] {"resume", out.toString(), "--checkpoint-every", "0", "--quiet"}
                    : runArgs(out);
            Path log = dir.resolve("child-" + attempts + ".log");
            Process p = start(log, args);
            long wait = kills < KILLS ? 300 + delays.nextInt(1500) : TimeUnit.MINUTES.toMillis(5);
            boolean finished = p.waitFor(wait, TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly(); // SIGKILL: no handler, no shutdown hook runs
                p.waitFor();
                kills++;
            } else {
                assertEquals(0, p.exitValue(), () -> "child failed: " + read(log));
            }
        }
        assertTrue(kills >= 2, "the test should kill the run at least twice; it was killed " + kills + " times");
        assertTrue(attempts > kills, "the last attempt finished the run");
        assertFalse(Files.exists(partial));
        assertSameTables(reference, out);
    }

    @Test
    void sigint_writesCheckpointExits130_resumeFinishesIdentically(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference");
        inProcess(runArgs(reference));

        Path out = dir.resolve("interrupted");
        Path partial = dir.resolve("interrupted.partial");
        Path log = dir.resolve("child.log");
        Process p = start(log, runArgs(out));
        // Wait for the first checkpoint, then send SIGINT as Ctrl-C does.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasCheckpoint(partial) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), () -> "the run ended before it could be interrupted: " + read(log));
        // A resume, or a run into the same --out, while the child runs it: refused, naming the child.
        StringWriter busyOut = new StringWriter();
        StringWriter busyErr = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(busyOut), new PrintWriter(busyErr), "resume", out.toString(), "--quiet"));
        assertTrue(busyErr.toString().contains(partial.toAbsolutePath() + ": another chipmc process is running this run now "
                + "(process " + p.pid() + ", since "), busyErr::toString);
        busyErr.getBuffer().setLength(0);
        assertEquals(2, Main.run(new PrintWriter(busyOut), new PrintWriter(busyErr), runArgs(out)));
        assertTrue(busyErr.toString().contains("another chipmc process is running a run there now (process " + p.pid()),
                busyErr::toString);
        busyErr.getBuffer().setLength(0);
        assertEquals(2, Main.run(new PrintWriter(busyOut), new PrintWriter(busyErr), "compare", out.toString(),
                reference.toString()));
        assertTrue(busyErr.toString().contains("not a finished run directory (no summary.parquet) (the run is still going: "
                + "process " + p.pid()), busyErr::toString);
        assertTrue(p.isAlive(), () -> "the refused commands must leave the running child alone: " + read(log));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = read(log);
        assertEquals(130, p.exitValue(), text);
        assertTrue(text.contains("SIGINT: stopping at the next chunk boundary"), text);
        assertTrue(text.contains("continue with: chipmc resume " + out.toAbsolutePath()), text);
        assertTrue(Files.isDirectory(partial));
        assertFalse(Files.exists(out));

        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(o), new PrintWriter(e), "resume", out.toString(), "--quiet"), e::toString);
        assertTrue(o.toString().contains("Results: " + out.toAbsolutePath()), o::toString);
        assertSameTables(reference, out);
    }

    @Test
    void resume_nothingThere_exits2() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(o), new PrintWriter(e), "resume", "no/such/run"));
        assertTrue(e.toString().contains("no unfinished run here"), e::toString);
    }

    @Test
    void run_batchProgressLines_andStoppingRule(@TempDir Path dir) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), "run", "--until-rse", "0.0006", "--samples", "40000",
                "--progress-every", "1", "--out", dir.resolve("r").toString());
        assertEquals(0, code, e::toString);
        // stderr is not a terminal here: progress comes as log lines with the same fields as the bar.
        assertTrue(e.toString().contains("chipmc: running in"), e::toString);
        assertTrue(e.toString().matches("(?s).*samples/s, ETA [0-9:-]+, RSE .*"), e::toString);
        assertTrue(o.toString().contains("stopped: precision target met: relative standard error"), o::toString);
    }

    @Test
    void run_badStoppingRules_exit2() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(o), new PrintWriter(e), "run", "--until-quantile-ci", "0.5"));
        assertTrue(e.toString().contains("expected p:X"), e::toString);
        e.getBuffer().setLength(0);
        assertEquals(2, Main.run(new PrintWriter(o), new PrintWriter(e), "run", "--max-time", "soon"));
        assertTrue(e.toString().contains("'soon' is not a duration"), e::toString);
        e.getBuffer().setLength(0);
        assertEquals(2, Main.run(new PrintWriter(o), new PrintWriter(e), "run", "--until-rse", "-1"));
        assertTrue(e.toString().contains("--until-rse: must be a positive number"), e::toString);
    }

    private static boolean hasCheckpoint(Path partial) throws IOException {
        if (!Files.isDirectory(partial)) {
            return false;
        }
        try (var s = Files.list(partial)) {
            return s.anyMatch(f -> f.getFileName().toString().matches("checkpoint-\\d+\\.bin"));
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
