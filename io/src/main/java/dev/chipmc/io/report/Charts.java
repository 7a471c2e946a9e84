package dev.chipmc.io.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts, drawn by JFreeChart and written as inline SVG by JFreeSVG (AWT in headless mode: no display
 * is needed). Every chart has fixed colours and sizes and no time in it, so the same run gives the same SVG.
 *
 * <p>The colours are part of the contract with the report's tests, which count the SVG shapes of each colour:
 * {@link #BAND_90} and {@link #BAND_50} fill the fan chart's bands, {@link #HISTOGRAM} the histogram's bars,
 * {@link #POSITIVE} and {@link #NEGATIVE} the tornado's bars.
 *
 * <p>Stateless and thread-safe (each call builds its own chart and SVG canvas).
 */
final class Charts {

  static final Color BAND_90 = new Color(0x9E, 0xC5, 0xE8);
  static final Color BAND_50 = new Color(0x4A, 0x8B, 0xC8);
  static final Color MEDIAN = new Color(0x0B, 0x3C, 0x7A);
  static final Color TARGET = new Color(0xC6, 0x28, 0x28);
  static final Color HISTOGRAM = new Color(0x5B, 0x8F, 0xB9);
  static final Color POSITIVE = new Color(0x2E, 0x7D, 0x32);
  static final Color NEGATIVE = new Color(0xC6, 0x28, 0x28);
  static final Color S1 = new Color(0x4A, 0x8B, 0xC8);
  static final Color ST = new Color(0xF0, 0x9A, 0x3E);

  /** Constraint colours, in order of first appearance (demand first, then resources). */
  static final Color[] PALETTE = {
    new Color(0x9E, 0x9E, 0x9E), new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E),
    new Color(0x2C, 0xA0, 0x2C), new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD),
    new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2), new Color(0xBC, 0xBD, 0x22),
    new Color(0x17, 0xBE, 0xCF), new Color(0x39, 0x3B, 0x79), new Color(0x63, 0x79, 0x39)
  };

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  static {
    // JFreeChart's default draws rotated text (the y axis labels) through a TextLayout, which JFreeSVG can only
    // write as glyph outlines; without the workaround it is a <text> element, selectable and searchable.
    org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private Charts() {
  }

  /** One quarter of a fan chart, in the unit of the chart. */
  record FanPoint(String period, double p05, double p25, double p50, double p75, double p95, double target) {
  }

  /**
   * Fan chart: the median as a line, the 50 % (p25..p75) and 90 % (p05..p95) bands as filled areas, the target (NaN
   * where none) as a dashed line.
   */
  static JFreeChart fan(String title, List<FanPoint> points, String yLabel) {
    YIntervalSeries b90 = new YIntervalSeries("90 % band (P5-P95)");
    YIntervalSeries b50 = new YIntervalSeries("50 % band (P25-P75)");
    XYSeries median = new XYSeries("median");
    XYSeries target = new XYSeries("target");
    String[] labels = new String[points.size()];
    for (int i = 0; i < points.size(); i++) {
      FanPoint p = points.get(i);
      labels[i] = p.period();
      b90.add(i, p.p50(), p.p05(), p.p95());
      b50.add(i, p.p50(), p.p25(), p.p75());
      median.add(i, p.p50());
      if (!Double.isNaN(p.target())) {
        target.add(i, p.target());
      }
    }
    YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
    bands.addSeries(b90);
    bands.addSeries(b50);
    DeviationRenderer bandRenderer = new DeviationRenderer(false, false);
    bandRenderer.setAlpha(1f);
    bandRenderer.setSeriesFillPaint(0, BAND_90);
    bandRenderer.setSeriesFillPaint(1, BAND_50);
    bandRenderer.setSeriesPaint(0, BAND_90);
    bandRenderer.setSeriesPaint(1, BAND_50);
    bandRenderer.setSeriesStroke(0, new BasicStroke(0f));
    bandRenderer.setSeriesStroke(1, new BasicStroke(0f));

    XYSeriesCollection lines = new XYSeriesCollection();
    lines.addSeries(median);
    if (target.getItemCount() > 0) {
      lines.addSeries(target);
    }
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, true);
    lineRenderer.setSeriesPaint(0, MEDIAN);
    lineRenderer.setSeriesStroke(0, new BasicStroke(2.5f));
    lineRenderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
    lineRenderer.setSeriesPaint(1, TARGET);
    lineRenderer.setSeriesShapesVisible(1, false);
    lineRenderer.setSeriesStroke(1, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {8f, 5f}, 0f));

    SymbolAxis x = new SymbolAxis("quarter", labels);
    x.setGridBandsVisible(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    y.setNumberFormatOverride(decimal("#,##0.0##"));
    XYPlot plot = new XYPlot(lines, x, y, lineRenderer);
    plot.setDataset(1, bands);
    plot.setRenderer(1, bandRenderer);
    // bands (dataset 1) under the lines (dataset 0); the 90 % band (series 0) under the 50 % band (series 1)
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);
    plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
    return finish(new JFreeChart(title, TITLE, plot, true));
  }

  /** Histogram of values with the target marked; {@code note} goes under the title. */
  static JFreeChart histogram(String title, double[] values, int bins, double target, String xLabel, String note) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double width = (hi - lo) / bins;
    int[] counts = new int[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
    }
    XYSeries s = new XYSeries("samples", false, true);
    for (int b = 0; b < bins; b++) {
      s.add(lo + (b + 0.5) * width, counts[b]);
    }
    XYSeriesCollection data = new XYSeriesCollection(s);
    data.setIntervalWidth(width);
    XYBarRenderer r = new XYBarRenderer(0.05);
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, HISTOGRAM);
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    x.setNumberFormatOverride(decimal("#,##0.0##"));
    NumberAxis y = new NumberAxis("samples");
    XYPlot plot = new XYPlot(data, x, y, r);
    if (!Double.isNaN(target)) {
      plot.addDomainMarker(targetMarker(target));
    }
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    chart.addSubtitle(subtitle(note));
    return finish(chart);
  }

  /** Empirical CDF from sorted {@code x} and their probabilities {@code p}, with the target and P(below) marked. */
  static JFreeChart cdf(String title, double[] x, double[] p, double target, double pBelow, String xLabel,
      String note) {
    XYSeries s = new XYSeries("P(total <= x)", false, true);
    for (int i = 0; i < x.length; i++) {
      s.add(x[i], p[i]);
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, MEDIAN);
    r.setSeriesStroke(0, new BasicStroke(2f));
    NumberAxis xa = new NumberAxis(xLabel);
    xa.setAutoRangeIncludesZero(false);
    xa.setNumberFormatOverride(decimal("#,##0.0##"));
    NumberAxis ya = new NumberAxis("cumulative probability");
    ya.setRange(0, 1);
    XYPlot plot = new XYPlot(new XYSeriesCollection(s), xa, ya, r);
    if (!Double.isNaN(target)) {
      plot.addDomainMarker(targetMarker(target));
      if (!Double.isNaN(pBelow)) {
        ValueMarker h = new ValueMarker(pBelow, TARGET, new BasicStroke(1f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        h.setLabel(String.format(Locale.ROOT, "P(below target) = %.1f %%", 100 * pBelow));
        h.setLabelFont(SUBTITLE);
        h.setLabelPaint(TARGET);
        h.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        h.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(h);
      }
    }
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    chart.addSubtitle(subtitle(note));
    return finish(chart);
  }

  /** Stacked bars of binding frequencies: one bar per period, one segment per constraint. */
  static JFreeChart binding(String title, DefaultCategoryDataset frequencies) {
    StackedBarRenderer r = new StackedBarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    for (int i = 0; i < frequencies.getRowCount(); i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    NumberAxis y = new NumberAxis("share of samples");
    y.setRange(0, 1);
    y.setNumberFormatOverride(decimal("0%"));
    CategoryAxis x = new CategoryAxis("quarter");
    CategoryPlot plot = new CategoryPlot(frequencies, x, y, r);
    return finish(new JFreeChart(title, TITLE, plot, true));
  }

  /** Horizontal bars of signed correlations, green for positive, red for negative, largest first. */
  static JFreeChart tornado(String title, List<String> names, double[] rho, String note) {
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (int i = 0; i < names.size(); i++) {
      d.addValue(rho[i], "rho", names.get(i));
    }
    BarRenderer r = new BarRenderer() {
      @Override
      public Paint getItemPaint(int row, int column) {
        Number v = getPlot().getDataset().getValue(row, column);
        return v != null && v.doubleValue() < 0 ? NEGATIVE : POSITIVE;
      }
    };
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    NumberAxis y = new NumberAxis("Spearman rank correlation with the output");
    y.setRange(-1, 1);
    CategoryAxis x = new CategoryAxis(null);
    x.setMaximumCategoryLabelWidthRatio(0.45f);
    CategoryPlot plot = new CategoryPlot(d, x, y, r);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    chart.addSubtitle(subtitle(note));
    return finish(chart);
  }

  /** Grouped horizontal bars of first-order and total Sobol indices per factor. */
  static JFreeChart sobol(String title, List<String> factors, double[] s1, double[] st, String note) {
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (int i = 0; i < factors.size(); i++) {
      d.addValue(s1[i], "S1 (first order)", factors.get(i));
      d.addValue(st[i], "ST (total)", factors.get(i));
    }
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    r.setSeriesPaint(0, S1);
    r.setSeriesPaint(1, ST);
    NumberAxis y = new NumberAxis("Sobol index");
    y.setAutoRangeIncludesZero(true);
    CategoryAxis x = new CategoryAxis(null);
    x.setMaximumCategoryLabelWidthRatio(0.45f);
    CategoryPlot plot = new CategoryPlot(d, x, y, r);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    chart.addSubtitle(subtitle(note));
    return finish(chart);
  }

  /** One line per series of a metric against one swept parameter. */
  static JFreeChart sweepLines(String title, String xLabel, String yLabel, List<XYSeries> series) {
    XYSeriesCollection d = new XYSeriesCollection();
    series.forEach(d::addSeries);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, PALETTE[(i + 1) % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    return finish(new JFreeChart(title, TITLE, new XYPlot(d, x, y, r), series.size() > 1));
  }

  /**
   * Heat map of a metric over two swept parameters, one cell per point (cells on the grid of distinct values), each
   * cell labelled with its value.
   */
  static JFreeChart heatMap(String title, String xLabel, double[] xs, String yLabel, double[] ys, String zLabel,
      double[] xv, double[] yv, double[] zv, String zFormat) {
    DefaultXYZDataset d = new DefaultXYZDataset();
    double[] xi = new double[xv.length];
    double[] yi = new double[yv.length];
    for (int i = 0; i < xv.length; i++) {
      xi[i] = java.util.Arrays.binarySearch(xs, xv[i]);
      yi[i] = java.util.Arrays.binarySearch(ys, yv[i]);
    }
    d.addSeries(zLabel, new double[][] {xi, yi, zv});
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double z : zv) {
      if (!Double.isNaN(z)) {
        lo = Math.min(lo, z);
        hi = Math.max(hi, z);
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    LookupPaintScale scale = new LookupPaintScale(lo, hi + (hi - lo) * 1e-9, Color.LIGHT_GRAY);
    int steps = 32;
    for (int k = 0; k < steps; k++) {
      float t = k / (float) (steps - 1);
      scale.add(lo + (hi - lo) * k / steps, new Color(
          Math.round(247 + (8 - 247) * t), Math.round(251 + (48 - 251) * t), Math.round(255 + (107 - 255) * t)));
    }
    XYBlockRenderer r = new XYBlockRenderer();
    r.setPaintScale(scale);
    SymbolAxis x = new SymbolAxis(xLabel, labels(xs));
    x.setGridBandsVisible(false);
    SymbolAxis y = new SymbolAxis(yLabel, labels(ys));
    y.setGridBandsVisible(false);
    XYPlot plot = new XYPlot(d, x, y, r);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    for (int i = 0; i < zv.length; i++) {
      XYTextAnnotation a = new XYTextAnnotation(String.format(Locale.ROOT, zFormat, zv[i]), xi[i], yi[i]);
      a.setFont(SUBTITLE);
      a.setPaint(zv[i] > lo + 0.55 * (hi - lo) ? Color.WHITE : Color.BLACK);
      plot.addAnnotation(a);
    }
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    NumberAxis za = new NumberAxis(zLabel);
    za.setRange(lo, hi);
    PaintScaleLegend legend = new PaintScaleLegend(scale, za);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(5, 5, 5, 5));
    legend.setStripWidth(14);
    chart.addSubtitle(legend);
    return finish(chart);
  }

  private static String[] labels(double[] values) {
    String[] s = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      s[i] = Html.number(values[i]);
    }
    return s;
  }

  private static ValueMarker targetMarker(double target) {
    ValueMarker m = new ValueMarker(target, TARGET, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10f, new float[] {8f, 5f}, 0f));
    m.setLabel("target");
    m.setLabelFont(SUBTITLE);
    m.setLabelPaint(TARGET);
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    return m;
  }

  private static TextTitle subtitle(String text) {
    TextTitle t = new TextTitle(text, SUBTITLE);
    t.setPaint(Color.DARK_GRAY);
    return t;
  }

  private static JFreeChart finish(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof XYPlot p) {
      p.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
      p.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    } else if (chart.getPlot() instanceof CategoryPlot p) {
      p.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
      if (p.getOrientation() == PlotOrientation.VERTICAL && p.getCategories().size() > 8) {
        p.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
      }
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setFrame(BlockBorder.NONE);
      legend.setItemFont(SUBTITLE);
    }
    chart.setAntiAlias(true);
    return chart;
  }

  private static DecimalFormat decimal(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  /**
   * Draws a chart as an {@code <svg>} element that scales to its container (a viewBox, no fixed size).
   *
   * @param id the element's id, also the prefix of its clip-path ids, so that several charts can share a page
   */
  static String svg(JFreeChart chart, int width, int height, String id) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    return g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
  }

  /** Keeps at most {@code max} evenly spaced indices of {@code n} (first and last always), for long CDF lines. */
  static int[] thin(int n, int max) {
    if (n <= max) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < max; k++) {
      keep.add((int) Math.round((double) k * (n - 1) / (max - 1)));
    }
    return keep.stream().mapToInt(Integer::intValue).distinct().toArray();
  }
}
