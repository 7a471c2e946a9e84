package dev.chipmc.io.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.TableWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report of a sweep directory, on synthetic sweep_summary.parquet and points.parquet files of the documented layout. */
class SweepReportTest {
    static final Instant AT = Instant.parse("2026-11-28T10:15:30Z");

    /** 3 x 2 grid of (cowos_l.growth, hbm.yield); wide layout: mean and p_below_target of good/all/all. */
    static Path grid(String name, boolean twoParams) throws Exception {
        Path dir = TestRuns.newDir(name);
        double[] g = {0.05, 0.09, 0.13};
        double[] y = twoParams ? new double[] {0.8, 0.9} : new double[] {0.9};
        try (TableWriter pts = TableWriter.create(dir.resolve("points.parquet"), twoParams
                ? List.of(Column.int32("point"), Column.dbl("cowos_l.growth"), Column.dbl("hbm.yield"))
                : List.of(Column.int32("point"), Column.dbl("cowos_l.growth")), Map.of());
             TableWriter w = TableWriter.create(dir.resolve("sweep_summary.parquet"), List.of(Column.int32("point"),
                     Column.dbl("cowos_l.growth"), Column.dbl("hbm.yield"), Column.string("metric"),
                     Column.string("product"), Column.string("period"), Column.dbl("mean"),
                     Column.dbl("p_below_target")), Map.of())) {
            int point = 0;
            for (double gi : g) {
                for (double yi : y) {
                    pts.setInt(0, point);
                    pts.setDouble(1, gi);
                    if (twoParams) {
                        pts.setDouble(2, yi);
                    }
                    pts.endRow();
                    for (String product : List.of("all", "rubin-class")) {
                        w.setInt(0, point);
                        w.setDouble(1, gi);
                        w.setDouble(2, yi);
                        w.setString(3, "good");
                        w.setString(4, product);
                        w.setString(5, "all");
                        w.setDouble(6, 1e6 * (100 * gi + 10 * yi) * ("all".equals(product) ? 1 : 0.1));
                        w.setDouble(7, 1 - 5 * gi * yi);
                        w.endRow();
                    }
                    point++;
                }
            }
        }
        return dir;
    }

    @Test
    void sweep_twoParameters_heatMapWithOneLabelledCellPerPoint() throws Exception {
        Path dir = grid("sweep-2", true);
        String page = Files.readString(Report.write(dir, AT), StandardCharsets.UTF_8);
        Map<String, String> svgs = Svgs.byId(page);
        assertEquals(List.of("sweep-0", "sweep-1"), List.copyOf(svgs.keySet()));
        String mean = svgs.get("sweep-0");
        assertTrue(Svgs.hasText(mean, "cowos_l.growth") && Svgs.hasText(mean, "hbm.yield"));
        for (String tick : List.of("0.05", "0.09", "0.13", "0.8", "0.9")) {
            assertTrue(Svgs.hasText(mean, tick), tick);
        }
        // cell (0.09, 0.8): mean of all = 1e6 * (9 + 8) = 17.0M, labelled "%.3g" of millions
        assertTrue(Svgs.hasText(mean, "17.0"), "cell label 17.0");
        // p_below_target at (0.13, 0.9): 1 - 5 * 0.13 * 0.9 = 0.415 -> 41.5 %
        assertTrue(Svgs.hasText(svgs.get("sweep-1"), "41.5"));
        // the points table: 6 points, rubin-class rows not shown
        assertEquals(6, Svgs.count(page, "<tr><td>0.") );
        assertTrue(page.contains("<td>0.13</td><td>0.9</td><td>22.000M</td><td>41.5 %</td>"), page);
    }

    @Test
    void sweep_oneParameter_lineChart() throws Exception {
        Path dir = grid("sweep-1", false);
        String page = Files.readString(Report.write(dir, AT), StandardCharsets.UTF_8);
        String svg = Svgs.byId(page).get("sweep-0");
        assertTrue(Svgs.hasText(svg, "cowos_l.growth"));
        assertTrue(Svgs.hasText(svg, "mean of good packages, all products, horizon (millions)"));
        assertTrue(page.contains("<th>swept parameters</th><td>cowos_l.growth</td>"));
        assertTrue(page.contains("<th>points</th><td>3</td>"));
    }
}
