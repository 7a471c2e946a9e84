package dev.chipmc.io.run;

import dev.chipmc.engine.run.RunResult;
import dev.chipmc.engine.run.RunResult.BindingRow;
import dev.chipmc.engine.run.RunResult.ResourceRow;
import dev.chipmc.engine.run.RunResult.SummaryRow;
import dev.chipmc.engine.stats.ColumnSummary;
import dev.chipmc.engine.stats.Probabilities;
import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.TableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's result tables ({@code summary.parquet}, {@code binding.parquet},
 * {@code resources.parquet}, {@code sensitivity.parquet}, {@code bottleneck.parquet}); their columns are documented in {@code docs/outputs.md}.
 */
public final class RunTables {
    public static final String SUMMARY = "summary.parquet";
    public static final String BINDING = "binding.parquet";
    public static final String RESOURCES = "resources.parquet";
    public static final String SENSITIVITY = "sensitivity.parquet";
    public static final String BOTTLENECK = "bottleneck.parquet";

    private RunTables() {
    }

    /** Column name of a quantile: {@code p01, p05, ..., p99}. */
    public static String quantileColumn(double p) {
        return String.format(Locale.ROOT, "p%02d", Math.round(p * 100));
    }

    static List<Column> summarySchema() {
        List<Column> s = new ArrayList<>(List.of(Column.string("metric"), Column.string("product"),
                Column.string("period"), Column.string("span"), Column.int64("count"), Column.dbl("mean"),
                Column.dbl("sd"), Column.dbl("se"), Column.dbl("min"), Column.dbl("max")));
        for (double p : Probabilities.STANDARD) {
            s.add(Column.dbl(quantileColumn(p)));
        }
        s.addAll(List.of(Column.dbl("target"), Column.dbl("p_below_target"), Column.dbl("expected_shortfall"),
                Column.string("quantile_method"), Column.dbl("quantile_rank_error")));
        return s;
    }

    /** {@code period} for a single period, {@code year} for a calendar year, {@code horizon} for all. */
    static String span(String period) {
        if (period.equals("all")) {
            return "horizon";
        }
        return period.matches("\\d{4}") ? "year" : "period";
    }

    public static void writeSummary(Path file, RunResult result, Map<String, String> metadata) throws IOException {
        List<Column> schema = summarySchema();
        try (TableWriter w = TableWriter.create(file, schema, metadata)) {
            for (SummaryRow r : result.summaryRows()) {
                ColumnSummary s = r.stats();
                int c = 0;
                w.setString(c++, r.metric());
                w.setString(c++, r.product());
                w.setString(c++, r.period());
                w.setString(c++, span(r.period()));
                w.setLong(c++, s.count());
                w.setDouble(c++, s.mean());
                w.setDouble(c++, s.sd());
                w.setDouble(c++, s.standardError());
                w.setDouble(c++, s.min());
                w.setDouble(c++, s.max());
                for (double q : s.quantiles()) {
                    w.setDouble(c++, q);
                }
                setNullable(w, c++, r.targetMean());
                setNullable(w, c++, r.pBelowTarget());
                setNullable(w, c++, r.expectedShortfall());
                w.setString(c++, s.exactQuantiles() ? "exact" : "sketch");
                w.setDouble(c++, s.quantileRankError());
                w.endRow();
            }
        }
    }

    private static void setNullable(TableWriter w, int c, double v) {
        if (Double.isNaN(v)) {
            w.setNull(c);
        } else {
            w.setDouble(c, v);
        }
    }

    public static void writeBinding(Path file, RunResult result, Map<String, String> metadata) throws IOException {
        List<Column> schema = List.of(Column.string("product"), Column.string("period"), Column.string("binding"),
                Column.int64("count"), Column.dbl("frequency"));
        try (TableWriter w = TableWriter.create(file, schema, metadata)) {
            for (BindingRow r : result.bindingRows()) {
                w.setString(0, r.product());
                w.setString(1, r.period());
                w.setString(2, r.constraint());
                w.setLong(3, r.count());
                w.setDouble(4, r.frequency());
                w.endRow();
            }
        }
    }

    public static void writeResources(Path file, RunResult result, Map<String, String> metadata) throws IOException {
        List<Column> schema = List.of(Column.string("resource"), Column.string("period"), Column.dbl("mean_available"),
                Column.dbl("mean_used"), Column.dbl("mean_utilisation"), Column.dbl("p_utilisation_above_99"));
        try (TableWriter w = TableWriter.create(file, schema, metadata)) {
            for (ResourceRow r : result.resourceRows()) {
                w.setString(0, r.resource());
                w.setString(1, r.period());
                w.setDouble(2, r.meanAvailable());
                w.setDouble(3, r.meanUsed());
                w.setDouble(4, r.meanUtilisation());
                w.setDouble(5, r.pUtilisationAbove99());
                w.endRow();
            }
        }
    }

    /** One row per (input, headline output): the chunk-averaged Spearman correlation and its standard error. */
    public static void writeSensitivity(Path file, RunResult result, Map<String, String> metadata) throws IOException {
        List<Column> schema = List.of(Column.string("input"), Column.string("output"), Column.string("metric"),
                Column.string("product"), Column.string("period"), Column.dbl("spearman"), Column.dbl("spearman_se"),
                Column.int64("chunks"));
        try (TableWriter w = TableWriter.create(file, schema, metadata)) {
            for (RunResult.SensitivityRow r : result.sensitivityRows()) {
                w.setString(0, r.input());
                w.setString(1, r.output());
                w.setString(2, r.metric());
                w.setString(3, r.product());
                w.setString(4, r.period());
                setNullable(w, 5, r.spearman());
                setNullable(w, 6, r.standardError());
                w.setLong(7, r.chunks());
                w.endRow();
            }
        }
    }

    /** One row per (product, period, resource on its bill of materials): binding frequency and volume lost. */
    public static void writeBottleneck(Path file, RunResult result, Map<String, String> metadata) throws IOException {
        List<Column> schema = List.of(Column.string("product"), Column.string("period"), Column.string("resource"),
                Column.int64("binding_count"), Column.dbl("frequency_binding"), Column.int64("relaxed_samples"),
                Column.dbl("mean_volume_lost"), Column.dbl("volume_lost_se"));
        try (TableWriter w = TableWriter.create(file, schema, metadata)) {
            for (RunResult.BottleneckRow r : result.bottleneckRows()) {
                w.setString(0, r.product());
                w.setString(1, r.period());
                w.setString(2, r.resource());
                w.setLong(3, r.bindingCount());
                setNullable(w, 4, r.frequencyBinding());
                w.setLong(5, r.relaxedSamples());
                setNullable(w, 6, r.meanVolumeLost());
                setNullable(w, 7, r.volumeLostSe());
                w.endRow();
            }
        }
    }

    /** Writes every result table of {@code result} into {@code dir}. */
    public static void writeAll(Path dir, RunResult result, Map<String, String> metadata) throws IOException {
        writeSummary(dir.resolve(SUMMARY), result, metadata);
        writeBinding(dir.resolve(BINDING), result, metadata);
        writeResources(dir.resolve(RESOURCES), result, metadata);
        writeSensitivity(dir.resolve(SENSITIVITY), result, metadata);
        writeBottleneck(dir.resolve(BOTTLENECK), result, metadata);
    }
}
