package dev.chipmc.io.report;

import dev.chipmc.io.parquet.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * {@code chipmc report DIR}: one self-contained HTML file, {@code DIR/report.html}, with every chart as inline SVG
 * (no script, no style sheet or font from the network), so it opens offline in any browser.
 *
 * <p>For a run directory: the run's description and headline numbers; a fan chart (median, 50 % and 90 % bands of
 * good packages per quarter, target as a dashed line) for all products together and for each product; the histogram
 * and CDF of total good packages over the horizon with the target and P(below target) marked; the binding
 * constraints as stacked bars per product and quarter; a tornado of the inputs' rank correlations with the total;
 * and Sobol indices where the run has {@code sobol.parquet}. For a sweep directory ({@code sweep_summary.parquet}):
 * a line chart or heat map of the headline metrics across the swept parameters ({@link Sweep}).
 *
 * <p>The page is a function of the directory's files except for one "generated at" line, so two reports of the
 * same run differ only there.
 *
 * <p>Stateless and thread-safe; AWT is used in headless mode ({@code java.awt.headless} is set to true if unset).
 */
public final class Report {

  /** The report's file name inside the directory. */
  public static final String FILE = "report.html";

  /** Inputs shown in the tornado and factors in the Sobol chart, largest first. */
  static final int TOP = 15;

  static final int WIDTH = 900;
  static final int HEIGHT = 420;

  private Report() {
  }

  /**
   * Writes {@code dir/report.html} (replacing one that is there).
   *
   * @param dir a complete run directory, or a sweep directory
   * @return the path of the report
   * @throws IOException if the directory's files cannot be read or the report cannot be written; a directory that
   *     is neither a run nor a sweep is reported by name
   */
  public static Path write(Path dir) throws IOException {
    return write(dir, Instant.now());
  }

  /**
   * As {@link #write(Path)}, with the "generated at" time given (for reproducible files in tests).
   *
   * @param dir a complete run directory, or a sweep directory
   * @param generatedAt the time shown on the page's "generated at" line
   * @return the path of the report
   * @throws IOException if the directory's files cannot be read or the report cannot be written
   */
  public static Path write(Path dir, Instant generatedAt) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    String html = Sweep.isSweep(dir) ? Sweep.page(dir, generatedAt) : runPage(RunData.load(dir), generatedAt);
    Path out = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  static String runPage(RunData d, Instant generatedAt) {
    Page p = new Page("chipmc report: " + d.meta().getOrDefault("scenario", ""), generatedAt);
    p.meta(d.meta(), d.dir().toAbsolutePath().normalize().toString());
    headline(p, d);
    fans(p, d);
    distribution(p, d);
    binding(p, d);
    sensitivity(p, d);
    return p.finish();
  }

  private static void headline(Page p, RunData d) {
    p.section("headline", "Headline numbers");
    p.raw("<p>Good packages (millions where marked M). P(&lt; target) is the share of samples whose good packages,"
        + " summed over the span, fall short of the target summed over the span.</p>");
    p.raw("<table class=\"num\"><thead><tr><th>product</th><th>span</th><th>mean</th><th>P5</th><th>P50</th>"
        + "<th>P95</th><th>target</th><th>P(&lt; target)</th><th>expected shortfall</th></tr></thead><tbody>");
    Table s = d.summary();
    List<String> entities = new ArrayList<>();
    entities.add("all");
    entities.addAll(d.products());
    for (String product : entities) {
      for (long r = 0; r < s.rows(); r++) {
        if (!"good".equals(s.getString(r, "metric")) || !product.equals(s.getString(r, "product"))) {
          continue;
        }
        String span = s.getString(r, "span");
        boolean targeted = !s.isNull(r, "target");
        if ("period".equals(span) || !"all".equals(product) && !targeted && !"horizon".equals(span)) {
          continue;
        }
        p.raw("<tr><td>" + Html.esc(product) + "</td><td>" + Html.esc(s.getString(r, "period")) + "</td>"
            + td(Html.packages(s.getDouble(r, "mean"))) + td(Html.packages(s.getDouble(r, "p05")))
            + td(Html.packages(s.getDouble(r, "p50"))) + td(Html.packages(s.getDouble(r, "p95")))
            + td(Html.packages(s.getDouble(r, "target"))) + td(Html.percent(s.getDouble(r, "p_below_target")))
            + td(Html.packages(s.getDouble(r, "expected_shortfall"))) + "</tr>");
      }
    }
    p.raw("</tbody></table>");
  }

