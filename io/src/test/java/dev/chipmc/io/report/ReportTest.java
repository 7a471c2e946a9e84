package dev.chipmc.io.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.Table;
import dev.chipmc.io.parquet.TableWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report of a real run read back as the SVG a browser gets: which charts, how many bands and bars, which labels. */
class ReportTest {
    static final Instant AT = Instant.parse("2026-11-28T10:15:30Z");
    static Path run;
    static String html;
    static Map<String, String> svgs;

    @BeforeAll
    static void setUp() throws Exception {
        run = TestRuns.withSamples();
        Path out = Report.write(run, AT);
        assertEquals(run.resolve("report.html"), out);
        html = Files.readString(out, StandardCharsets.UTF_8);
        svgs = Svgs.byId(html);
    }

    static List<String> products(Table summary) {
        LinkedHashSet<String> p = new LinkedHashSet<>();
        for (long r = 0; r < summary.rows(); r++) {
            if (!"all".equals(summary.getString(r, "product"))) {
                p.add(summary.getString(r, "product"));
            }
        }
        return new ArrayList<>(p);
    }

    @Test
    void report_hasEveryChart_inPageOrder() throws IOException {
        int products = products(Table.read(run.resolve("summary.parquet"))).size();
        assertEquals(4, products);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= products; i++) {
            expected.add("fan-" + i);
        }
        expected.add("histogram");
        expected.add("cdf");
        for (int i = 0; i < products; i++) {
            expected.add("binding-" + i);
        }
        expected.add("tornado");
        assertEquals(expected, new ArrayList<>(svgs.keySet()));
    }

    @Test
    void fanCharts_twoBandsEach_everyQuarterLabelled() {
        for (int i = 0; i <= 4; i++) {
            String svg = svgs.get("fan-" + i);
            // one filled area per band: DeviationRenderer draws each band as one polygon
            assertEquals(1, Svgs.filled(svg, Charts.BAND_90), "90 % band of fan-" + i);
            assertEquals(1, Svgs.filled(svg, Charts.BAND_50), "50 % band of fan-" + i);
            assertTrue(Svgs.hasText(svg, "quarter"));
            assertTrue(Svgs.hasText(svg, "good packages (millions)"));
            for (String q : List.of("2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1", "2027Q2", "2027Q3", "2027Q4")) {
                assertTrue(Svgs.hasText(svg, q), q + " in fan-" + i);
            }
        }
        assertTrue(Svgs.hasText(svgs.get("fan-0"), "All products"));
        // only products with targets draw a target line and list it in the legend: all and blackwell-ultra-class
        assertTrue(Svgs.hasText(svgs.get("fan-0"), "target"));
        assertTrue(Svgs.hasText(svgs.get("fan-2"), "blackwell-ultra-class"));
        assertTrue(Svgs.hasText(svgs.get("fan-2"), "target"));
        assertFalse(Svgs.hasText(svgs.get("fan-1"), "target"));
    }

    @Test
    void histogram_fortyBars_andTargetMarked() throws IOException {
        String svg = svgs.get("histogram");
        // 40 bins between the smallest and largest of 3000 totals: the central bins are certainly non-empty, the
        // tails may be empty (drawn with zero height); at least 20 bars of positive height and never more than 40.
        int bars = Svgs.bars(svg, Charts.HISTOGRAM);
        assertTrue(bars >= 20 && bars <= 40, bars + " bars");
        assertEquals(bars, Svgs.filled(svg, Charts.HISTOGRAM), "nothing else in the bars' colour");
        assertTrue(Svgs.hasText(svg, "target"));
        assertTrue(Svgs.hasText(svg, "samples"));
        Table s = Table.read(run.resolve("summary.parquet"));
        long row = -1;
        for (long r = 0; r < s.rows(); r++) {
            if ("good".equals(s.getString(r, "metric")) && "all".equals(s.getString(r, "product"))
                    && "all".equals(s.getString(r, "period"))) {
                row = r;
            }
        }
        String p = Html.percent(s.getDouble(row, "p_below_target"));
        assertTrue(svg.contains("P(below target) = " + p), p);
        assertTrue(Svgs.hasText(svgs.get("cdf"), "P(below target) = " + p));
        assertTrue(Svgs.hasText(svgs.get("cdf"), "cumulative probability"));
    }

    @Test
    void bindingBars_oneSegmentPerNonZeroFrequency() throws IOException {
        Table b = Table.read(run.resolve("binding.parquet"));
        List<String> products = products(Table.read(run.resolve("summary.parquet")));
        for (int i = 0; i < products.size(); i++) {
            String svg = svgs.get("binding-" + i);
            List<String> constraints = new ArrayList<>();
            for (long r = 0; r < b.rows(); r++) {
                if (products.get(i).equals(b.getString(r, "product")) && !constraints.contains(b.getString(r, "binding"))) {
                    constraints.add(b.getString(r, "binding"));
                }
            }
            for (int c = 0; c < constraints.size(); c++) {
                int nonZero = 0;
                for (long r = 0; r < b.rows(); r++) {
                    if (products.get(i).equals(b.getString(r, "product")) && constraints.get(c).equals(b.getString(r, "binding"))
                            && b.getDouble(r, "frequency") > 0) {
                        nonZero++;
                    }
                }
                // one bar segment per quarter where the constraint ever bound (legend swatches are paths)
                assertEquals(nonZero, Svgs.bars(svg, Charts.PALETTE[c]), products.get(i) + " <- " + constraints.get(c));
                assertTrue(Svgs.hasText(svg, constraints.get(c)));
            }
            assertTrue(Svgs.hasText(svg, "share of samples"));
        }
    }

    @Test
    void tornado_topInputs_fromTheRunsSensitivityTable() {
        String svg = svgs.get("tornado");
        assertEquals(Report.TOP, Svgs.bars(svg, Charts.POSITIVE) + Svgs.bars(svg, Charts.NEGATIVE));
        assertTrue(svg.contains("from sensitivity.parquet; output: good all all"), svg);
        // CoWoS-L growth drives the total (every GPU product needs CoWoS-L): it must be among the top inputs
        assertTrue(Svgs.hasText(svg, "cowos_l.growth"), "cowos_l.growth among the top inputs");
    }

    @Test
    void page_isSelfContained_andDescribesTheRun() {
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no linked style sheet");
        Matcher urls = Pattern.compile("(src|href)=['\"]([^'\"#][^'\"]*)").matcher(html);
        assertFalse(urls.find(), () -> "external reference: " + urls.group());
        for (String s : List.of("reference-2026", "<th>seed</th><td>7</td>", "<th>samples</th><td>3000</td>",
                "<th>sampler</th><td>mc</td>", "<th>version</th>", "generated at 2026-11-28T10:15:30Z")) {
            assertTrue(html.contains(s), s);
        }
        assertEquals(1, Svgs.count(html, "generated at"));
    }

    @Test
    void report_sameRunTwice_identicalBytes() throws IOException {
        String again = Files.readString(Report.write(run, AT), StandardCharsets.UTF_8);
        assertEquals(html, again);
    }

    @Test
    void report_runWithoutSamples_cdfFromQuantilesAndNotes() throws Exception {
        Path dir = TestRuns.withoutSamples();
        // A run always has sensitivity.parquet; remove it to see the page without any source for the tornado.
        Files.deleteIfExists(dir.resolve("sensitivity.parquet"));
        String page = Files.readString(Report.write(dir, AT), StandardCharsets.UTF_8);
        Map<String, String> charts = Svgs.byId(page);
        assertFalse(charts.containsKey("histogram"));
        assertFalse(charts.containsKey("tornado"));
        assertTrue(charts.get("cdf").contains("quantiles (no samples/ in this run)"));
        assertTrue(page.contains("No histogram: the run has no per-sample results"));
        assertTrue(page.contains("No sensitivity: the run has neither sensitivity.parquet nor samples/ and inputs/"));
    }

    @Test
    void report_sensitivityAndSobolFiles_areShown() throws Exception {
        Path dir = TestRuns.newDir("with-sensitivity");
        for (String f : List.of("summary.parquet", "binding.parquet", "run.json")) {
            Files.copy(TestRuns.withoutSamples().resolve(f), dir.resolve(f));
        }
        // three inputs for the headline output, one for another output that must not be shown
        try (TableWriter w = TableWriter.create(dir.resolve("sensitivity.parquet"), List.of(Column.string("input"),
                Column.string("output"), Column.dbl("spearman"), Column.dbl("se")), Map.of())) {
            Object[][] rows = {{"cowos_l.growth", "good/all/all", 0.61}, {"hbm.yield", "good/all/all", -0.22},
                {"demand.scale", "good/all/all", 0.05}, {"other.input", "shortfall/all/all", 0.9}};
            for (Object[] r : rows) {
                w.setString(0, (String) r[0]);
                w.setString(1, (String) r[1]);
                w.setDouble(2, (Double) r[2]);
                w.setDouble(3, 0.01);
                w.endRow();
            }
        }
        try (TableWriter w = TableWriter.create(dir.resolve("sobol.parquet"), List.of(Column.string("factor"),
                Column.string("output"), Column.dbl("S1"), Column.dbl("S1_ci"), Column.dbl("ST"), Column.dbl("ST_ci")),
                Map.of())) {
            String[] f = {"cowos_l.growth", "hbm.yield"};
            for (int i = 0; i < 2; i++) {
                w.setString(0, f[i]);
                w.setString(1, "good/all/all");
                w.setDouble(2, 0.5 - 0.3 * i);
                w.setDouble(3, 0.02);
                w.setDouble(4, 0.6 - 0.3 * i);
                w.setDouble(5, 0.03);
                w.endRow();
            }
        }
        String page = Files.readString(Report.write(dir, AT), StandardCharsets.UTF_8);
        Map<String, String> charts = Svgs.byId(page);
        String tornado = charts.get("tornado");
        assertTrue(tornado.contains("from sensitivity.parquet; output: good/all/all"));
        assertEquals(2, Svgs.bars(tornado, Charts.POSITIVE));
        assertEquals(1, Svgs.bars(tornado, Charts.NEGATIVE));
        assertFalse(Svgs.hasText(tornado, "other.input"));
        String sobol = charts.get("sobol");
        assertEquals(2, Svgs.bars(sobol, Charts.S1), "two S1 bars");
        assertEquals(2, Svgs.bars(sobol, Charts.ST), "two ST bars");
        assertTrue(page.contains("<td>cowos_l.growth</td><td>0.5</td><td>0.02</td><td>0.6</td><td>0.03</td>"));
    }

    @Test
    void report_notARunDirectory_namesTheMissingFile() throws IOException {
        Path dir = TestRuns.newDir("empty");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Report.write(dir, AT));
        assertTrue(e.getMessage().contains("summary.parquet"), e.getMessage());
        assertTrue(e.getMessage().contains("sweep_summary.parquet"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }
}
