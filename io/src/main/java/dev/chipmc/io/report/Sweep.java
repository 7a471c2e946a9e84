package dev.chipmc.io.report;

import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jfree.data.xy.XYSeries;

/**
 * The report of a sweep directory: the headline metrics across the swept parameters.
 *
 * <p>Reads {@code DIR/sweep_summary.parquet}, one row per (point, headline metric), with the point id
 * ({@code point} or {@code point_id}) and one column per swept parameter, and {@code DIR/points.parquet} (point id and
 * the swept parameters) when present, which then says which columns are parameters; without it every numeric column
 * that is not a known statistic or key is taken as a parameter. Two layouts of the metric are read: long
 * ({@code metric} names it and {@code value} holds it: one chart per metric) and wide (statistic columns such as
 * {@code mean} and {@code p_below_target} on rows keyed by {@code metric}, {@code product}, {@code period}: the rows
 * of good packages of all products over the horizon are kept, one chart per statistic).
 *
 * <p>One parameter: a line chart. Two: a heat map with each cell labelled. More: lines against the first parameter,
 * one per combination of the others. A table lists every point.
 *
 * <p>Stateless and thread-safe.
 */
final class Sweep {

  static final String SUMMARY = "sweep_summary.parquet";
  static final String POINTS = "points.parquet";

  private static final Set<String> KEYS = Set.of("point", "point_id", "metric", "product", "period", "span",
      "output", "count", "mean", "sd", "se", "min", "max", "p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95",
      "p99", "target", "p_below_target", "expected_shortfall", "value", "quantile_method", "quantile_rank_error",
      "samples", "seed", "run", "dir", "directory", "status");

  private static final List<String> STATS = List.of("mean", "p50", "p_below_target", "expected_shortfall");

  private Sweep() {
  }

  static boolean isSweep(Path dir) {
    return Files.isRegularFile(dir.resolve(SUMMARY));
  }

  /** A chart's worth: the metric's name and its value at each point (parameter vector). */
  record Metric(String name, Map<List<Double>, Double> values) {
  }

  /** The sweep read: parameter names and the metrics. */
  record Data(List<String> params, List<Metric> metrics) {
  }

