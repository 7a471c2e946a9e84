package dev.chipmc.io.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.BadInputException;
import dev.chipmc.io.run.RunControl;
import dev.chipmc.io.run.RunMonitor;
import dev.chipmc.io.scenario.ScenarioException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    /** Two products on separate resources: b.growth moves pb and nothing of pa. */
    static final String SCENARIO = """
            name: two
            periods: {start: 2026Q1, count: 4}
            inputs:
              a.growth: tri(0.0, 0.05, 0.10)
              b.growth: tri(0.0, 0.05, 0.10)
            resources:
              ra:
                production: {ramp: {start: "uni(900, 1100)", growth: a.growth}}
              rb:
                production: {ramp: {start: "uni(900, 1100)", growth: b.growth}}
            products:
              - name: pa
                bom: {other: [{resource: ra, count: 1}]}
                target: 1000
              - name: pb
                bom: {other: [{resource: rb, count: 1}]}
            events:
              outage: {probability: 0.1, resources: [ra], cut: 0.5}
            """;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    Path sweepFile(String body) throws Exception {
        Files.writeString(tmp.resolve("two.yaml"), SCENARIO);
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "base: two.yaml\nsamples: 8192\n" + body);
        return f;
    }

    @Test
    void grid_fullFactorialFirstParameterSlowest() throws Exception {
        Sweep s = SweepReader.read(sweepFile("""
                design: grid
                parameters:
                  b.growth: [0.01, 0.02]
                  launch: {paths: [resources.rb.production.ramp.at, events.outage.probability], values: [0, 1, "0.5"]}
                """));
        assertEquals(6, s.points().size());
        assertEquals(List.of("b.growth=0.02", "resources.rb.production.ramp.at=1", "events.outage.probability=1"),
                s.assignments(s.points().get(4)));
        assertEquals(List.of(5L), s.points().stream().map(Sweep.Point::seed).distinct().map(x -> 5L).toList());
    }

    @Test
    void list_explicitPointsMissingParameterStaysBase() throws Exception {
        Sweep s = SweepReader.read(sweepFile("""
                design:
                  kind: list
                  points:
                    - {b.growth: 0.01, share: 0.5}
                    - {share: 0.2}
                parameters:
                  b.growth: {}
                  share: {path: events.outage.cut}
                """));
        assertEquals(2, s.points().size());
        assertNull(s.points().get(1).values().get(0));
        assertEquals(List.of("events.outage.cut=0.2"), s.assignments(s.points().get(1)));
    }

    @Test
    void oat_basePointThenOneParameterAtATime() throws Exception {
        Sweep s = SweepReader.read(sweepFile("""
                design: oat
                parameters:
                  a.growth: {values: [0.01, 0.05, 0.09], base: 0.05}
                  b.growth: [0.02, 0.08]
                """));
        // Point 0: a at its base 0.05, b as in the scenario; then a = 0.01, 0.09 (0.05 is the base point);
        // then b = 0.02, 0.08 with a at 0.05: 1 + 2 + 2 = 5 points.
        assertEquals(5, s.points().size());
        assertEquals(List.of("a.growth=0.05"), s.assignments(s.points().get(0)));
        assertEquals(List.of("a.growth=0.09"), s.assignments(s.points().get(2)));
        assertEquals(List.of("a.growth=0.05", "b.growth=0.08"), s.assignments(s.points().get(4)));
    }

    @Test
    void lhs_oneValuePerStratumAndReproducibleForASeed() throws Exception {
        String body = """
                design: {kind: lhs, points: 10, seed: 7}
                parameters:
                  a.growth: {range: [0, 0.1]}
                  launch: {path: resources.rb.production.ramp.at, range: [0, 3], integer: true}
                """;
        Sweep s = SweepReader.read(sweepFile(body));
        assertEquals(10, s.points().size());
        boolean[] stratum = new boolean[10];
        for (Sweep.Point p : s.points()) {
            double v = p.values().get(0).number();
            stratum[(int) Math.floor(v / 0.01)] = true;
            double at = p.values().get(1).number();
            assertEquals(Math.rint(at), at);
        }
        for (boolean hit : stratum) {
            assertTrue(hit, "every tenth of [0, 0.1] holds exactly one point");
        }
        assertEquals(s.points(), SweepReader.read(sweepFile(body)).points());
    }

    @Test
    void badPathWrongKindEmptyDesign_allReportedAtOnceWithLineAndColumn() throws Exception {
        Path f = sweepFile("""
                design: grid
                parameters:
                  b.growht: [0.1]
                  a.growth: [abc]
                  cut: {path: events.outage.cutt, values: [0.1]}
                  none: {path: events.outage.probability, values: []}
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> SweepReader.read(f));
        String m = e.getMessage();
        assertTrue(m.contains(f + ":5:3: parameters.b.growht: unknown input 'b.growht'; did you mean 'b.growth'?"), m);
        assertTrue(m.contains(f + ":6:14: a.growth: expected a number or a distribution"), m);
        // A missing last key is added to its map (to override a default), so the scenario reader reports it.
        assertTrue(m.contains(f + ":7:15: events.outage.cutt: unknown key 'cutt'; did you mean 'cut'?"), m);
        assertTrue(m.contains(f + ":8:51: parameters.none.values: empty design"), m);
        assertEquals(4, e.problems().size(), m);
    }

    @Test
    void unknownSampler_reportedWithLineAndColumnOnce() throws Exception {
        Path f = sweepFile("""
                sampler: halton
                design: grid
                parameters:
                  b.growth: [0.05]
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> SweepReader.read(f));
        assertTrue(e.getMessage().contains(f + ":3:10: sampler: unknown sampler 'halton'; choose one of mc, lhs, sobol"),
                e.getMessage());
    }

    @Test
    void samples_scientificNotationAndUnderscoresAccepted_fractionsReportedWithLineAndColumn() throws Exception {
        Files.writeString(tmp.resolve("two.yaml"), SCENARIO);
        String design = "design: grid\nparameters:\n  b.growth: [0.01]\n";
        Path f = tmp.resolve("sci.yaml");
        Files.writeString(f, "base: two.yaml\nsamples: 2.5e4\nseed: 1_000\n" + design);
        Sweep s = SweepReader.read(f);
        assertEquals(25_000, s.samples());
        assertEquals(1_000, s.seed());
        Files.writeString(f, "base: two.yaml\nsamples: 1.5e0\n" + design);
        ScenarioException e = assertThrows(ScenarioException.class, () -> SweepReader.read(f));
        assertTrue(e.getMessage().contains(f + ":2:10: samples: expected a whole number such as 100000, 1_000_000 or 1e6, "
                + "got '1.5e0'"), e.getMessage());
        Files.writeString(f, "base: two.yaml\nsamples: 0\n" + design);
        e = assertThrows(ScenarioException.class, () -> SweepReader.read(f));
        assertTrue(e.getMessage().contains(f + ":2:10: samples: must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void sweep_hivePartitionsAgreeWithSweepSummaryAndResumeSkipsFinishedPoints() throws Exception {
        Sweep s = SweepReader.read(sweepFile("""
                design: grid
                parameters:
                  b.growth: [0.05, 0.06, 0.07]
                """));
        Path dir = tmp.resolve("out");
        // Interrupt in point 1: its directory stays point=0001.partial, point 0 is complete.
        RunControl[] holder = new RunControl[1];
        int[] started = {0};
        holder[0] = new RunControl(java.time.Duration.ZERO, new RunMonitor() {
            @Override
            public void started(Path directory, long done, long total) {
                if (++started[0] == 2) {
                    holder[0].requestStop();
                }
            }
        }, RunControl.WriteHook.NONE);
        SweepJob.Outcome first = SweepJob.run(s, dir, 2, holder[0], QUIET);
        assertEquals(SweepJob.Status.INTERRUPTED, first.status());
        assertTrue(Files.isDirectory(dir.resolve("point=0001.partial")));
        FileTime before = Files.getLastModifiedTime(dir.resolve("point=0000/summary.parquet"));
        SweepJob.Outcome second = SweepJob.run(s, dir, 2, SweepJob.quietControl(), QUIET);
        assertEquals(SweepJob.Status.COMPLETE, second.status());
        assertEquals(List.of(0), second.skipped());
        assertEquals(List.of(1), second.resumed());
        assertEquals(List.of(2), second.ran());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("point=0000/summary.parquet")));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String parts = "read_parquet('" + dir + "/point=*/summary.parquet', hive_partitioning=true)";
            String sweep = "'" + dir.resolve(SweepJob.SWEEP_SUMMARY) + "'";
            assertEquals(3, one(st, "SELECT count(DISTINCT point) FROM " + parts));
            long expected = one(st, "SELECT count(*) FROM " + parts + " WHERE metric = 'good' AND span <> 'period'");
            assertEquals(expected, one(st, "SELECT count(*) FROM " + sweep));
            assertEquals(expected, one(st, "SELECT count(*) FROM " + sweep + " s JOIN " + parts + " p USING "
                    + "(point, metric, product, period) WHERE s.mean = p.mean AND s.p50 = p.p50 AND s.p95 = p.p95"));
            assertEquals(3, one(st, "SELECT count(DISTINCT \"b.growth\") FROM " + sweep));
            assertEquals(3, one(st, "SELECT count(*) FROM '" + dir.resolve(SweepJob.POINTS) + "'"));
            // Common random numbers: pa does not use rb, so its results are identical at every point.
            assertEquals(1, one(st, "SELECT count(DISTINCT (mean, p05, p50, p95)) FROM " + sweep
                    + " WHERE product = 'pa' AND span = 'horizon'"));
        }
    }

    @Test
    void outIsSomeOtherDirectory_refusedAndLeftAsItWas() throws Exception {
        Sweep s = SweepReader.read(sweepFile("""
                design: grid
                parameters:
                  b.growth: [0.05]
                """));
        Path dir = Files.createDirectory(tmp.resolve("notes"));
        Files.writeString(dir.resolve("todo.txt"), "mine");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepJob.run(s, dir, 1, SweepJob.quietControl(), QUIET));
        assertTrue(e.getMessage().contains("exists and is not a sweep directory; choose another"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("todo.txt"), files.map(f -> f.getFileName().toString()).toList());
        }
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        e = assertThrows(BadInputException.class, () -> SweepJob.run(s, file, 1, SweepJob.quietControl(), QUIET));
        assertTrue(e.getMessage().contains("exists and is not a directory"), e.getMessage());
    }

    /** The same sweep started twice at once would run the same points into the same directories. */
    @Test
    void sameSweepWhileItRuns_refusedWithWhoRunsIt() throws Exception {
        Sweep s = SweepReader.read(sweepFile("""
                design: grid
                parameters:
                  b.growth: [0.05, 0.06]
                """));
        Path dir = tmp.resolve("busy");
        Exception[] second = new Exception[1];
        RunControl control = new RunControl(java.time.Duration.ZERO, new RunMonitor() {
            @Override
            public void started(Path directory, long done, long total) {
                if (second[0] == null) {
                    second[0] = assertThrows(BadInputException.class,
                            () -> SweepJob.run(s, dir, 1, SweepJob.quietControl(), QUIET));
                }
            }
        }, RunControl.WriteHook.NONE);
        assertEquals(SweepJob.Status.COMPLETE, SweepJob.run(s, dir, 2, control, QUIET).status());
        String m = second[0].getMessage();
        assertTrue(m.startsWith(dir.toAbsolutePath() + ": another chipmc process is running this sweep now (process "
                + ProcessHandle.current().pid() + ", since ") && m.contains("run the same command again"), m);
        assertEquals(SweepJob.Status.COMPLETE, SweepJob.run(s, dir, 2, SweepJob.quietControl(), QUIET).status(),
                "run again once the first has finished: every point is skipped as complete");
    }

    @Test
    void commonRandomNumbers_differenceOfNearbyPointsHasFarSmallerVariance() throws Exception {
        String body = """
                write_samples: true
                design: grid
                parameters:
                  b.growth: [0.05, 0.06]
                """;
        Sweep s = SweepReader.read(sweepFile(body));
        double crn = differenceVariance(s, tmp.resolve("crn"));
        double independent = differenceVariance(s.withIndependentStreams(true), tmp.resolve("ind"));
        // pb in 2026Q4 is start * (1 + g)^3 (times nothing else: rb has no event). With common
        // random numbers both points share `start` ~ uni(900, 1100) (sd 57.7), so the difference is
        // start * (1.06^3 - 1.05^3) with sd about 57.7 * 0.033 = 1.9, variance about 3.6. With
        // independent streams it is the difference of two independent starts, variance about
        // 2 * (57.7 * 1.16)^2 = 9,000. The ratio is about 4e-4; with 8192 samples the variance
        // estimates are within a few per cent, so the bound 0.05 cannot fail by sampling noise.
        assertTrue(crn < 0.05 * independent, "CRN " + crn + " vs independent " + independent);
        assertTrue(crn > 0, "the parameter moves pb");
    }

    private static double differenceVariance(Sweep s, Path dir) throws Exception {
        SweepJob.run(s, dir, 2, SweepJob.quietControl(), QUIET);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String q = "SELECT var_samp(b.good - a.good) FROM '" + dir + "/point=0000/samples/*.parquet' a JOIN '" + dir
                    + "/point=0001/samples/*.parquet' b USING (sample_id, product, period) WHERE product = 'pb' AND period = '2026Q4'";
            try (ResultSet r = st.executeQuery(q)) {
                r.next();
                return r.getDouble(1);
            }
        }
    }

    private static long one(Statement st, String sql) throws Exception {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}
