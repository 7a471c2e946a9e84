package dev.chipmc.engine.run;

import dev.chipmc.engine.stats.ColumnSummary;
import dev.chipmc.engine.stats.QuantileMode;
import dev.chipmc.model.BomLine;
import dev.chipmc.model.Product;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.SampleOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * The merged statistics of a run (MODEL.md section 9) and the tables they make: one summary row per
 * (metric, product or {@code all}, period, year or {@code all}), binding-constraint frequencies and
 * resource figures.
 */
public final class RunResult {

    /** Statistics of one output. {@code targetMean}, {@code pBelowTarget} and {@code expectedShortfall} are NaN without a target. */
    public record SummaryRow(String metric, String product, String period, ColumnSummary stats, double targetMean,
            double pBelowTarget, double expectedShortfall) {
    }

    /** How often {@code constraint} bound {@code product} in {@code period}. */
    public record BindingRow(String product, String period, String constraint, long count, double frequency) {
    }

    /** Means over samples of a resource's figures in one period. */
    public record ResourceRow(String resource, String period, double meanAvailable, double meanUsed,
            double meanUtilisation, double pUtilisationAbove99) {
    }

    /**
     * Spearman rank correlation of {@code input} with {@code output} ({@link RankCorrelation}):
     * {@code output} reads {@code metric product period}, e.g. {@code good all 2027}; NaN where no
     * chunk had both varying; {@code chunks} is how many chunks the estimate averages.
     */
    public record SensitivityRow(String input, String output, String metric, String product, String period,
            double spearman, double standardError, long chunks) {
    }

    /**
     * What resource {@code resource} cost product {@code product} in {@code period}: how often it was
     * the binding constraint (over all samples), and the volume lost to it, {@code V_{p,t}} with the
     * resource unlimited in that period minus {@code V_{p,t}}, averaged over the relaxed subsample
     * ({@code relaxedSamples}, every {@link MonteCarloRun#BOTTLENECK_EVERY}-th sample) with its
     * standard error.
     */
    public record BottleneckRow(String product, String period, String resource, long bindingCount,
            double frequencyBinding, long relaxedSamples, double meanVolumeLost, double volumeLostSe) {
    }

    private final MonteCarloRun run;
    private final ChunkResult merged;
    private final long chunksDone;
    private final boolean stoppedEarly;
    private final long elapsedNanos;

    RunResult(MonteCarloRun run, ChunkResult merged, long chunksDone, boolean stoppedEarly, long elapsedNanos) {
        this.run = run;
        this.merged = merged;
        this.chunksDone = chunksDone;
        this.stoppedEarly = stoppedEarly;
        this.elapsedNanos = elapsedNanos;
    }

    public MonteCarloRun run() {
        return run;
    }

    public ChunkResult merged() {
        return merged;
    }

    public long samples() {
        return merged.samples;
    }

    public long chunksDone() {
        return chunksDone;
    }

    /** Whether the listener stopped the run before its last chunk. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Wall time of {@link MonteCarloRun#execute} that made this result (this session only). */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    public QuantileMode quantileMode() {
        return merged.stats.mode();
    }

    /** The statistics of column {@code c} of the run's {@link OutputLayout}. */
    public ColumnSummary column(int c) {
        return merged.stats.summary(c);
    }

    public List<SummaryRow> summaryRows() {
        OutputLayout layout = run.layout();
        List<SummaryRow> rows = new ArrayList<>();
        for (OutputLayout.Cell cell : layout.cells()) {
            double targetMean = Double.NaN;
            double below = Double.NaN;
            double es = Double.NaN;
            ColumnSummary shortfall = null;
            if (cell.target() >= 0) {
                targetMean = column(cell.target()).mean();
                below = column(cell.below()).mean();
                shortfall = column(cell.shortfall());
                es = shortfall.mean();
            }
            rows.add(new SummaryRow("good", cell.entityName(), cell.span(), column(cell.good()), targetMean, below, es));
            if (cell.started() >= 0) {
                rows.add(new SummaryRow("started", cell.entityName(), cell.span(), column(cell.started()), Double.NaN,
                        Double.NaN, Double.NaN));
            }
            if (shortfall != null) {
                rows.add(new SummaryRow("shortfall", cell.entityName(), cell.span(), shortfall, targetMean, below, es));
            }
        }
        return rows;
    }

