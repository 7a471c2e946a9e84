package dev.chipmc.io.run;

import dev.chipmc.engine.run.RunResult;
import dev.chipmc.engine.run.RunResult.BindingRow;
import dev.chipmc.engine.run.RunResult.SummaryRow;
import dev.chipmc.engine.stats.ColumnSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The short human summary {@code chipmc run} prints when it finishes. */
public final class RunSummaryText {
    private RunSummaryText() {
    }

    public static String format(RunJob.Outcome o) {
        RunResult r = o.result();
        StringBuilder b = new StringBuilder();
        double secs = r.elapsedNanos() / 1e9;
        b.append(String.format(Locale.ROOT, "chipmc run: %s, %,d samples (%s, seed %d, %d threads) in %.1f s (%,.0f samples/s)%n",
                o.scenario().name(), r.samples(), r.run().config().sampler().name().toLowerCase(Locale.ROOT),
                r.run().config().seed(), r.run().config().threads(), secs, secs > 0 ? r.samples() / secs : 0));
        b.append(String.format(Locale.ROOT, "quantiles: %s; stopped: %s%n", r.quantileMode().name().toLowerCase(Locale.ROOT),
                o.stopReason()));
        b.append(String.format(Locale.ROOT, "%nTotal good packages (all products)%n"));
        b.append(String.format(Locale.ROOT, "  %-8s %12s %12s %12s %12s %12s %14s%n", "span", "P5", "P50", "mean", "P95",
                "target", "P(< target)"));
        for (SummaryRow row : r.summaryRows()) {
            if (!row.metric().equals("good") || !row.product().equals("all")) {
                continue;
            }
            if (!(row.period().matches("\\d{4}") || row.period().equals("all"))) {
                continue;
            }
            ColumnSummary s = row.stats();
            b.append(String.format(Locale.ROOT, "  %-8s %12s %12s %12s %12s %12s %14s%n", row.period(), num(s.quantiles()[1]),
                    num(s.quantiles()[4]), num(s.mean()), num(s.quantiles()[7]), num(row.targetMean()),
                    pct(row.pBelowTarget())));
        }
        List<SummaryRow> targeted = new ArrayList<>();
        for (SummaryRow row : r.summaryRows()) {
            if (row.metric().equals("good") && !row.product().equals("all") && !Double.isNaN(row.pBelowTarget())
                    && row.period().equals("all")) {
                targeted.add(row);
            }
        }
        if (!targeted.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nProducts with targets, over the horizon%n"));
            for (SummaryRow row : targeted) {
                b.append(String.format(Locale.ROOT, "  %-24s P50 %12s  target %12s  P(< target) %s  expected shortfall %s%n",
                        row.product(), num(row.stats().quantiles()[4]), num(row.targetMean()), pct(row.pBelowTarget()),
                        num(row.expectedShortfall())));
            }
        }
        Map<String, double[]> byConstraint = new LinkedHashMap<>();
        int cells = 0;
        for (BindingRow row : r.bindingRows()) {
            byConstraint.computeIfAbsent(row.product() + " <- " + row.constraint(), k -> new double[1])[0] += row.frequency();
        }
        cells = r.run().model().periods();
        List<Map.Entry<String, double[]>> top = new ArrayList<>(byConstraint.entrySet());
        top.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0]));
        b.append(String.format(Locale.ROOT, "%nTop binding constraints (share of product-periods)%n"));
        for (int i = 0; i < Math.min(6, top.size()); i++) {
            b.append(String.format(Locale.ROOT, "  %-40s %6.1f %%%n", top.get(i).getKey(), 100 * top.get(i).getValue()[0] / cells));
        }
        List<RunResult.SensitivityRow> tornado = r.topSensitivities(10);
        if (!tornado.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nStrongest rank correlations (Spearman, input -> output)%n"));
            for (RunResult.SensitivityRow row : tornado) {
                b.append(String.format(Locale.ROOT, "  %-32s %-36s %+.3f +- %.3f%n", row.input(), row.output(),
                        row.spearman(), Double.isNaN(row.standardError()) ? 0 : row.standardError()));
            }
        }
        b.append(String.format(Locale.ROOT, "%nResults: %s%n", o.directory()));
        return b.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3fM", v / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String pct(double p) {
        return Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * p);
    }
}
