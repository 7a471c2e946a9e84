package dev.chipmc.io.sensitivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.parquet.Table;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitivityJobTest {
    @TempDir
    Path tmp;

    private SensitivityJob.Outcome run(Path out, int threads) throws Exception {
        Path groups = tmp.resolve("groups.yaml");
        Files.writeString(groups, GroupsReaderTest.REFERENCE_GROUPS);
        return SensitivityJob.run(new SensitivityRequest(null, List.of(), 256, 5, threads, SamplerKind.SOBOL, groups, 20, out),
                new PrintStream(new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void run_referenceWithGroups_writesSobolParquetAndJsonAtomically() throws Exception {
        Path out = tmp.resolve("sens");
        SensitivityJob.Outcome o = run(out, 2);
        assertTrue(Files.isDirectory(out));
        assertFalse(Files.exists(tmp.resolve("sens.partial")));
        Table t = Table.read(out.resolve(SensitivityJob.SOBOL));
        int factors = o.indices().factors().size();
        assertEquals((long) factors * o.model().outputNames().size(), t.rows());
        assertEquals("5", t.metadata().get("chipmc.seed"));
        assertEquals("sobol", t.metadata().get("chipmc.sampler"));
        assertEquals("256", t.metadata().get("chipmc.samples"));
        JsonNode j = new ObjectMapper().readTree(out.resolve(SensitivityJob.JSON_FILE).toFile());
        assertEquals("chipmc-sensitivity/1", j.get("format").asText());
        assertEquals(256L * (factors + 2), j.get("evaluations").asLong());
        assertEquals(11, j.get("factors").get("hbm").size());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet rs = duck.createStatement().executeQuery("SELECT count(*), min(ST), max(ST_high) FROM '"
                        + out.resolve(SensitivityJob.SOBOL) + "' WHERE output = 'good:all:all'")) {
            rs.next();
            assertEquals(factors, rs.getLong(1));
            // The Jansen estimator is a mean of squares over a positive variance: never negative.
            assertTrue(rs.getDouble(2) >= 0);
        }
        String text = SensitivityJob.format(o);
        assertTrue(text.contains("hbm") && text.contains("events"), text);
    }

    @Test
    void run_twoThreadCounts_identicalParquet() throws Exception {
        run(tmp.resolve("a"), 1);
        run(tmp.resolve("b"), 3);
        assertEquals(-1L, Files.mismatch(tmp.resolve("a").resolve(SensitivityJob.SOBOL),
                tmp.resolve("b").resolve(SensitivityJob.SOBOL)));
    }

    @Test
    void run_existingOutput_refused() throws Exception {
        Path out = tmp.resolve("x");
        Files.createDirectory(out);
        var e = assertThrows(BadInputException.class, () -> run(out, 1));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    /** Analyses started in the same second get the default name with -2, -3, ... instead of failing. */
    @Test
    void defaultOut_takenInTheSameSecond_theNextFreeName() throws Exception {
        Path parent = tmp.resolve("sensitivity");
        java.time.format.DateTimeFormatter stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC);
        java.time.Instant now = java.time.Instant.now();
        // every name the analysis can choose in the next ten seconds is taken by another one
        for (int s = 0; s < 10; s++) {
            Files.createDirectories(parent.resolve("reference-2026-" + stamp.format(now.plusSeconds(s))));
        }
        SensitivityJob.Outcome o = SensitivityJob.run(new SensitivityRequest(null, List.of(), 64, 5, 2, SamplerKind.MC,
                null, 0, null), new PrintStream(new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8),
                parent);
        String name = o.directory().getFileName().toString();
        assertTrue(name.matches("reference-2026-\\d{8}-\\d{6}-2"), name);
        assertTrue(Files.isDirectory(parent.resolve(name.substring(0, name.length() - 2))), "the other one is still there");
        assertTrue(Files.isRegularFile(o.directory().resolve("sobol.parquet")));
    }
}
