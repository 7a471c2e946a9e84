package dev.chipmc.io.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.StressOverlays;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --stress}: overlays of the scenario file's stress: section run beside the base case. */
class StressRunsTest {
    @TempDir
    Path tmp;

    @Test
    void read_builtInScenario_hasItsTwoOverlays() throws Exception {
        Map<String, List<String>> o = StressOverlays.read(null);
        assertEquals(List.of("hbm4-slip", "cowos-slow"), List.copyOf(o.keySet()));
        assertEquals(List.of("resources.hbm4-12h.starts.ramp.at=2"), o.get("hbm4-slip"));
    }

    @Test
    void read_badOverlay_locatedProblem() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "stress:\n  oops: {set: 3}\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> StressOverlays.read(f));
        assertTrue(e.getMessage().contains("stress.oops"), e.getMessage());
    }

    @Test
    void resolve_unknownName_listsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> StressRuns.resolve(Map.of("a", List.of("x=1")), List.of("b"), "f.yaml"));
        assertTrue(e.getMessage().contains("it has: a"), e.getMessage());
    }

    /**
     * Both built-in overlays on 5000 samples. Common random numbers: the HBM4 slip only removes
     * supply, so in the same samples total good packages over the horizon cannot rise; its mean
     * difference must be negative (checked through DuckDB on stress.parquet), and the stressed
     * directory holds the five tables.
     */
    @Test
    void run_all_writesStressDirectoryAndComparison() throws Exception {
        RunRequest req = new RunRequest(null, 5000, 7, 2, SamplerKind.MC, tmp.resolve("run"), false, List.of(),
                Accumulator.DEFAULT_BUDGET_BYTES);
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RunJob.Outcome base = RunJob.run(req, log);
        List<StressRuns.Comparison> rows = StressRuns.run(base, req, List.of("all"), log);
        Path dir = base.directory().resolve("stress");
        for (String n : List.of("hbm4-slip", "cowos-slow")) {
            for (String t : List.of("summary.parquet", "binding.parquet", "resources.parquet", "sensitivity.parquet",
                    "bottleneck.parquet")) {
                assertTrue(Files.isRegularFile(dir.resolve(n).resolve(t)), n + "/" + t);
            }
        }
        assertTrue(StressRuns.format(rows).contains("hbm4-slip"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT diff_mean, stressed_p_below_target - base_p_below_target, "
                        + "diff_p_below_target FROM '" + dir.resolve("stress.parquet") + "' WHERE stress = 'hbm4-slip' "
                        + "AND metric = 'good' AND product = 'all' AND period = 'all'")) {
            assertTrue(rs.next());
            assertTrue(rs.getDouble(1) < 0, "HBM4 slip lowers total good: " + rs.getDouble(1));
            assertEquals(rs.getDouble(2), rs.getDouble(3), 1e-12);
        }
        assertEquals(2 * rows.stream().filter(r -> r.stress().equals("hbm4-slip")).count(), rows.size());
    }
}