  private static String td(String s) {
    return "<td>" + Html.esc(s) + "</td>";
  }

  private static void fans(Page p, RunData d) {
    p.section("fan", "Good packages per quarter");
    p.raw("<p>Median (line), 50 % band (P25 to P75, dark) and 90 % band (P5 to P95, light) of good packages each"
        + " quarter; the target, where the scenario sets one, as a dashed red line.</p>");
    List<String> entities = new ArrayList<>();
    entities.add("all");
    entities.addAll(d.products());
    List<String> quarters = d.periods("period");
    for (int i = 0; i < entities.size(); i++) {
      String product = entities.get(i);
      List<Charts.FanPoint> pts = new ArrayList<>();
      for (String q : quarters) {
        long r = d.summaryRow("good", product, q);
        if (r < 0) {
          continue;
        }
        Table s = d.summary();
        pts.add(new Charts.FanPoint(q, s.getDouble(r, "p05") / 1e6, s.getDouble(r, "p25") / 1e6,
            s.getDouble(r, "p50") / 1e6, s.getDouble(r, "p75") / 1e6, s.getDouble(r, "p95") / 1e6,
            s.getDouble(r, "target") / 1e6));
      }
      String title = "all".equals(product) ? "All products" : product;
      p.figure("fan-" + i, Charts.svg(Charts.fan(title, pts, "good packages (millions)"), Report.WIDTH,
          Report.HEIGHT, "fan-" + i));
    }
  }

