package dev.chipmc.io.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chipmc.io.parquet.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/explore.ipynb's SQL (notebooks/sql/*.sql, with {run} filled in as the notebook does) run through DuckDB's
 * JDBC driver against a real run, and the answers checked against the run's summary and against the same answers
 * computed in Java from the Parquet files. (Python's Parquet libraries cannot be installed on the build machines, so
 * this is where the notebook's queries are tested.)
 */
class NotebookQueriesTest {
    static final Path SQL = Path.of("..", "notebooks", "sql");
    static Path run;
    static Connection duck;

    @BeforeAll
    static void setUp() throws Exception {
        run = TestRuns.withSamples();
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void tearDown() throws Exception {
        duck.close();
    }

    /** Runs every statement of the file in order; returns the rows of the last, as column name to value maps. */
    static List<Map<String, Object>> query(String file) throws Exception {
        String text = Files.readString(SQL.resolve(file), StandardCharsets.UTF_8)
                .replace("{run}", run.toAbsolutePath().toString().replace("'", "''"));
        String[] statements = text.split(";\\s*(\\n|$)");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement()) {
            for (String st : statements) {
                if (st.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                    continue;
                }
                rows.clear();
                if (s.execute(st)) {
                    try (ResultSet rs = s.getResultSet()) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            for (int c = 1; c <= md.getColumnCount(); c++) {
                                row.put(md.getColumnLabel(c), rs.getObject(c));
                            }
                            rows.add(row);
                        }
                    }
                }
            }
        }
        return List.copyOf(rows);
    }

    static double d(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    @Test
    void notebook_isNbformat4_andLoadsEveryQuery() throws Exception {
        JsonNode nb = new ObjectMapper().readTree(Path.of("..", "notebooks", "explore.ipynb").toFile());
        assertEquals(4, nb.get("nbformat").asInt());
        assertTrue(nb.get("cells").size() > 5);
        StringBuilder code = new StringBuilder();
        nb.get("cells").forEach(c -> c.get("source").forEach(l -> code.append(l.asText())));
        for (String f : List.of("fan.sql", "tornado.sql", "cowos_bins.sql", "cowos_answer.sql")) {
            assertTrue(code.toString().contains(f), f + " used by the notebook");
        }
    }

    @Test
    void fanQuery_eightQuartersPerProduct_equalToSummary() throws Exception {
        List<Map<String, Object>> rows = query("fan.sql");
        // 4 products and 'all', 8 quarters each
        assertEquals(5 * 8, rows.size());
        Table s = Table.read(run.resolve("summary.parquet"));
        Map<String, Long> byKey = new HashMap<>();
        for (long r = 0; r < s.rows(); r++) {
            if ("good".equals(s.getString(r, "metric")) && "period".equals(s.getString(r, "span"))) {
                byKey.put(s.getString(r, "product") + "/" + s.getString(r, "period"), r);
            }
        }
        for (Map<String, Object> row : rows) {
            long r = byKey.get(row.get("product") + "/" + row.get("period"));
            assertTrue(d(row.get("p05")) <= d(row.get("p50")) && d(row.get("p50")) <= d(row.get("p95")), row.toString());
            for (String q : List.of("p05", "p25", "p50", "p75", "p95")) {
                assertEquals(s.getDouble(r, q), d(row.get(q)), 0.0, q + " " + row);
            }
        }
    }

    @Test
    void tornadoQuery_matchesJavaSpearman() throws Exception {
        List<Map<String, Object>> rows = query("tornado.sql");
        assertEquals(Report.TOP, rows.size());
        RunData data = RunData.load(run);
        // The notebook ranks the run's own samples exactly; compare with the same exact computation in Java
        // (not with sensitivity.parquet, whose chunk-averaged estimate differs by its stated bias).
        Tornado java = Tornado.of(data, false);
        // Same ranks (average ties) and Pearson on them; DuckDB's corr sums in another order: equal to 1e-9.
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(java.names().get(i), rows.get(i).get("input"), "rank " + i);
            assertEquals(java.rho()[i], d(rows.get(i).get("spearman")), 1e-9, java.names().get(i));
        }
    }

    @Test
    void cowosGrowthQuestion_answerInTheInputsRange_andAsComputedInJava() throws Exception {
        List<Map<String, Object>> bins = query("cowos_bins.sql");
        List<Map<String, Object>> answer = query("cowos_answer.sql");
        assertEquals(10, bins.size());
        assertEquals(1, answer.size());

        // Direct computation from the Parquet files: per sample, blackwell-ultra-class's mean good per quarter, and
        // cowos_l.growth; sorted by growth and cut into ten groups the way DuckDB's ntile(10) cuts (the first
        // n mod 10 groups one larger).
        Table samples = Table.read(run.resolve("samples/part-00000.parquet"));
        Table inputs = Table.read(run.resolve("inputs/part-00000.parquet"));
        int n = (int) inputs.rows();
        double[] perQuarter = new double[n];
        int[] quarters = new int[n];
        long[] sid = samples.longs("sample_id");
        String[] product = samples.strings("product");
        double[] good = samples.doubles("good");
        for (int r = 0; r < sid.length; r++) {
            if ("blackwell-ultra-class".equals(product[r])) {
                perQuarter[(int) sid[r]] += good[r];
                quarters[(int) sid[r]]++;
            }
        }
        double[] growth = new double[n];
        long[] iid = inputs.longs("sample_id");
        double[] g = inputs.doubles("cowos_l.growth");
        for (int r = 0; r < n; r++) {
            growth[(int) iid[r]] = g[r];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            perQuarter[i] /= quarters[i];
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(growth[a], growth[b]));
        double[] lo = new double[10];
        double[] pOk = new double[10];
        int at = 0;
        for (int k = 0; k < 10; k++) {
            int size = n / 10 + (k < n % 10 ? 1 : 0);
            lo[k] = growth[order[at]];
            int ok = 0;
            for (int j = at; j < at + size; j++) {
                ok += perQuarter[order[j]] >= 1e6 ? 1 : 0;
            }
            pOk[k] = ok / (double) size;
            at += size;
            assertEquals(lo[k], d(bins.get(k).get("growth_lo")), 0.0, "decile " + (k + 1));
            assertEquals(pOk[k], d(bins.get(k).get("p_ok")), 1e-12, "decile " + (k + 1));
        }
        Double expected = null;
        for (int k = 9; k >= 0 && pOk[k] > 0.9; k--) {
            expected = lo[k];
        }
        Object got = answer.get(0).get("growth_needed");
        assertEquals(java.util.Arrays.stream(pOk).max().orElseThrow(), d(answer.get(0).get("best_p_ok")), 1e-12);
        if (expected == null) {
            // The reference scenario: no decile of cowos_l.growth gets P(ok) above 90 % (the top ones reach about
            // 70 %): the honest answer is "not within the input's range", a NULL.
            assertEquals(null, got);
        } else {
            assertEquals(expected, d(got), 0.0);
            // tri(0.04, 0.09, 0.14): the answer lies in the input's range
            assertTrue(d(got) >= 0.04 && d(got) <= 0.14, String.valueOf(got));
        }
        // More CoWoS-L capacity growth cannot make blackwell-ultra-class worse off: P(ok) of the top decile is above
        // that of the bottom one (3000 samples: 300 per decile, SE of a difference of two shares <= 0.041; the
        // reference scenario's difference is far above 6 SE).
        assertTrue(pOk[9] > pOk[0], java.util.Arrays.toString(pOk));
        System.out.println("cowos_l.growth deciles P(ok) " + java.util.Arrays.toString(pOk) + " answer " + got);
    }
}
