package dev.chipmc.io.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DurableFiles;
import dev.chipmc.io.parquet.Table;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipmc run} as the io layer does it: the run directory's files, read back by DuckDB as a
 * notebook would, and their agreement with each other.
 */
class RunJobTest {
    /** Two full chunks and a short one (4096 per chunk): merging and a partial last part are exercised. */
    private static final long SAMPLES = 9_000;

    @TempDir
    static Path shared;
    static Path run;
    static Connection duck;

    private static RunRequest request(Path out, int threads, boolean samples, List<String> sets) {
        return new RunRequest(null, SAMPLES, 7, threads, SamplerKind.MC, out, samples, sets,
                Accumulator.DEFAULT_BUDGET_BYTES);
    }

    private static RunJob.Outcome quietRun(RunRequest req) throws Exception {
        return RunJob.run(req, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void setUp() throws Exception {
        run = quietRun(request(shared.resolve("run-2t"), 2, true, List.of())).directory();
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void tearDown() throws SQLException {
        duck.close();
    }

    private static String q(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    private static double scalar(String sql) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getDouble(1);
        }
    }

    @Test
    void run_directory_hasEveryTableAndNoTemporaryLeftovers() throws IOException {
        assertTrue(Files.isRegularFile(run.resolve("summary.parquet")));
        assertTrue(Files.isRegularFile(run.resolve("binding.parquet")));
        assertTrue(Files.isRegularFile(run.resolve("resources.parquet")));
        assertTrue(Files.isRegularFile(run.resolve("sensitivity.parquet")));
        assertTrue(Files.isRegularFile(run.resolve("bottleneck.parquet")));
        assertTrue(Files.isRegularFile(run.resolve("run.json")));
        // 9000 samples in chunks of 4096: parts 0, 1 and 2.
        for (String dir : new String[] {"samples", "inputs"}) {
            try (Stream<Path> s = Files.list(run.resolve(dir))) {
                assertEquals(List.of("part-00000.parquet", "part-00001.parquet", "part-00002.parquet"),
                        s.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
        try (Stream<Path> s = Files.walk(run.getParent())) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".tmp")), "temporary files left");
        }
    }

    /**
     * sensitivity.parquet against the exact Spearman correlation DuckDB computes from samples/ and
     * inputs/ (average ranks: rank() plus half the ties), for the horizon's total good packages and
     * the five inputs it ranks strongest. The chunk-averaged estimate (chunks of 4096, 4096 and 808)
     * and the exact one are two estimators of the same rho from the same 9000 samples, each with a
     * standard deviation of at most about 1.06 / sqrt(9000) = 0.011; 0.03 bounds their difference
     * (seed fixed, so the test is deterministic).
     */
    @Test
    void duckdb_sensitivity_matchesExactSpearmanOfSamples() throws SQLException {
        String sens = q(run.resolve("sensitivity.parquet"));
        String samples = q(run.resolve("samples/*.parquet"));
        String inputs = q(run.resolve("inputs/*.parquet"));
        List<String> top = new java.util.ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT input FROM " + sens
                + " WHERE output = 'good all all' AND spearman IS NOT NULL ORDER BY abs(spearman) DESC LIMIT 5")) {
            while (rs.next()) {
                top.add(rs.getString(1));
            }
        }
        assertEquals(5, top.size());
        for (String input : top) {
            String col = "\"" + input.replace("\"", "\"\"") + "\"";
            double exact = scalar("WITH t AS (SELECT sample_id, sum(s.good) AS y, any_value(i." + col + ") AS x FROM "
                    + samples + " s JOIN " + inputs + " i USING (sample_id) GROUP BY sample_id), "
                    + "r AS (SELECT rank() OVER (ORDER BY x) + (count(*) OVER (PARTITION BY x) - 1) / 2.0 AS rx, "
                    + "rank() OVER (ORDER BY y) + (count(*) OVER (PARTITION BY y) - 1) / 2.0 AS ry FROM t) "
                    + "SELECT corr(rx, ry) FROM r");
            double chunked = scalar("SELECT spearman FROM " + sens + " WHERE output = 'good all all' AND input = '"
                    + input.replace("'", "''") + "'");
            assertEquals(exact, chunked, 0.03, input);
        }
        assertTrue(Math.abs(scalar("SELECT spearman FROM " + sens + " WHERE output = 'good all all' AND input = '"
                + top.get(0).replace("'", "''") + "'")) > 0.2);
        assertEquals(3, scalar("SELECT max(chunks) FROM " + sens));
    }

    /**
     * bottleneck.parquet: its binding frequencies are binding.parquet's, every row was relaxed on the
     * same ceil(9000 / 64) = 141 samples, and each (product, period) lists its bill of materials.
     */
    @Test
    void duckdb_bottleneck_agreesWithBindingTable() throws SQLException {
        String b = q(run.resolve("bottleneck.parquet"));
        String bind = q(run.resolve("binding.parquet"));
        assertEquals(0, scalar("SELECT count(*) FROM " + b + " x JOIN " + bind
                + " y ON x.product = y.product AND x.period = y.period AND x.resource = y.binding"
                + " WHERE x.frequency_binding <> y.frequency OR x.binding_count <> y.count"));
        assertEquals(scalar("SELECT count(*) FROM " + b), scalar("SELECT count(*) FROM " + b + " x JOIN " + bind
                + " y ON x.product = y.product AND x.period = y.period AND x.resource = y.binding"));
        assertEquals(141, scalar("SELECT min(relaxed_samples) FROM " + b));
        assertEquals(141, scalar("SELECT max(relaxed_samples) FROM " + b));
        assertTrue(scalar("SELECT max(mean_volume_lost) FROM " + b) > 0);
        assertEquals(0, scalar("SELECT count(*) FROM " + b + " WHERE mean_volume_lost IS NULL OR isnan(mean_volume_lost)"));
    }

    @Test
    void duckdb_meanOfGoodFromSamples_equalsSummary() throws SQLException {
        // The summary's mean of good packages of one product in one period against DuckDB's average over
        // the per-sample table: the same 9000 doubles summed in another order, so equal to 1e-12 relative.
        String sql = "SELECT avg(good) FROM read_parquet(" + q(run.resolve("samples")) + " || '/*.parquet') "
                + "WHERE product = 'blackwell-ultra-class' AND period = '2026Q3'";
        double fromSamples = scalar(sql);
        double fromSummary = scalar("SELECT mean FROM " + q(run.resolve("summary.parquet"))
                + " WHERE metric = 'good' AND product = 'blackwell-ultra-class' AND period = '2026Q3'");
        assertEquals(fromSummary, fromSamples, Math.abs(fromSummary) * 1e-12);

        // Horizon total of all products: per-sample sums, then the mean.
        double total = scalar("SELECT avg(t) FROM (SELECT sample_id, sum(good) t FROM read_parquet("
                + q(run.resolve("samples")) + " || '/*.parquet') GROUP BY sample_id)");
        double totalSummary = scalar("SELECT mean FROM " + q(run.resolve("summary.parquet"))
                + " WHERE metric = 'good' AND product = 'all' AND period = 'all'");
        assertEquals(totalSummary, total, Math.abs(totalSummary) * 1e-12);

        // Exact quantiles are numpy's linear interpolation, which is DuckDB's quantile_cont.
        double p90 = scalar("SELECT quantile_cont(good, 0.9) FROM read_parquet(" + q(run.resolve("samples"))
                + " || '/*.parquet') WHERE product = 'rubin-class' AND period = '2027Q4'");
        double p90Summary = scalar("SELECT p90 FROM " + q(run.resolve("summary.parquet"))
                + " WHERE metric = 'good' AND product = 'rubin-class' AND period = '2027Q4'");
        assertEquals(p90Summary, p90, Math.abs(p90) * 1e-12);
    }

    @Test
    void duckdb_bindingFrequencies_matchSamples() throws SQLException {
        double fromSamples = scalar("SELECT avg(CASE WHEN binding = 'hbm3e-12h' THEN 1.0 ELSE 0.0 END) FROM read_parquet("
                + q(run.resolve("samples")) + " || '/*.parquet') WHERE product = 'asic-class' AND period = '2026Q1'");
        double fromTable = scalar("SELECT frequency FROM " + q(run.resolve("binding.parquet"))
                + " WHERE product = 'asic-class' AND period = '2026Q1' AND binding = 'hbm3e-12h'");
        assertEquals(fromTable, fromSamples, 1e-12);
    }

    @Test
    void duckdb_pBelowTarget_matchesSamples() throws SQLException {
        // P(good < target) for blackwell-ultra-class in 2027Q2 (target 1.0e6 per quarter).
        double fromSamples = scalar("SELECT avg(CASE WHEN good < target THEN 1.0 ELSE 0.0 END) FROM read_parquet("
                + q(run.resolve("samples")) + " || '/*.parquet') WHERE product = 'blackwell-ultra-class' AND period = '2027Q2'");
        double fromSummary = scalar("SELECT p_below_target FROM " + q(run.resolve("summary.parquet"))
                + " WHERE metric = 'good' AND product = 'blackwell-ultra-class' AND period = '2027Q2'");
        assertEquals(fromSummary, fromSamples, 1e-12);
        double shortfall = scalar("SELECT avg(shortfall) FROM read_parquet(" + q(run.resolve("samples"))
                + " || '/*.parquet') WHERE product = 'blackwell-ultra-class' AND period = '2027Q2'");
        double es = scalar("SELECT expected_shortfall FROM " + q(run.resolve("summary.parquet"))
                + " WHERE metric = 'good' AND product = 'blackwell-ultra-class' AND period = '2027Q2'");
        assertEquals(es, shortfall, Math.max(1, es) * 1e-12);
    }

    @Test
    void duckdb_inputsJoinSamples_onSampleId() throws SQLException {
        double rows = scalar("SELECT count(*) FROM read_parquet(" + q(run.resolve("samples")) + " || '/*.parquet') s JOIN read_parquet("
                + q(run.resolve("inputs")) + " || '/*.parquet') i USING (sample_id)");
        assertEquals(SAMPLES * 4 * 8, rows);
        double growth = scalar("SELECT avg(\"cowos_l.growth\") FROM read_parquet(" + q(run.resolve("inputs")) + " || '/*.parquet')");
        // tri(0.04, 0.09, 0.14) has mean 0.09 and sd 0.0204; 9000 samples: SE 2.2e-4; 6 SE = 1.3e-3.
        assertEquals(0.09, growth, 1.3e-3);
    }

    @Test
    void duckdb_seesKeyValueMetadata_inEveryFile() throws SQLException, IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        assertEquals(11, files.size()); // five tables, three parts each of samples/ and inputs/
        for (Path f : files) {
            Map<String, String> kv = new HashMap<>();
            try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT decode(key), decode(value) FROM parquet_kv_metadata(" + q(f) + ")")) {
                while (rs.next()) {
                    kv.put(rs.getString(1), rs.getString(2));
                }
            }
            assertEquals("reference-2026", kv.get("chipmc.scenario"), f.toString());
            assertEquals("7", kv.get("chipmc.seed"));
            assertEquals(Version.get(), kv.get("chipmc.version"));
            assertEquals(ScenarioJson.sha256(ScenarioLoader.builtIn()), kv.get("chipmc.scenario_sha256"));
        }
    }

    @Test
    void summary_hasRowsForEveryProductSpanAndMetric() throws IOException {
        Table t = Table.read(run.resolve("summary.parquet"));
        // good: 5 entities x (8 quarters + 2 years + all) = 55; started: 5 x 9 = 45;
        // shortfall: 2 targeted entities (blackwell-ultra-class, all) x 11 = 22.
        assertEquals(55 + 45 + 22, t.rows());
        assertEquals("exact", t.getString(0, "quantile_method"));
        for (long r = 0; r < t.rows(); r++) {
            assertEquals(SAMPLES, t.getLong(r, "count"));
            assertTrue(t.getDouble(r, "p01") <= t.getDouble(r, "p50") && t.getDouble(r, "p50") <= t.getDouble(r, "p99"));
        }
    }

    @Test
    void runJson_describesTheRun() throws IOException {
        JsonNode j = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertEquals("complete", j.get("status").asText());
        assertEquals(SAMPLES, j.get("samples").asLong());
        assertEquals(7, j.get("seed").asLong());
        assertEquals("mc", j.get("sampler").asText());
        assertEquals("built-in", j.get("scenario_source").asText());
        assertEquals("reference-2026", j.get("scenario").get("name").asText());
        assertTrue(j.get("scenario").get("inputs").size() > 40);
    }

    @Test
    void run_sameSeedOtherThreadCount_byteIdenticalParquetFiles() throws Exception {
        Path other = quietRun(request(shared.resolve("run-1t"), 1, true, List.of())).directory();
        List<String> names = List.of("summary.parquet", "binding.parquet", "resources.parquet",
                "sensitivity.parquet", "bottleneck.parquet", "samples/part-00002.parquet", "inputs/part-00001.parquet");
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(run.resolve(n)), Files.readAllBytes(other.resolve(n)), n);
        }
    }

    @Test
    void run_setOverride_changesTheInputEverywhere() throws Exception {
        Path dir = quietRun(new RunRequest(null, 500, 7, 2, SamplerKind.LHS, shared.resolve("run-set"), true,
                List.of("cowos_l.growth=0.2"), Accumulator.DEFAULT_BUDGET_BYTES)).directory();
        assertEquals(0.2, scalar("SELECT min(\"cowos_l.growth\") FROM read_parquet(" + q(dir.resolve("inputs")) + " || '/*.parquet')"));
        assertEquals(0.2, scalar("SELECT max(\"cowos_l.growth\") FROM read_parquet(" + q(dir.resolve("inputs")) + " || '/*.parquet')"));
        JsonNode j = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertEquals("cowos_l.growth=0.2", j.get("overrides").get(0).asText());
    }

    @Test
    void run_existingOut_refusedWithoutTouchingIt() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("exists"));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        BadInputException e = assertThrows(BadInputException.class, () -> quietRun(request(dir, 1, false, List.of())));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }

    @Test
    void run_unknownSetName_isAScenarioProblemAndWritesNothing() throws Exception {
        Path out = shared.resolve("never");
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> quietRun(request(out, 1, false, List.of("cowos_l.grwth=0.1"))));
        assertTrue(e.getMessage().contains("cowos_l.growth"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void run_failureWhileWriting_leavesNothingUnderTheFinalName() throws Exception {
        // A read-only parent makes the first write fail; no directory may appear under the final name.
        Path parent = Files.createDirectories(shared.resolve("ro"));
        Path out = parent.resolve("run");
        assertTrue(parent.toFile().setWritable(false));
        try {
            if (Files.isWritable(parent)) {
                // running as root: permissions do not stop writes; the unwritable-path case is covered by the CLI test
                return;
            }
            assertThrows(BadInputException.class, () -> quietRun(request(out, 1, false, List.of())));
            assertFalse(Files.exists(out));
        } finally {
            parent.toFile().setWritable(true);
        }
    }

    @Test
    void defaultOut_underRuns_namedByScenarioAndUtcTime(@TempDir Path runs) throws Exception {
        RunJob.Outcome o = RunJob.run(request(null, 2, false, List.of()), RunControl.quiet(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), runs);
        assertEquals(runs.toAbsolutePath(), o.directory().getParent());
        assertTrue(o.directory().getFileName().toString().matches("reference-2026-\\d{8}-\\d{6}"), o.directory().toString());
        assertTrue(Files.isRegularFile(o.directory().resolve("summary.parquet")));
    }

    /**
     * Runs started in the same second (a script starting several seeds at once) would get the same default
     * name: the one that finds it taken, even between choosing it and renaming its staging directory to it,
     * takes the next free one instead of failing.
     */
    @Test
    void defaultOut_takenInTheSameSecond_theNextFreeName(@TempDir Path runs) throws Exception {
        List<Path> taken = new java.util.ArrayList<>();
        RunControl.WriteHook anotherRunFirst = target -> {
            String staging = target.getParent().getFileName().toString();
            if (taken.isEmpty() && staging.startsWith(".") && staging.contains(".partial.tmp-")) {
                // another run's .partial appears under the name this run has just chosen
                Path other = Files.createDirectory(runs.resolve(staging.substring(1, staging.indexOf(".tmp-"))));
                Files.writeString(other.resolve("run.json"), "{}");
                taken.add(other);
            }
        };
        RunJob.Outcome o = RunJob.run(request(null, 2, false, List.of()),
                new RunControl(RunControl.DEFAULT_CHECKPOINT_EVERY, RunMonitor.SILENT, anotherRunFirst),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), runs);
        assertEquals(1, taken.size());
        String first = taken.get(0).getFileName().toString().replace(".partial", "");
        assertEquals(runs.toAbsolutePath().resolve(first + "-2"), o.directory());
        assertTrue(Files.isRegularFile(o.directory().resolve("summary.parquet")));
        assertEquals("{}", Files.readString(taken.get(0).resolve("run.json")), "the other run's directory is untouched");
    }

    @Test
    void freeName_skipsRunsAndUnfinishedRuns(@TempDir Path runs) throws Exception {
        Path base = runs.resolve("ref-20261202-000459");
        assertEquals(base, DurableFiles.freeName(base));
        Files.createDirectory(base);
        Files.createDirectory(runs.resolve("ref-20261202-000459-2.partial"));
        assertEquals(runs.resolve("ref-20261202-000459-3"), DurableFiles.freeName(base));
    }
}
