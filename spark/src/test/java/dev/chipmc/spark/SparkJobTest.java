package dev.chipmc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.run.RunTables;
import dev.chipmc.io.run.SampleParts;
import dev.chipmc.io.sweep.Sweep;
import dev.chipmc.io.sweep.SweepJob;
import dev.chipmc.io.sweep.SweepReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark runs and sweeps against local ones with the same request: the result tables and the per-chunk parts
 * must be byte-identical (the engine is deterministic for a seed, and the driver merges chunks in
 * chunk order as the local run does). One SparkSession in local[2,2] (two threads, a task may fail
 * once and be retried) is shared by the tests; starting one takes seconds.
 */
class SparkJobTest {
    /** 3 full chunks and a short one of 100 samples: 4 chunks, the last shorter than the others. */
    private static final long SAMPLES = 3 * 4096 + 100;
    private static final List<String> TABLES = List.of(RunTables.SUMMARY, RunTables.BINDING, RunTables.RESOURCES,
            RunTables.SENSITIVITY, RunTables.BOTTLENECK);

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,2]").appName("chipmc-spark-test")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static RunRequest request(Path out, boolean writeSamples) {
        return new RunRequest(null, SAMPLES, 42, 2, SamplerKind.MC, out, writeSamples,
                List.of("cowos_l.growth=0.2"), 256L << 20);
    }

    private Path local(boolean writeSamples) throws Exception {
        Path out = tmp.resolve("local");
        RunJob.run(request(out, writeSamples), new PrintStream(new ByteArrayOutputStream()));
        return out;
    }

    @Test
    void run_sameRequest_tablesAndPartsIdenticalToLocalRun() throws Exception {
        Path expected = local(true);
        Path out = tmp.resolve("spark");
        // One chunk per task and two tasks per wave: 4 tasks in 2 waves, so the merge crosses waves.
        SparkRun.Outcome o = SparkRun.run(spark, request(null, true), out.toString(), SparkRun.Split.of(1, 2),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(4, o.tasks());
        assertEquals(SAMPLES, o.result().samples());
        assertSameFiles(expected, out);
        assertFalse(Files.exists(tmp.resolve("spark" + RunJob.PARTIAL_SUFFIX)));
    }

    @Test
    void run_firstAttemptOfOneTaskFails_resultsUnchanged() throws Exception {
        Path expected = local(true);
        Path out = tmp.resolve("spark-retried");
        spark.conf().set(SparkRun.FAIL_FIRST_ATTEMPT_KEY, "1");
        try {
            SparkRun.run(spark, request(null, true), out.toString(), SparkRun.Split.of(1, 4),
                    new PrintStream(new ByteArrayOutputStream()));
        } finally {
            spark.conf().unset(SparkRun.FAIL_FIRST_ATTEMPT_KEY);
        }
        assertSameFiles(expected, out);
    }

    @Test
    void main_runCommand_writesRunDirectory() throws Exception {
        Path out = tmp.resolve("cli");
        int code = ChipmcSparkJob.execute("run", "--samples", "5e3", "--seed", "7", "--sampler", "lhs",
                "--out", out.toString(), "--chunks-per-task", "1");
        assertEquals(0, code);
        for (String t : TABLES) {
            assertTrue(Files.isRegularFile(out.resolve(t)), t);
        }
        String manifest = Files.readString(out.resolve(RunJob.RUN_JSON));
        assertTrue(manifest.contains("\"status\" : \"complete\""), manifest);
        assertTrue(manifest.contains("\"samples\" : 5000"), manifest);
    }

    @Test
    void sweep_twoPoints_tablesIdenticalToLocalSweep() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, """
                parameters:
                  share: {path: shares.cowos-l.blackwell-ultra-class}
                design:
                  kind: list
                  points: [{share: 0.55}, {share: 0.6}]
                """);
        Sweep sweep = SweepReader.read(f).withSamples(4096);
        Path expected = tmp.resolve("sweep-local");
        SweepJob.run(sweep, expected, 2, SweepJob.quietControl(), new PrintStream(new ByteArrayOutputStream()));
        Path out = tmp.resolve("sweep-spark");
        SparkSweep.Outcome o = SparkSweep.run(spark, sweep, out.toString(), 1, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, o.points());
        for (String t : List.of(SweepJob.POINTS, SweepJob.SWEEP_SUMMARY)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(t)), Files.readAllBytes(out.resolve(t)), t);
        }
        for (Sweep.Point p : sweep.points()) {
            String d = Sweep.pointDirName(p.id());
            assertEquals(list(expected.resolve(d)), list(out.resolve(d)), d);
            for (String t : TABLES) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(d).resolve(t)), Files.readAllBytes(out.resolve(d).resolve(t)),
                        d + "/" + t);
            }
        }
        // A local sweep keeps the lock file that claimed its directory (docs/sweeps.md); a Spark sweep is staged
        // under another name instead.
        List<String> local = new java.util.ArrayList<>(list(expected));
        assertTrue(local.remove(dev.chipmc.io.DirectoryLock.FILE), local::toString);
        assertEquals(local, list(out));
    }

    /** Every result table and every part, byte for byte; nothing else but run.json in the Spark run. */
    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        for (String t : TABLES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(t)), Files.readAllBytes(actual.resolve(t)), t);
        }
        for (String d : List.of(SampleParts.SAMPLES_DIR, SampleParts.INPUTS_DIR)) {
            assertEquals(list(expected.resolve(d)), list(actual.resolve(d)), d);
            for (String f : list(expected.resolve(d))) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(d).resolve(f)),
                        Files.readAllBytes(actual.resolve(d).resolve(f)), d + "/" + f);
            }
        }
        assertEquals(list(expected), list(actual));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