  static Data read(Path dir) throws IOException {
    Table t = Table.read(dir.resolve(SUMMARY));
    String pointCol = RunData.hasColumn(t, "point") ? "point" : RunData.hasColumn(t, "point_id") ? "point_id" : null;
    List<String> params = new ArrayList<>();
    Path pointsFile = dir.resolve(POINTS);
    if (Files.isRegularFile(pointsFile)) {
      Table pts = Table.read(pointsFile);
      for (Column c : pts.schema()) {
        if (!c.name().equals("point") && !c.name().equals("point_id") && isNumeric(c)
            && RunData.hasColumn(t, c.name())) {
          params.add(c.name());
        }
      }
    }
    if (params.isEmpty()) {
      for (Column c : t.schema()) {
        if (!KEYS.contains(c.name()) && isNumeric(c)) {
          params.add(c.name());
        }
      }
    }
    if (params.isEmpty()) {
      throw new IOException(dir.resolve(SUMMARY) + " has no swept parameter column (numeric, not one of " + KEYS
          + "); its columns are " + t.schema());
    }
    List<Metric> metrics = new ArrayList<>();
    boolean longLayout = RunData.hasColumn(t, "metric") && RunData.hasColumn(t, "value")
        && t.schema().get(t.columnIndex("value")).type() == Column.Type.DOUBLE;
    if (longLayout) {
      LinkedHashSet<String> names = new LinkedHashSet<>();
      for (int r = 0; r < t.rows(); r++) {
        names.add(t.getString(r, "metric"));
      }
      for (String name : names) {
        Map<List<Double>, Double> v = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
          if (name.equals(t.getString(r, "metric"))) {
            v.putIfAbsent(point(t, r, params), t.getDouble(r, "value"));
          }
        }
        metrics.add(new Metric(name, v));
      }
    } else {
      List<Integer> rows = headlineRows(t);
      for (String stat : STATS) {
        if (!RunData.hasColumn(t, stat) || t.schema().get(t.columnIndex(stat)).type() != Column.Type.DOUBLE) {
          continue;
        }
        Map<List<Double>, Double> v = new LinkedHashMap<>();
        for (int r : rows) {
          if (!t.isNull(r, stat)) {
            v.putIfAbsent(point(t, r, params), t.getDouble(r, stat));
          }
        }
        if (!v.isEmpty()) {
          metrics.add(new Metric(stat + " of good packages, all products, horizon", v));
        }
      }
    }
    if (metrics.isEmpty()) {
      throw new IOException(dir.resolve(SUMMARY) + " has no metric: neither metric and value columns nor any of "
          + STATS + (pointCol == null ? "" : " (point column: " + pointCol + ")"));
    }
    return new Data(List.copyOf(params), List.copyOf(metrics));
  }

  private static boolean isNumeric(Column c) {
    return c.type() == Column.Type.DOUBLE || c.type() == Column.Type.INT32 || c.type() == Column.Type.INT64;
  }

  private static List<Double> point(Table t, int r, List<String> params) {
    List<Double> p = new ArrayList<>();
    for (String name : params) {
      Column.Type type = t.schema().get(t.columnIndex(name)).type();
      p.add(type == Column.Type.DOUBLE ? t.getDouble(r, name) : (double) t.getLong(r, name));
    }
    return List.copyOf(p);
  }

  /** Rows of good packages, all products, whole horizon, as far as the table has those key columns. */
  private static List<Integer> headlineRows(Table t) {
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < t.rows(); r++) {
      if (is(t, r, "metric", "good") && is(t, r, "product", "all") && is(t, r, "period", "all")) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      for (int r = 0; r < t.rows(); r++) {
        rows.add(r);
      }
    }
    return rows;
  }

  private static boolean is(Table t, int r, String col, String value) {
    return !RunData.hasColumn(t, col) || t.schema().get(t.columnIndex(col)).type() != Column.Type.STRING
        || value.equals(t.getString(r, col));
  }

  static String page(Path dir, Instant generatedAt) throws IOException {
    Data d = read(dir);
    Page p = new Page("chipmc sweep report: " + dir.toAbsolutePath().normalize().getFileName(), generatedAt);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("swept parameters", String.join(", ", d.params()));
    meta.put("points", Integer.toString(d.metrics().get(0).values().size()));
    p.meta(meta, dir.toAbsolutePath().normalize().toString());
    p.section("sweep", "Headline metrics across the sweep");
    for (int m = 0; m < d.metrics().size(); m++) {
      Metric metric = d.metrics().get(m);
      String id = "sweep-" + m;
      p.figure(id, Charts.svg(chart(d.params(), metric), Report.WIDTH, Report.HEIGHT + 60, id));
    }
    p.section("points", "Points");
    StringBuilder h = new StringBuilder("<table class=\"num\"><thead><tr>");
    for (String param : d.params()) {
      h.append("<th>").append(Html.esc(param)).append("</th>");
    }
    for (Metric metric : d.metrics()) {
      h.append("<th>").append(Html.esc(metric.name())).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (List<Double> pt : d.metrics().get(0).values().keySet()) {
      h.append("<tr>");
      for (double v : pt) {
        h.append("<td>").append(Html.esc(Html.number(v))).append("</td>");
      }
      for (Metric metric : d.metrics()) {
        Double v = metric.values().get(pt);
        h.append("<td>").append(Html.esc(v == null ? "" : format(metric.name(), v))).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table>");
    p.raw(h.toString());
    return p.finish();
  }

  private static boolean isProbability(String name) {
    String l = name.toLowerCase(Locale.ROOT);
    return l.startsWith("p_") || l.contains("prob");
  }

  private static String format(String name, double v) {
    return isProbability(name) ? Html.percent(v) : Math.abs(v) >= 1e4 ? Html.packages(v) : Html.number(v);
  }

  private static org.jfree.chart.JFreeChart chart(List<String> params, Metric metric) {
    boolean prob = isProbability(metric.name());
    double max = metric.values().values().stream().mapToDouble(v -> Math.abs(v)).max().orElse(0);
    double scale = prob ? 100 : max >= 1e4 ? 1e6 : 1;
    String unit = prob ? " (%)" : scale == 1e6 ? " (millions)" : "";
    String yLabel = metric.name() + unit;
    if (params.size() == 2) {
      TreeSet<Double> xs = new TreeSet<>();
      TreeSet<Double> ys = new TreeSet<>();
      int n = metric.values().size();
      double[] xv = new double[n];
      double[] yv = new double[n];
      double[] zv = new double[n];
      int i = 0;
      for (Map.Entry<List<Double>, Double> e : metric.values().entrySet()) {
        xv[i] = e.getKey().get(0);
        yv[i] = e.getKey().get(1);
        zv[i] = prob ? e.getValue() * 100 : scale == 1e6 ? e.getValue() / 1e6 : e.getValue();
        xs.add(xv[i]);
        ys.add(yv[i]);
        i++;
      }
      return Charts.heatMap(metric.name(), params.get(0), xs.stream().mapToDouble(Double::doubleValue).toArray(),
          params.get(1), ys.stream().mapToDouble(Double::doubleValue).toArray(), yLabel, xv, yv, zv,
          prob ? "%.1f" : "%.3g");
    }
    Map<List<Double>, XYSeries> series = new LinkedHashMap<>();
    for (Map.Entry<List<Double>, Double> e : metric.values().entrySet()) {
      List<Double> rest = e.getKey().subList(1, e.getKey().size());
      XYSeries s = series.computeIfAbsent(rest, k -> new XYSeries(label(params, k)));
      s.add(e.getKey().get(0).doubleValue(), prob ? e.getValue() * 100 : e.getValue() / scale);
    }
    return Charts.sweepLines(metric.name(), params.get(0), yLabel, new ArrayList<>(series.values()));
  }

  private static String label(List<String> params, List<Double> rest) {
    if (rest.isEmpty()) {
      return "all points";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      parts.add(params.get(i + 1) + " = " + Html.number(rest.get(i)));
    }
    return String.join(", ", parts);
  }
}
