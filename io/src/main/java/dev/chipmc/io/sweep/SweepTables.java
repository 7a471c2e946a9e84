package dev.chipmc.io.sweep;

import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.Table;
import dev.chipmc.io.parquet.TableWriter;
import dev.chipmc.io.run.RunTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a sweep's tables: {@code points.parquet} (one row per point: its id, seed, assignments and
 * one column per parameter) and {@code sweep_summary.parquet} (one row per point and headline metric,
 * with the parameter columns). A parameter's column is a double when every value it takes is a
 * number, else a string (a distribution or an input name); null where the point leaves it as in the
 * base scenario. Stateless and thread-safe.
 */
public final class SweepTables {
    /** The summary columns copied into {@code sweep_summary.parquet}. */
    static final List<String> METRIC_COLUMNS = List.of("mean", "sd", "se", "p05", "p50", "p95", "target",
            "p_below_target", "expected_shortfall");

    private SweepTables() {
    }

    static boolean numeric(Sweep s, int j) {
        for (Sweep.Point p : s.points()) {
            Sweep.Value v = p.values().get(j);
            if (v != null && v.number() == null) {
                return false;
            }
        }
        return true;
    }

    private static void parameterColumns(Sweep s, List<Column> schema) {
        for (int j = 0; j < s.parameters().size(); j++) {
            String n = s.parameters().get(j).name();
            schema.add(numeric(s, j) ? Column.dbl(n) : Column.string(n));
        }
    }

    private static int setParameters(Sweep s, Sweep.Point p, TableWriter w, int c) {
        for (int j = 0; j < s.parameters().size(); j++) {
            Sweep.Value v = p.values().get(j);
            if (v == null) {
                w.setNull(c);
            } else if (numeric(s, j)) {
                w.setDouble(c, v.number());
            } else {
                w.setString(c, v.text());
            }
            c++;
        }
        return c;
    }

    public static void writePoints(Path file, Sweep s, Map<String, String> meta) throws IOException {
        List<Column> schema = new ArrayList<>(List.of(Column.int64("point"), Column.int64("seed")));
        parameterColumns(s, schema);
        schema.add(Column.string("assignments"));
        try (TableWriter w = TableWriter.create(file, schema, meta)) {
            for (Sweep.Point p : s.points()) {
                w.setLong(0, p.id());
                w.setLong(1, p.seed());
                int c = setParameters(s, p, w, 2);
                w.setString(c, String.join("; ", s.assignments(p)));
                w.endRow();
            }
        }
    }

    /**
     * One row per point and headline metric: the {@code good} rows of each point's
     * {@code summary.parquet} for every product and {@code all}, per year and over the horizon.
     */
    public static void writeSummary(Path file, Sweep s, Path dir, Map<String, String> meta) throws IOException {
        List<Column> schema = new ArrayList<>(List.of(Column.int64("point")));
        parameterColumns(s, schema);
        schema.addAll(List.of(Column.string("metric"), Column.string("product"), Column.string("period"),
                Column.string("span"), Column.int64("count")));
        for (String m : METRIC_COLUMNS) {
            schema.add(Column.dbl(m));
        }
        try (TableWriter w = TableWriter.create(file, schema, meta)) {
            for (Sweep.Point p : s.points()) {
                Table t = Table.read(dir.resolve(Sweep.pointDirName(p.id())).resolve(RunTables.SUMMARY));
                for (long r = 0; r < t.rows(); r++) {
                    String span = t.getString(r, "span");
                    if (!t.getString(r, "metric").equals("good") || span.equals("period")) {
                        continue;
                    }
                    w.setLong(0, p.id());
                    int c = setParameters(s, p, w, 1);
                    for (String k : List.of("metric", "product", "period", "span")) {
                        w.setString(c++, t.getString(r, k));
                    }
                    w.setLong(c++, t.getLong(r, "count"));
                    for (String m : METRIC_COLUMNS) {
                        if (t.isNull(r, m)) {
                            w.setNull(c++);
                        } else {
                            w.setDouble(c++, t.getDouble(r, m));
                        }
                    }
                    w.endRow();
                }
            }
        }
    }
}