  private static void distribution(Page p, RunData d) {
    p.section("distribution", "Total good packages over the horizon");
    long row = d.summaryRow("good", "all", "all");
    Table s = d.summary();
    double target = row < 0 ? Double.NaN : s.getDouble(row, "target");
    double pBelow = row < 0 ? Double.NaN : s.getDouble(row, "p_below_target");
    String targetNote = Double.isNaN(target) ? "no target"
        : "target " + Html.packages(target) + ": P(below target) = " + Html.percent(pBelow) + " (summary)";
    if (d.hasSamples()) {
      double[] m = Arrays.stream(d.totals()).map(v -> v / 1e6).toArray();
      String from = String.format(Locale.ROOT, "%,d samples from samples/", d.samplesRead());
      p.figure("histogram", Charts.svg(Charts.histogram("Histogram of total good packages", m, 40, target / 1e6,
          "good packages over the horizon, all products (millions)", from + "; " + targetNote),
          WIDTH, HEIGHT, "histogram"));
      double[] sorted = m.clone();
      Arrays.sort(sorted);
      int[] keep = Charts.thin(sorted.length, 400);
      double[] x = new double[keep.length];
      double[] pr = new double[keep.length];
      for (int k = 0; k < keep.length; k++) {
        x[k] = sorted[keep[k]];
        pr[k] = (keep[k] + 1.0) / sorted.length;
      }
      p.figure("cdf", Charts.svg(Charts.cdf("Cumulative distribution of total good packages", x, pr, target / 1e6,
          pBelow, "good packages over the horizon, all products (millions)", "empirical CDF of " + from + "; "
          + targetNote), WIDTH, HEIGHT, "cdf"));
    } else if (row >= 0) {
      p.raw("<p class=\"note\">No histogram: the run has no per-sample results (run with --write-samples)."
          + " The CDF below is drawn through the summary's quantiles P1 to P99, min and max.</p>");
      String[] cols = {"min", "p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "max"};
      double[] probs = {0, .01, .05, .10, .25, .50, .75, .90, .95, .99, 1};
      double[] x = new double[cols.length];
      for (int i = 0; i < cols.length; i++) {
        x[i] = s.getDouble(row, cols[i]) / 1e6;
      }
      p.figure("cdf", Charts.svg(Charts.cdf("Cumulative distribution of total good packages", x, probs,
          target / 1e6, pBelow, "good packages over the horizon, all products (millions)",
          "drawn through the summary's quantiles (no samples/ in this run); " + targetNote), WIDTH, HEIGHT, "cdf"));
    }
  }

  private static void binding(Page p, RunData d) {
    p.section("binding", "Binding constraints");
    Table b = d.binding();
    if (b == null) {
      p.raw("<p class=\"note\">No binding.parquet in this run.</p>");
      return;
    }
    p.raw("<p>Share of samples in which each constraint limited the product's output in the quarter"
        + " (demand, or a resource of its bill of materials).</p>");
    List<String> products = d.products();
    for (int i = 0; i < products.size(); i++) {
      String product = products.get(i);
      DefaultCategoryDataset data = new DefaultCategoryDataset();
      for (long r = 0; r < b.rows(); r++) {
        if (product.equals(b.getString(r, "product"))) {
          data.addValue(b.getDouble(r, "frequency"), b.getString(r, "binding"), b.getString(r, "period"));
        }
      }
      if (data.getRowCount() > 0) {
        p.figure("binding-" + i, Charts.svg(Charts.binding(product, data), WIDTH, 380, "binding-" + i));
      }
    }
  }

  private static void sensitivity(Page p, RunData d) {
    p.section("sensitivity", "Sensitivity");
    Tornado t = Tornado.of(d);
    if (t == null) {
      p.raw("<p class=\"note\">No sensitivity: the run has neither sensitivity.parquet nor samples/ and inputs/"
          + " (run with --write-samples to rank the inputs).</p>");
    } else {
      p.figure("tornado", Charts.svg(Charts.tornado("Top inputs by rank correlation", t.names(), t.rho(), t.note()),
          WIDTH, 120 + 26 * t.names().size(), "tornado"));
    }
    Table sobol = d.sobol();
    if (sobol != null) {
      sobol(p, sobol);
    }
  }

  private static void sobol(Page p, Table t) {
    String factor = column(t, "factor", "input");
    String s1 = column(t, "S1", "s1");
    String st = column(t, "ST", "st");
    String s1ci = findColumn(t, "S1", "ci", "conf");
    String stci = findColumn(t, "ST", "ci", "conf");
    String output = Tornado.pickOutput(t);
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < t.rows(); r++) {
      if (output == null || output.equals(t.getString(r, "output"))) {
        rows.add(r);
      }
    }
    rows.sort(Comparator.comparingDouble((Integer r) -> -nanToZero(t.getDouble(r, st))));
    List<Integer> top = rows.subList(0, Math.min(TOP, rows.size()));
    List<String> names = new ArrayList<>();
    double[] a = new double[top.size()];
    double[] b = new double[top.size()];
    for (int k = 0; k < top.size(); k++) {
      names.add(t.getString(top.get(k), factor));
      a[k] = t.getDouble(top.get(k), s1);
      b[k] = t.getDouble(top.get(k), st);
    }
    String note = "from sobol.parquet" + (output == null ? "" : "; output: " + output);
    p.figure("sobol", Charts.svg(Charts.sobol("Sobol indices", names, a, b, note), WIDTH,
        140 + 34 * names.size(), "sobol"));
    p.raw("<table class=\"num\"><thead><tr><th>factor</th><th>S1</th><th>S1 CI</th><th>ST</th><th>ST CI</th>"
        + "</tr></thead><tbody>");
    for (int r : top) {
      p.raw("<tr><td>" + Html.esc(t.getString(r, factor)) + "</td>" + td(Html.number(t.getDouble(r, s1)))
          + td(s1ci == null ? "" : Html.number(t.getDouble(r, s1ci))) + td(Html.number(t.getDouble(r, st)))
          + td(stci == null ? "" : Html.number(t.getDouble(r, stci))) + "</tr>");
    }
    p.raw("</tbody></table>");
  }

  private static double nanToZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** The first of the names that is a column (exact, then ignoring case). */
  static String column(Table t, String... names) {
    for (String n : names) {
      for (var c : t.schema()) {
        if (c.name().equals(n)) {
          return c.name();
        }
      }
    }
    for (String n : names) {
      for (var c : t.schema()) {
        if (c.name().equalsIgnoreCase(n)) {
          return c.name();
        }
      }
    }
    throw new IllegalArgumentException("none of the columns " + List.of(names) + " in " + t.schema());
  }

  /** A DOUBLE column whose name starts with {@code prefix} and contains one of {@code marks} (case ignored). */
  private static String findColumn(Table t, String prefix, String... marks) {
    for (var c : t.schema()) {
      String n = c.name().toLowerCase(Locale.ROOT);
      if (n.startsWith(prefix.toLowerCase(Locale.ROOT)) && n.length() > prefix.length()
          && c.type() == dev.chipmc.io.parquet.Column.Type.DOUBLE) {
        for (String m : marks) {
          if (n.contains(m)) {
            return c.name();
          }
        }
      }
    }
    return null;
  }
}
