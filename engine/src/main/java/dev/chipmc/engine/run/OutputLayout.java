package dev.chipmc.engine.run;

import dev.chipmc.model.Periods;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.Evaluator;
import dev.chipmc.model.eval.SampleOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The headline outputs of a run as numbered statistic columns, and how one sample's
 * {@link SampleOutput} turns into a row of them.
 *
 * <p>An <em>entity</em> is a product or {@code all} products together; a <em>span</em> is a period,
 * a calendar year (when periods are quarters) or the whole horizon ({@code all}). For each entity and
 * span the layout has:
 * <ul>
 *   <li>{@code good}: good packages summed over the span (quantiles kept);</li>
 *   <li>{@code started}: packages started, per period and over the horizon (quantiles kept);</li>
 *   <li>where the entity has a target: the target summed over the span (mean only), the indicator
 *       {@code good < target} (its mean is P(below target)) and the shortfall
 *       {@code max(0, target - good)} of the span's sums (quantiles kept; its mean is the expected
 *       shortfall).</li>
 * </ul>
 * Immutable and thread-safe; {@link #fill} writes into a caller's scratch arrays.
 */
public final class OutputLayout {

    /** What a column measures. */
    public enum Metric { GOOD, STARTED, TARGET, BELOW_TARGET, SHORTFALL }

    /** One statistic column. {@code spanStart..spanEnd} is a half-open range of periods. */
    public record ColumnDef(Metric metric, int entity, String entityName, String span, int spanStart, int spanEnd,
            boolean quantiles) {
    }

    /** One (entity, span) pair and the columns that belong to it; -1 where absent. */
    public record Cell(int entity, String entityName, String span, int spanStart, int spanEnd, int good,
            int started, int target, int below, int shortfall) {
    }

    public static final String ALL = "all";

    private final int periods;
    private final int products;
    private final List<ColumnDef> columns;
    private final List<Cell> cells;
    private final boolean[] hasTarget;
    /*
     * The row as a program, one operation per column (see fill): OP_ONE copies scratch[from],
     * OP_SUM sums scratch[from..to) in order, OP_BELOW and OP_SHORTFALL compare the row's good
     * column {@code from} with its target column {@code to}, which come earlier in the row.
     */
    private static final int OP_ONE = 0;
    private static final int OP_SUM = 1;
    private static final int OP_BELOW = 2;
    private static final int OP_SHORTFALL = 3;
    private final int[] colOp;
    private final int[] colFrom;
    private final int[] colTo;
    /** Per operation, its columns in column order: fill runs one loop per operation, without a switch. */
    private final int[][] byOp = new int[4][];
    /** Columns whose rank correlation with each input is estimated, see {@link #rankColumns()}. */
    private final int[] rankColumns;

    public OutputLayout(CompiledModel model) {
        this.periods = model.periods();
        this.products = model.products();
        Periods ps = model.scenario().periods();
        List<String> spanNames = new ArrayList<>();
        List<int[]> spanRanges = new ArrayList<>();
        for (int t = 0; t < periods; t++) {
            spanNames.add(ps.label(t));
            spanRanges.add(new int[] {t, t + 1});
        }
        if (ps.quarterly()) {
            int t = 0;
            while (t < periods) {
                OptionalInt y = ps.year(t);
                int end = t;
                while (end < periods && ps.year(end).equals(y)) {
                    end++;
                }
                spanNames.add(Integer.toString(y.getAsInt()));
                spanRanges.add(new int[] {t, end});
                t = end;
            }
        }
        spanNames.add(ALL);
        spanRanges.add(new int[] {0, periods});

        hasTarget = new boolean[products + 1];
        for (int p = 0; p < products; p++) {
            hasTarget[p] = model.hasTarget(p);
        }
        hasTarget[products] = model.hasTotalTarget();

        List<ColumnDef> cols = new ArrayList<>();
        List<Cell> cellList = new ArrayList<>();
        for (int e = 0; e <= products; e++) {
            String en = e == products ? ALL : model.productName(e);
            for (int s = 0; s < spanNames.size(); s++) {
                String span = spanNames.get(s);
                int a = spanRanges.get(s)[0];
                int b = spanRanges.get(s)[1];
                boolean periodOrHorizon = (b - a == 1 && s < periods) || span.equals(ALL);
                int good = add(cols, new ColumnDef(Metric.GOOD, e, en, span, a, b, true));
                int started = periodOrHorizon ? add(cols, new ColumnDef(Metric.STARTED, e, en, span, a, b, true)) : -1;
                int target = -1;
                int below = -1;
                int shortfall = -1;
                if (hasTarget[e]) {
                    target = add(cols, new ColumnDef(Metric.TARGET, e, en, span, a, b, false));
                    below = add(cols, new ColumnDef(Metric.BELOW_TARGET, e, en, span, a, b, false));
                    shortfall = add(cols, new ColumnDef(Metric.SHORTFALL, e, en, span, a, b, true));
                }
                cellList.add(new Cell(e, en, span, a, b, good, started, target, below, shortfall));
            }
        }
        columns = List.copyOf(cols);
        cells = List.copyOf(cellList);
        int n = columns.size();
        List<String> periodLabels = ps.labels();
        List<Integer> rank = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ColumnDef c = columns.get(i);
            boolean horizon = c.span().equals(ALL);
            boolean year = !horizon && !periodLabels.contains(c.span());
            if (c.metric() == Metric.GOOD && (year || horizon) || c.metric() == Metric.SHORTFALL && horizon) {
                rank.add(i);
            }
        }
        rankColumns = rank.stream().mapToInt(Integer::intValue).toArray();
        colOp = new int[n];
        colFrom = new int[n];
        colTo = new int[n];
        int entityValues = (products + 1) * periods;
        for (Cell cell : cells) {
            int o = cell.entity() * periods;
            int from = o + cell.spanStart();
            int to = o + cell.spanEnd();
            span(cell.good(), from, to);
            if (cell.started() >= 0) {
                span(cell.started(), entityValues + from, entityValues + to);
            }
            if (cell.target() >= 0) {
                span(cell.target(), 2 * entityValues + from, 2 * entityValues + to);
                colOp[cell.below()] = OP_BELOW;
                colFrom[cell.below()] = cell.good();
                colTo[cell.below()] = cell.target();
                colOp[cell.shortfall()] = OP_SHORTFALL;
                colFrom[cell.shortfall()] = cell.good();
                colTo[cell.shortfall()] = cell.target();
            }
        }
        groupByOperation();
    }

    private void groupByOperation() {
        for (int o = 0; o < byOp.length; o++) {
            int count = 0;
            for (int op : colOp) {
                count += op == o ? 1 : 0;
            }
            byOp[o] = new int[count];
            count = 0;
            for (int c = 0; c < colOp.length; c++) {
                if (colOp[c] == o) {
                    byOp[o][count++] = c;
                }
            }
        }
    }

    private void span(int column, int from, int to) {
        colOp[column] = to - from == 1 ? OP_ONE : OP_SUM;
        colFrom[column] = from;
        colTo[column] = to;
    }

    /**
     * The headline outputs of the rank correlations: good packages of every product and of
     * {@code all} per calendar year (when periods are quarters) and over the horizon, then, in column
     * order, the horizon shortfall of every entity with a target. Indices into {@link #columns()}.
     */
    public int[] rankColumns() {
        return rankColumns.clone();
    }

    int rankColumnCount() {
        return rankColumns.length;
    }

    int rankColumn(int k) {
        return rankColumns[k];
    }

    private static int add(List<ColumnDef> cols, ColumnDef c) {
        cols.add(c);
        return cols.size() - 1;
    }

    public List<ColumnDef> columns() {
        return columns;
    }

    public List<Cell> cells() {
        return cells;
    }

    public int columnCount() {
        return columns.size();
    }

    public boolean[] quantileFlags() {
        boolean[] f = new boolean[columns.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = columns.get(i).quantiles();
        }
        return f;
    }

    public int quantileColumnCount() {
        int n = 0;
        for (ColumnDef c : columns) {
            n += c.quantiles() ? 1 : 0;
        }
        return n;
    }

    /** Index of the column of {@code metric} for entity name and span, or -1. */
    public int column(Metric metric, String entityName, String span) {
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef c = columns.get(i);
            if (c.metric() == metric && c.entityName().equals(entityName) && c.span().equals(span)) {
                return i;
            }
        }
        return -1;
    }

    /** Scratch size for {@link #fill}: good, started and target per entity and period. */
    int scratchLength() {
        return 3 * (products + 1) * periods;
    }

    /** The total target of all products at a period, NaN where the scenario has none. */
    @FunctionalInterface
    interface TotalTarget {
        double at(int t);
    }

    /**
     * Computes one sample's row: column {@code c} goes to {@code dst[off + c * stride]}, so into a
     * row ({@code stride} 1) or one sample of a column-major block. {@code scratch} has at least
     * {@link #scratchLength()} entries. Span sums are summed directly, period by period in order
     * from 0, so a one-period span equals {@code 0.0 + value}, the per-sample value exactly (a
     * {@code -0.0} becomes {@code 0.0}). Targets of all products together come from {@code total}
     * ({@link Evaluator#totalTarget(int)} in a run).
     */
    void fill(SampleOutput out, TotalTarget total, double[] scratch, double[] dst, int off, int stride) {
        int n = (products + 1) * periods;
        int startedBase = n;
        int targetBase = 2 * n;
        int allOffset = products * periods;
        double[] good = out.good;
        double[] started = out.started;
        double[] target = out.target;
        System.arraycopy(good, 0, scratch, 0, allOffset);
        System.arraycopy(started, 0, scratch, startedBase, allOffset);
        for (int p = 0; p < products; p++) {
            int o = p * periods;
            if (hasTarget[p]) {
                System.arraycopy(target, o, scratch, targetBase + o, periods);
            } else {
                java.util.Arrays.fill(scratch, targetBase + o, targetBase + o + periods, 0.0);
            }
        }
        boolean totalTarget = hasTarget[products];
        for (int t = 0; t < periods; t++) {
            double g = 0;
            double s = 0;
            for (int p = 0; p < products; p++) {
                int i = p * periods + t;
                g += good[i];
                s += started[i];
            }
            scratch[allOffset + t] = g;
            scratch[startedBase + allOffset + t] = s;
            scratch[targetBase + allOffset + t] = totalTarget ? total.at(t) : 0;
        }
        // Good and target columns (copies and sums) first: below and shortfall read them.
        int[] a = colFrom;
        int[] b = colTo;
        for (int c : byOp[OP_ONE]) {
            dst[off + c * stride] = 0.0 + scratch[a[c]];
        }
        for (int c : byOp[OP_SUM]) {
            double v = 0;
            for (int i = a[c], e = b[c]; i < e; i++) {
                v += scratch[i];
            }
            dst[off + c * stride] = v;
        }
        for (int c : byOp[OP_BELOW]) {
            dst[off + c * stride] = dst[off + a[c] * stride] < dst[off + b[c] * stride] ? 1 : 0;
        }
        for (int c : byOp[OP_SHORTFALL]) {
            dst[off + c * stride] = Math.max(0, dst[off + b[c] * stride] - dst[off + a[c] * stride]);
        }
    }

    /**
     * {@link #fill} for {@code n} consecutive samples at once, from lane-major figures (entry
     * {@code (p * periods + t) * n + lane}): sample {@code lane}'s column {@code c} goes to
     * {@code dst[off + c * stride + lane]}, so the {@code n} samples are {@code n} consecutive rows of a
     * column-major block. Every value is computed by the same operations in the same order as
     * {@code fill} computes it for that sample alone, so the rows are identical bit for bit.
     *
     * @param target  targets, 0 for a product without one (as {@code fill} counts it)
     * @param total   per lane, the total target of all products
     * @param scratch at least {@link #scratchLength()}{@code * n} entries
     */
    void fillLanes(double[] good, double[] started, double[] target, TotalTarget[] total, int n, double[] scratch,
            double[] dst, int off, int stride) {
        int entityValues = (products + 1) * periods;
        int cellValues = products * periods;
        int startedBase = entityValues * n;
        int targetBase = 2 * entityValues * n;
        System.arraycopy(good, 0, scratch, 0, cellValues * n);
        System.arraycopy(started, 0, scratch, startedBase, cellValues * n);
        System.arraycopy(target, 0, scratch, targetBase, cellValues * n);
        boolean totalTarget = hasTarget[products];
        for (int t = 0; t < periods; t++) {
            int all = (cellValues + t) * n;
            for (int l = 0; l < n; l++) {
                double g = 0;
                double s = 0;
                for (int p = 0; p < products; p++) {
                    int i = (p * periods + t) * n + l;
                    g += good[i];
                    s += started[i];
                }
                scratch[all + l] = g;
                scratch[startedBase + all + l] = s;
                scratch[targetBase + all + l] = totalTarget ? total[l].at(t) : 0;
            }
        }
        int[] a = colFrom;
        int[] b = colTo;
        for (int c : byOp[OP_ONE]) {
            int d = off + c * stride;
            int from = a[c] * n;
            for (int l = 0; l < n; l++) {
                dst[d + l] = 0.0 + scratch[from + l];
            }
        }
        for (int c : byOp[OP_SUM]) {
            int d = off + c * stride;
            for (int l = 0; l < n; l++) {
                double v = 0;
                for (int i = a[c], e = b[c]; i < e; i++) {
                    v += scratch[i * n + l];
                }
                dst[d + l] = v;
            }
        }
        for (int c : byOp[OP_BELOW]) {
            int d = off + c * stride;
            int x = off + a[c] * stride;
            int y = off + b[c] * stride;
            for (int l = 0; l < n; l++) {
                dst[d + l] = dst[x + l] < dst[y + l] ? 1 : 0;
            }
        }
        for (int c : byOp[OP_SHORTFALL]) {
            int d = off + c * stride;
            int x = off + a[c] * stride;
            int y = off + b[c] * stride;
            for (int l = 0; l < n; l++) {
                dst[d + l] = Math.max(0, dst[y + l] - dst[x + l]);
            }
        }
    }
}