    /**
     * Binding frequencies per product and period for every constraint that can bind that product:
     * {@code demand} where it has a demand cap, and each resource of its bill of materials, in
     * bill-of-materials order (zero frequencies included, so pivots have every column).
     */
    public List<BindingRow> bindingRows() {
        CompiledModel model = run.model();
        int periods = model.periods();
        int codes = model.bindingCodes();
        long n = merged.samples;
        List<BindingRow> rows = new ArrayList<>();
        for (int p = 0; p < model.products(); p++) {
            Product product = model.scenario().products().get(p);
            List<Integer> codesOfProduct = new ArrayList<>();
            if (product.demandCap().isPresent()) {
                codesOfProduct.add(SampleOutput.BINDING_DEMAND);
            }
            for (BomLine line : product.bom()) {
                for (int code = 1; code < codes; code++) {
                    if (model.bindingName(code).equals(line.resource()) && !codesOfProduct.contains(code)) {
                        codesOfProduct.add(code);
                    }
                }
            }
            for (int t = 0; t < periods; t++) {
                int base = (p * periods + t) * codes;
                for (int code = 0; code < codes; code++) {
                    long count = merged.bindingCounts[base + code];
                    if (count > 0 && !codesOfProduct.contains(code)) {
                        codesOfProduct.add(code);
                    }
                }
            }
            for (int t = 0; t < periods; t++) {
                int base = (p * periods + t) * codes;
                for (int code : codesOfProduct) {
                    long count = merged.bindingCounts[base + code];
                    rows.add(new BindingRow(model.productName(p), model.scenario().periods().label(t),
                            model.bindingName(code), count, n == 0 ? Double.NaN : (double) count / n));
                }
            }
        }
        return rows;
    }

    public List<ResourceRow> resourceRows() {
        CompiledModel model = run.model();
        int periods = model.periods();
        double n = merged.samples;
        List<ResourceRow> rows = new ArrayList<>();
        for (int r = 0; r < model.resources(); r++) {
            for (int t = 0; t < periods; t++) {
                int o = (r * periods + t) * ChunkResult.RESOURCE_FIGURES;
                double[] s = merged.resourceSums;
                rows.add(new ResourceRow(model.resourceName(r), model.scenario().periods().label(t), s[o] / n,
                        s[o + 1] / n, s[o + 2] / n, s[o + 3] / n));
            }
        }
        return rows;
    }

    /** One row per (input, headline output), inputs in scenario order, outputs in {@link OutputLayout#rankColumns()} order. */
    public List<SensitivityRow> sensitivityRows() {
        CompiledModel model = run.model();
        OutputLayout layout = run.layout();
        int outputs = layout.rankColumnCount();
        List<SensitivityRow> rows = new ArrayList<>();
        for (int i = 0; i < model.inputCount(); i++) {
            for (int o = 0; o < outputs; o++) {
                OutputLayout.ColumnDef c = layout.columns().get(layout.rankColumn(o));
                String metric = c.metric().name().toLowerCase(java.util.Locale.ROOT);
                int pair = i * outputs + o;
                rows.add(new SensitivityRow(model.inputNames().get(i), metric + " " + c.entityName() + " " + c.span(),
                        metric, c.entityName(), c.span(), RankCorrelation.estimate(merged.rankSums, pair),
                        RankCorrelation.standardError(merged.rankSums, pair),
                        (long) merged.rankSums[pair * RankCorrelation.FIGURES + 3]));
            }
        }
        return rows;
    }

    /** The {@code n} rows with the largest {@code |spearman|} (ties in row order), NaN rows left out. */
    public List<SensitivityRow> topSensitivities(int n) {
        return sensitivityRows().stream().filter(r -> !Double.isNaN(r.spearman()))
                .sorted(java.util.Comparator.comparingDouble((SensitivityRow r) -> -Math.abs(r.spearman())))
                .limit(n).toList();
    }

    /**
     * One row per (product, period, resource on the product's bill of materials), in product,
     * period and bill-of-materials order. Volume figures are NaN when no sample was relaxed.
     */
    public List<BottleneckRow> bottleneckRows() {
        CompiledModel model = run.model();
        int periods = model.periods();
        int codes = model.bindingCodes();
        int resources = model.resources();
        long n = merged.samples;
        double m = merged.relaxedSamples;
        List<BottleneckRow> rows = new ArrayList<>();
        for (int p = 0; p < model.products(); p++) {
            List<Integer> rs = new ArrayList<>();
            for (BomLine line : model.scenario().products().get(p).bom()) {
                for (int r = 0; r < resources; r++) {
                    if (model.resourceName(r).equals(line.resource()) && !rs.contains(r)) {
                        rs.add(r);
                    }
                }
            }
            for (int t = 0; t < periods; t++) {
                for (int r : rs) {
                    long count = merged.bindingCounts[(p * periods + t) * codes + SampleOutput.bindingOfResource(r)];
                    int o = ((p * periods + t) * resources + r) * 2;
                    double mean = m > 0 ? merged.lostSums[o] / m : Double.NaN;
                    double se = Double.NaN;
                    if (m > 1) {
                        double var = Math.max(0, (merged.lostSums[o + 1] - m * mean * mean) / (m - 1));
                        se = Math.sqrt(var / m);
                    }
                    rows.add(new BottleneckRow(model.productName(p), model.scenario().periods().label(t),
                            model.resourceName(r), count, n == 0 ? Double.NaN : (double) count / n,
                            merged.relaxedSamples, mean, se));
                }
            }
        }
        return rows;
    }
}
