package dev.chipmc.io.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.run.StoppingRules;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DirectoryLock;
import dev.chipmc.io.parquet.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints, interruption, resume, stopping rules and faults of the run directory (the overnight
 * issue). "Identical" means byte-identical Parquet files: the same merged state gives the same bytes.
 */
class ResumeTest {
    /** 6 chunks of 4096 (the last one short). */
    private static final long SAMPLES = 22_000;
    private static final List<String> TABLES = List.of("summary.parquet", "binding.parquet", "resources.parquet",
            "sensitivity.parquet", "bottleneck.parquet",
            "samples/part-00000.parquet", "samples/part-00005.parquet", "inputs/part-00003.parquet");

    @TempDir
    static Path shared;
    static Path reference;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static RunRequest request(Path out, int threads, StoppingRules rules) {
        return new RunRequest(null, SAMPLES, 11, threads, SamplerKind.MC, out, true, List.of(),
                Accumulator.DEFAULT_BUDGET_BYTES, rules);
    }

    /** Checkpoints after every chunk; asks to stop once {@code stopAfter} samples are merged (0: never). */
    private static RunControl control(long stopAfter, RunControl.WriteHook hook) {
        RunControl[] self = new RunControl[1];
        RunMonitor monitor = new RunMonitor() {
            @Override
            public void progress(Progress p) {
                if (stopAfter > 0 && p.samplesDone() >= stopAfter) {
                    self[0].requestStop();
                }
            }
        };
        self[0] = new RunControl(Duration.ZERO, monitor, hook);
        return self[0];
    }

    @BeforeAll
    static void uninterrupted() throws Exception {
        reference = RunJob.run(request(shared.resolve("reference"), 2, StoppingRules.NONE), QUIET).directory();
    }

    private static void assertSameTables(Path expected, Path actual) throws IOException {
        for (String t : TABLES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(t)), Files.readAllBytes(actual.resolve(t)), t);
        }
    }

    private static JsonNode runJson(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("run.json").toFile());
    }

    @Test
    void interrupt_thenResume_identicalToUninterrupted() throws Exception {
        Path out = shared.resolve("interrupted");
        RunJob.Outcome first = RunJob.run(request(out, 2, StoppingRules.NONE), control(8_000, RunControl.WriteHook.NONE), QUIET);
        assertEquals(RunJob.Status.INTERRUPTED, first.status());
        assertEquals(out.resolveSibling("interrupted.partial"), first.directory());
        assertFalse(Files.exists(out), "nothing under the final name until complete");
        JsonNode j = runJson(first.directory());
        assertEquals("interrupted", j.get("status").asText());
        assertEquals(2, j.get("chunks_done").asLong());
        assertEquals(8_192, j.get("samples_done").asLong());
        assertEquals(4, j.get("parts").size(), "samples and inputs parts of chunks 0 and 1");

        // Resume with another thread count, and interrupt it once more before it finishes.
        RunJob.Outcome second = RunJob.resume(out, OptionalInt.of(1), false, control(16_000, RunControl.WriteHook.NONE), QUIET);
        assertEquals(RunJob.Status.INTERRUPTED, second.status());
        RunJob.Outcome last = RunJob.resume(first.directory(), OptionalInt.empty(), false, RunControl.quiet(), QUIET);
        assertEquals(RunJob.Status.COMPLETE, last.status());
        assertEquals(out.toAbsolutePath(), last.directory());
        assertFalse(Files.exists(first.directory()));
        assertSameTables(reference, out);
        JsonNode done = runJson(out);
        assertEquals("complete", done.get("status").asText());
        assertEquals("sample budget reached", done.get("stop_reason").asText());
        assertEquals(SAMPLES, done.get("samples").asLong());
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("checkpoint")), "checkpoint removed at completion");
        }
    }

    @Test
    void diskFullAtACheckpoint_clearErrorLastCheckpointUsable_resumeIdentical() throws Exception {
        Path out = shared.resolve("diskfull");
        AtomicInteger checkpoints = new AtomicInteger();
        // The third checkpoint write fails as a full disk does; the injected exception carries the path.
        RunControl.WriteHook full = target -> {
            if (target.getFileName().toString().startsWith("checkpoint-") && checkpoints.incrementAndGet() == 3) {
                throw new java.nio.file.FileSystemException(target.toString(), null, "No space left on device");
            }
        };
        IOException e = assertThrows(IOException.class, () -> RunJob.run(request(out, 2, StoppingRules.NONE), control(0, full), QUIET));
        assertTrue(e.getMessage().contains("checkpoint-000000003.bin: No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("chipmc resume " + out.toAbsolutePath()), e.getMessage());
        Path partial = out.resolveSibling("diskfull.partial");
        JsonNode j = runJson(partial);
        assertEquals("failed", j.get("status").asText());
        assertEquals(2, j.get("chunks_done").asLong());
        assertFalse(Files.exists(out));
        RunJob.Outcome o = RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET);
        assertEquals(RunJob.Status.COMPLETE, o.status());
        assertSameTables(reference, out);
    }

    @Test
    void unwritableRunDirectoryMidRun_reportedWithPath() throws Exception {
        Path out = shared.resolve("unwritable");
        RunControl.WriteHook denied = target -> {
            if (target.getFileName().toString().equals("run.json") && Files.exists(target)) {
                throw new java.nio.file.AccessDeniedException(target.toString(), null, "Permission denied");
            }
        };
        IOException e = assertThrows(IOException.class, () -> RunJob.run(request(out, 1, StoppingRules.NONE), control(0, denied), QUIET));
        assertTrue(e.getMessage().contains("run.json: Permission denied"), e.getMessage());
    }

    private static Path interruptedRun(String name) throws Exception {
        Path out = shared.resolve(name);
        RunJob.Outcome o = RunJob.run(request(out, 2, StoppingRules.NONE), control(12_000, RunControl.WriteHook.NONE), QUIET);
        assertEquals(RunJob.Status.INTERRUPTED, o.status());
        return out;
    }

    @Test
    void corruptCheckpoint_detectedOnResume_neverUsed() throws Exception {
        Path out = interruptedRun("corrupt-checkpoint");
        Path partial = out.resolveSibling("corrupt-checkpoint.partial");
        Path cp = partial.resolve(runJson(partial).get("checkpoint").get("file").asText());
        byte[] b = Files.readAllBytes(cp);
        b[b.length / 2] ^= 1;
        Files.write(cp, b);
        BadInputException e = assertThrows(BadInputException.class,
                () -> RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertTrue(e.getMessage().contains(cp.toString()) && e.getMessage().contains("corrupt or truncated checkpoint"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void truncatedPart_detectedOnResume() throws Exception {
        Path out = interruptedRun("truncated-part");
        Path part = out.resolveSibling("truncated-part.partial").resolve("samples/part-00001.parquet");
        byte[] b = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(b, b.length - 100));
        BadInputException e = assertThrows(BadInputException.class,
                () -> RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertTrue(e.getMessage().contains(part.toString()) && e.getMessage().contains("corrupt or truncated part"),
                e.getMessage());
    }

    @Test
    void changedVersion_refusedUnlessForced() throws Exception {
        Path out = interruptedRun("other-version");
        Path manifest = out.resolveSibling("other-version.partial").resolve("run.json");
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        j.put("version", "0.0.1-old");
        Files.writeString(manifest, j.toString());
        BadInputException e = assertThrows(BadInputException.class,
                () -> RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertTrue(e.getMessage().contains("started by chipmc 0.0.1-old") && e.getMessage().contains("--force"), e.getMessage());
        RunJob.Outcome o = RunJob.resume(out, OptionalInt.empty(), true, RunControl.quiet(), QUIET);
        assertEquals(RunJob.Status.COMPLETE, o.status());
        assertSameTables(reference, out);
    }

    /** A run of the built-in scenario's text copied to {@code scenario}, interrupted after its first chunks. */
    private static Path interruptedRunOfFile(Path scenario, Path out) throws Exception {
        Files.writeString(scenario, dev.chipmc.io.scenario.ScenarioLoader.builtInText());
        RunRequest req = new RunRequest(scenario, SAMPLES, 11, 2, SamplerKind.MC, out, false, List.of(),
                Accumulator.DEFAULT_BUDGET_BYTES, StoppingRules.NONE);
        assertEquals(RunJob.Status.INTERRUPTED, RunJob.run(req, control(5_000, RunControl.WriteHook.NONE), QUIET).status());
        return out;
    }

    @Test
    void changedScenarioFile_refusedUnlessForced(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Path out = interruptedRunOfFile(scenario, dir.resolve("run"));
        Files.writeString(scenario, Files.readString(scenario).replace("tri(90e3, 105e3, 120e3)", "tri(80e3, 95e3, 110e3)"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertTrue(e.getMessage().contains("scenario changed") && e.getMessage().contains(scenario.toString()), e.getMessage());
        assertEquals(RunJob.Status.COMPLETE, RunJob.resume(out, OptionalInt.empty(), true, RunControl.quiet(), QUIET).status());
    }

    /**
     * A second {@code resume} (or {@code run --out} the same place) while the run is going would write
     * checkpoints and parts into the same directory: both are refused, saying who runs it, and the
     * running run finishes as if they had not been tried.
     */
    @Test
    void resumeOrRunWhileTheRunIsGoing_refused_theRunFinishesUnharmed() throws Exception {
        Path out = shared.resolve("busy");
        Path partial = out.resolveSibling("busy.partial");
        Exception[] tried = new Exception[2];
        RunMonitor monitor = new RunMonitor() {
            @Override
            public void progress(Progress p) {
                if (tried[0] == null) {
                    tried[0] = assertThrows(BadInputException.class,
                            () -> RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
                    tried[1] = assertThrows(BadInputException.class,
                            () -> RunJob.run(request(out, 1, StoppingRules.NONE), QUIET));
                }
            }
        };
        RunJob.Outcome o = RunJob.run(request(out, 2, StoppingRules.NONE),
                new RunControl(Duration.ZERO, monitor, RunControl.WriteHook.NONE), QUIET);
        String pid = "process " + ProcessHandle.current().pid() + ", since ";
        assertTrue(tried[0].getMessage().startsWith(partial + ": another chipmc process is running this run now (" + pid)
                && tried[0].getMessage().contains("wait for it to finish, or stop it"), tried[0].getMessage());
        assertTrue(tried[1].getMessage().contains("another chipmc process is running a run there now (" + pid)
                && tried[1].getMessage().contains("choose another --out"), tried[1].getMessage());
        assertEquals(RunJob.Status.COMPLETE, o.status());
        assertSameTables(reference, out);
        assertFalse(Files.exists(out.resolve(DirectoryLock.FILE)), "the finished directory holds no lock file");
        assertFalse(Files.exists(partial));
    }

    @Test
    void killedRunsLeftOverLockFile_doesNotBlockResume() throws Exception {
        Path out = interruptedRun("left-lock");
        Path partial = out.resolveSibling("left-lock.partial");
        // What a SIGKILL leaves: the file without the lock, which the system dropped with the process.
        Files.writeString(partial.resolve(DirectoryLock.FILE), "process 1, since 2026-12-01T00:00:00Z\n");
        assertEquals(RunJob.Status.COMPLETE, RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET).status());
        assertSameTables(reference, out);
        assertFalse(Files.exists(out.resolve(DirectoryLock.FILE)), "the finished directory holds no lock file");
    }

    @Test
    void scenarioFileGone_saysWhichAndHowToContinue(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Path out = interruptedRunOfFile(scenario, dir.resolve("run"));
        Path moved = Files.move(scenario, dir.resolve("elsewhere.yaml"));
        Path partial = dir.resolve("run.partial");
        BadInputException e = assertThrows(BadInputException.class,
                () -> RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertEquals(partial + ": the run was started from " + scenario + ", which is not there any more; put it back to "
                + "continue (" + partial.resolve("run.json") + " keeps the scenario as it was resolved, under 'scenario')",
                e.getMessage());
        Files.move(moved, scenario);
        assertEquals(RunJob.Status.COMPLETE, RunJob.resume(out, OptionalInt.empty(), false, RunControl.quiet(), QUIET).status());
    }

    @Test
    void resume_nothingToResume_clearMessages() throws Exception {
        BadInputException none = assertThrows(BadInputException.class,
                () -> RunJob.resume(shared.resolve("nope"), OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertTrue(none.getMessage().contains("no unfinished run here"), none.getMessage());
        BadInputException complete = assertThrows(BadInputException.class,
                () -> RunJob.resume(reference, OptionalInt.empty(), false, RunControl.quiet(), QUIET));
        assertTrue(complete.getMessage().contains("already complete"), complete.getMessage());
    }

    @Test
    void untilRse_stopsAtTheSameChunkWhateverTheThreads() throws Exception {
        // The headline's coefficient of variation is about 0.06, so its RSE is about 0.06 / sqrt(n):
        // 0.0009 after one chunk (4096), 0.00053 after three; 0.0006 stops the run after chunk 2 or 3,
        // well inside the budget of 6.
        StoppingRules rules = new StoppingRules(0.0006, Double.NaN, Double.NaN, null);
        RunJob.Outcome a = RunJob.run(request(shared.resolve("rse-1"), 1, rules), QUIET);
        RunJob.Outcome b = RunJob.run(request(shared.resolve("rse-2"), 2, rules), QUIET);
        assertTrue(a.stopReason().startsWith("precision target met: relative standard error"), a.stopReason());
        assertTrue(a.result().samples() > 4096 && a.result().samples() < SAMPLES, "stopped early: " + a.result().samples());
        assertEquals(a.result().samples(), b.result().samples());
        assertArrayEquals(Files.readAllBytes(a.directory().resolve("summary.parquet")),
                Files.readAllBytes(b.directory().resolve("summary.parquet")));
        Table t = Table.read(a.directory().resolve("summary.parquet"));
        assertEquals(a.stopReason(), t.metadata().get("chipmc.stop_reason"));
        assertEquals(true, runJson(a.directory()).get("precision_met").asBoolean());
        // No part of a chunk after the stopping point is left behind.
        try (Stream<Path> s = Files.list(a.directory().resolve("samples"))) {
            assertEquals(a.result().chunksDone(), s.count());
        }
    }

    @Test
    void maxTime_stopsAndRecordsThatThePrecisionTargetWasNotMet() throws Exception {
        StoppingRules rules = new StoppingRules(1e-9, Double.NaN, Double.NaN, Duration.ofMillis(1));
        RunJob.Outcome o = RunJob.run(request(shared.resolve("maxtime"), 1, rules), QUIET);
        assertEquals(RunJob.Status.COMPLETE, o.status());
        assertTrue(o.stopReason().contains("max-time") && o.stopReason().contains("not met"), o.stopReason());
        JsonNode j = runJson(o.directory());
        assertFalse(j.get("precision_met").asBoolean());
        assertNotEquals(SAMPLES, j.get("samples").asLong());
    }

    @Test
    void untilQuantileCi_stopsWhenTheIntervalIsNarrow() throws Exception {
        // Checked every 16 chunks: with 40 chunks of budget it can stop at 16 or 32 chunks.
        StoppingRules rules = new StoppingRules(Double.NaN, 0.5, 0.05, null);
        RunRequest req = new RunRequest(null, 40 * 4096, 3, 2, SamplerKind.LHS, shared.resolve("qci"), false, List.of(),
                Accumulator.DEFAULT_BUDGET_BYTES, rules);
        RunJob.Outcome o = RunJob.run(req, QUIET);
        assertTrue(o.stopReason().contains("95% CI of the 0.5 quantile"), o.stopReason());
        assertEquals(0, o.result().chunksDone() % StoppingRules.QUANTILE_CHECK_EVERY);
    }
}
