package dev.chipmc.engine.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Statistics of a fixed set of output columns over samples: per column a {@link Moments} and,
 * for the columns that ask for quantiles, a {@link QuantileState} of the accumulator's
 * {@link QuantileMode}. Moment-only columns (indicators, utilisation) keep no values.
 *
 * <p>Values come one at a time ({@link #add}) or, much faster, as blocks of samples per column
 * ({@link #addBlock}, {@link #addColumns}).
 *
 * <p>The engine keeps one accumulator per chunk and {@link #combine}s them into the run state
 * strictly in chunk order. Because every part is deterministic for a given sequence of
 * {@link #add}, {@link #addBlock} and {@link #combine} calls, the result is bit-for-bit the same
 * whatever the number of threads, and {@link #write}/{@link #read} checkpoint it exactly: a run resumed from a
 * checkpoint continues as if it had never stopped.
 *
 * <p>Memory: 40 bytes per column plus, per quantile column, 8 bytes per sample in
 * {@link QuantileMode#EXACT} or a bounded sketch (about {@code 24 k} bytes,
 * {@link QuantileSketch}) in {@link QuantileMode#SKETCH}; {@link #chooseMode} picks the mode.
 *
 * <p>Not thread-safe: one instance per chunk (one thread at a time), and the merged run state.
 */
public final class Accumulator {
    /** Default memory budget for exact quantiles: 256 MiB. */
    public static final long DEFAULT_BUDGET_BYTES = 256L << 20;

    private static final int MAGIC = 0x43_4D_41_43; // "CMAC": chipmc accumulator
    private static final int FORMAT_VERSION = 1;

    private final QuantileMode mode;
    private final boolean[] withQuantiles;
    private final Moments[] moments;
    private final QuantileState[] quantiles;
    /** Scratch for {@link Moments#blockStats}. */
    private final double[] blockStats = new double[Moments.BLOCK_STATS];
    /** Level 0 of a sketch column while a block is added to it (contents are scratch). */
    private double[] work = new double[0];

    private Accumulator(QuantileMode mode, boolean[] withQuantiles, Moments[] moments, QuantileState[] quantiles) {
        this.mode = mode;
        this.withQuantiles = withQuantiles;
        this.moments = moments;
        this.quantiles = quantiles;
    }

    /**
     * An empty accumulator.
     *
     * @param columns        number of output columns, at least 0
     * @param withQuantiles  per column, whether it keeps quantile state; length {@code columns}
     * @param mode           how quantile columns keep their values
     * @throws IllegalArgumentException if an argument is out of range
     * @throws NullPointerException     if {@code withQuantiles} or {@code mode} is null
     */
    public static Accumulator create(int columns, boolean[] withQuantiles, QuantileMode mode) {
        if (columns < 0) {
            throw new IllegalArgumentException("columns must be >= 0: " + columns);
        }
        if (withQuantiles == null) {
            throw new NullPointerException("withQuantiles");
        }
        if (mode == null) {
            throw new NullPointerException("mode");
        }
        if (withQuantiles.length != columns) {
            throw new IllegalArgumentException("withQuantiles has length " + withQuantiles.length
                    + ", columns is " + columns);
        }
        Moments[] m = new Moments[columns];
        QuantileState[] q = new QuantileState[columns];
        for (int c = 0; c < columns; c++) {
            m[c] = new Moments();
            if (withQuantiles[c]) {
                q[c] = newState(mode);
            }
        }
        return new Accumulator(mode, withQuantiles.clone(), m, q);
    }

    private static QuantileState newState(QuantileMode mode) {
        return switch (mode) {
            case EXACT -> ExactQuantiles.create();
            case SKETCH -> QuantileSketch.create(QuantileSketch.DEFAULT_K);
        };
    }

    /**
     * {@link QuantileMode#EXACT} iff keeping every value of every quantile column fits the budget,
     * {@code maxSamples * quantileColumns * 8 <= budgetBytes}, and one column fits a Java array
     * ({@code maxSamples <= }{@link ExactQuantiles#MAX_VALUES}); otherwise
     * {@link QuantileMode#SKETCH}.
     *
     * @throws IllegalArgumentException if an argument is negative
     */
    public static QuantileMode chooseMode(long maxSamples, int quantileColumns, long budgetBytes) {
        if (maxSamples < 0) {
            throw new IllegalArgumentException("maxSamples must be >= 0: " + maxSamples);
        }
        if (quantileColumns < 0) {
            throw new IllegalArgumentException("quantileColumns must be >= 0: " + quantileColumns);
        }
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budgetBytes must be >= 0: " + budgetBytes);
        }
        if (quantileColumns == 0 || maxSamples == 0) {
            return QuantileMode.EXACT;
        }
        if (maxSamples > ExactQuantiles.MAX_VALUES) {
            return QuantileMode.SKETCH;
        }
        long perSampleBytes = 8L * quantileColumns;
        // maxSamples * perSampleBytes <= budgetBytes without overflow
        return maxSamples <= budgetBytes / perSampleBytes ? QuantileMode.EXACT : QuantileMode.SKETCH;
    }

    /** Number of columns. */
    public int columns() {
        return moments.length;
    }

    /** How quantile columns keep their values. */
    public QuantileMode mode() {
        return mode;
    }

    /** Whether {@code column} keeps quantile state. */
    public boolean hasQuantiles(int column) {
        return quantiles[column] != null;
    }

    /**
     * Adds one sample's value of {@code column}.
     *
     * @throws IllegalArgumentException       if {@code x} is NaN
     * @throws ArrayIndexOutOfBoundsException if {@code column} is out of range
     */
    public void add(int column, double x) {
        if (x != x) {
            throw new IllegalArgumentException("x is NaN in column " + column);
        }
        moments[column].add(x);
        QuantileState q = quantiles[column];
        if (q != null) {
            q.add(x);
        }
    }

    /**
     * Adds {@code count} samples' values of {@code column}, {@code values[from .. from + count)}
     * in sample order, in one step: the moments of the block by the two-pass method, combined as
     * a chunk would be ({@link Moments#addBlock}); the values appended to an exact column in one
     * copy, or to a sketch as one block ({@link QuantileSketch#addBlock}). The state is a
     * deterministic function of the sequence of {@link #add}, {@code addBlock} and
     * {@link #combine} calls, though not the state that {@link #add}ing the values one by one
     * gives. Nothing is added if a value is NaN.
     *
     * @throws IllegalArgumentException       if a value is NaN
     * @throws IndexOutOfBoundsException      if the range is outside {@code values}
     * @throws ArrayIndexOutOfBoundsException if {@code column} is out of range
     */
    public void addBlock(double[] values, int column, int from, int count) {
        addBlock(values, column, from, count, null, 0);
    }

    /**
     * {@link #addBlock(double[], int, int, int)}, given also the same values in ascending order,
     * {@code sorted[sortedFrom .. sortedFrom + count)}, which the caller vouches for (they are not
     * checked): a sketch column can then skip its sort of the block ({@link QuantileSketch}). The state is
     * exactly the one {@code addBlock(values, column, from, count)} gives.
     *
     * @throws IllegalArgumentException       if a value is NaN
     * @throws IndexOutOfBoundsException      if a range is outside its array
     * @throws ArrayIndexOutOfBoundsException if {@code column} is out of range
     */
    public void addBlock(double[] values, int column, int from, int count, double[] sorted, int sortedFrom) {
        Objects.checkFromIndexSize(from, count, values.length);
        if (sorted != null) {
            Objects.checkFromIndexSize(sortedFrom, count, sorted.length);
        }
        Moments m = moments[column];
        if (count == 0) {
            return;
        }
        double[] s = blockStats;
        try {
            Moments.blockStats(values, from, count, s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + column + ": " + e.getMessage(), e);
        }
        QuantileState q = quantiles[column];
        if (q instanceof ExactQuantiles e) {
            e.append(values, from, count);
        } else if (q instanceof QuantileSketch k) {
            int need = k.blockWorkLength(count);
            if (work.length < need) {
                work = new double[need];
            }
            k.append(values, from, count, s[2], s[3], work, sorted, sortedFrom);
        }
        m.combine(count, s[0], s[1], s[2], s[3]);
    }

    /**
     * Adds {@code count} samples of every column from a column-major block: column {@code c}'s
     * values are {@code block[c * stride .. c * stride + count)}. The same as
     * {@link #addBlock}{@code (block, c, c * stride, count)} for {@code c = 0, 1, ...} in order.
     *
     * @throws IllegalArgumentException  if {@code count} is not in {@code [0, stride]}, or a value
     *                                   is NaN (columns before it have been added then)
     * @throws IndexOutOfBoundsException if {@code block} is too short for the columns
     */
    public void addColumns(double[] block, int stride, int count) {
        if (count < 0 || count > stride) {
            throw new IllegalArgumentException("count must be in [0, stride = " + stride + "]: " + count);
        }
        int columns = moments.length;
        if (columns > 0 && (long) (columns - 1) * stride + count > block.length) {
            throw new IndexOutOfBoundsException("block of length " + block.length + " is too short for "
                    + columns + " columns of stride " + stride);
        }
        for (int c = 0; c < columns; c++) {
            addBlock(block, c, c * stride, count);
        }
    }

    /**
     * Appends {@code later}, the accumulator of the next chunk, into this one; {@code later} is
     * left unchanged and shares nothing with this afterwards.
     *
     * @throws IllegalArgumentException if {@code later} is this or has other columns or mode
     */
    public void combine(Accumulator later) {
        if (later == this) {
            throw new IllegalArgumentException("cannot combine an accumulator with itself");
        }
        if (later.mode != mode || !java.util.Arrays.equals(later.withQuantiles, withQuantiles)) {
            throw new IllegalArgumentException("later has another layout: mode " + later.mode
                    + ", " + later.columns() + " columns; this has mode " + mode + ", " + columns()
                    + " columns");
        }
        for (int c = 0; c < moments.length; c++) {
            moments[c].combine(later.moments[c]);
            QuantileState q = quantiles[c];
            if (q != null) {
                q.combine(later.quantiles[c]);
            }
        }
    }

    /**
     * In {@link QuantileMode#EXACT}, makes room for {@code samples} values per quantile column, so that
     * merging chunks up to there never copies the stored values again; no effect in sketch mode.
     */
    public void reserve(long samples) {
        for (QuantileState q : quantiles) {
            if (q instanceof ExactQuantiles e) {
                e.reserve(samples);
            }
        }
    }

    /**
     * Does now, on up to {@code threads} threads at once, the work the first query of each column
     * would do: in {@link QuantileMode#EXACT}, sorting its stored values (the largest cost of a
     * run's summary, {@code O(n log n)} per column). Answers are the same with or without it, and
     * for any {@code threads}: each column is sorted by one thread, and a sort has one result.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     * @throws InterruptedException     if interrupted while waiting for the sorts
     */
    public void prepareQueries(int threads) throws InterruptedException {
        prepareQueries(threads, new int[0][]);
    }

    /**
     * {@link #prepareQueries(int)}, told that for each {@code {g, t, s}} of {@code shortfalls} column
     * {@code s} holds, sample by sample, {@code max(0, T - x)} for column {@code g}'s value {@code x} and
     * column {@code t}'s value {@code T} (how a run's shortfall columns are made; the caller vouches for
     * it). Where column {@code t} has a single value over all samples (its minimum and maximum have the same
     * bits) and {@code g} and {@code s} keep every value, {@code s} is put in ascending order from
     * {@code g}'s sort instead of sorted ({@link ExactQuantiles#sortAsShortfallOf}): the same values in the
     * same order, so every answer and the written state are the same.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     * @throws InterruptedException     if interrupted while waiting for the sorts
     */
    public void prepareQueries(int threads, int[][] shortfalls) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        boolean[] derived = new boolean[quantiles.length];
        java.util.List<int[]> derive = new java.util.ArrayList<>();
        for (int[] gts : shortfalls) {
            Moments t = moments[gts[1]];
            if (quantiles[gts[0]] instanceof ExactQuantiles && quantiles[gts[2]] instanceof ExactQuantiles
                    && Double.doubleToRawLongBits(t.min()) == Double.doubleToRawLongBits(t.max())) {
                derived[gts[2]] = true;
                derive.add(gts);
            }
        }
        java.util.List<ExactQuantiles> todo = new java.util.ArrayList<>();
        for (int c = 0; c < quantiles.length; c++) {
            if (quantiles[c] instanceof ExactQuantiles e && !derived[c]) {
                todo.add(e);
            }
        }
        sortAll(todo, threads);
        for (int[] gts : derive) {
            ((ExactQuantiles) quantiles[gts[2]]).sortAsShortfallOf((ExactQuantiles) quantiles[gts[0]],
                    moments[gts[1]].min());
        }
    }

    /** Sorts each of {@code todo}, on up to {@code threads} threads. */
    private static void sortAll(java.util.List<ExactQuantiles> todo, int threads) throws InterruptedException {
        if (threads == 1 || todo.size() < 2) {
            todo.forEach(ExactQuantiles::prepareQueries);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < todo.size(); i = next.getAndIncrement()) {
                todo.get(i).prepareQueries();
            }
        };
        int n = Math.min(threads, todo.size());
        Thread[] started = new Thread[n - 1];
        for (int i = 0; i < started.length; i++) {
            started[i] = Thread.ofVirtual().name("chipmc-sort-" + i).start(worker);
        }
        worker.run();
        for (Thread t : started) {
            t.join();
        }
    }

    /** The moments of {@code column} (a live view: read it, do not add to it). */
    public Moments moments(int column) {
        return moments[column];
    }

    /** The quantile state of {@code column}, or null for a moment-only column (live state). */
    QuantileState quantileState(int column) {
        return quantiles[column];
    }

    /** Summary of {@code column}, with quantiles at {@link Probabilities#STANDARD}. */
    public ColumnSummary summary(int column) {
        Moments m = moments[column];
        QuantileState q = quantiles[column];
        double[] p = Probabilities.STANDARD;
        double[] qs = new double[p.length];
        boolean exact = false;
        double rankError = Double.NaN;
        if (q == null) {
            java.util.Arrays.fill(qs, Double.NaN);
        } else {
            for (int i = 0; i < p.length; i++) {
                qs[i] = q.quantile(p[i]);
            }
            exact = q.exact();
            rankError = q instanceof QuantileSketch s ? s.rankError() : 0.0;
        }
        return new ColumnSummary(m.count(), m.mean(), m.sd(), m.standardError(), m.min(), m.max(), qs,
                exact, rankError);
    }

    /**
     * {@code P(V < threshold)} for {@code column}: exact in {@link QuantileMode#EXACT}, within the
     * sketch's rank error in {@link QuantileMode#SKETCH}; NaN when empty.
     *
     * @throws IllegalStateException if the column keeps no quantile state
     */
    public double fractionBelow(int column, double threshold) {
        return state(column).fractionBelow(threshold);
    }

    /**
     * Expected shortfall below a target, {@code E[max(0, threshold - V)]}, for {@code column}:
     * exact in {@link QuantileMode#EXACT}, from the sketch's weighted items in
     * {@link QuantileMode#SKETCH}; NaN when empty. Where the model already outputs the shortfall
     * per sample (MODEL.md section 8), that column's mean is exact in both modes.
     *
     * @throws IllegalStateException if the column keeps no quantile state
     */
    public double meanShortfallBelow(int column, double threshold) {
        return state(column).meanShortfallBelow(threshold);
    }

    /**
     * Quantile {@code p} of {@code column}: numpy's linear interpolation in {@link QuantileMode#EXACT},
     * the sketch's estimate in {@link QuantileMode#SKETCH}.
     *
     * @throws IllegalStateException if the column keeps no quantile state
     */
    public double quantile(int column, double p) {
        return state(column).quantile(p);
    }

    /** The rank error of {@code column}'s quantiles: 0 when exact, the sketch's stated bound otherwise. */
    public double quantileRankError(int column) {
        return state(column) instanceof QuantileSketch s ? s.rankError() : 0.0;
    }

    private QuantileState state(int column) {
        QuantileState q = quantiles[column];
        if (q == null) {
            throw new IllegalStateException("column " + column + " keeps no quantile state");
        }
        return q;
    }

    /** Writes the exact state: layout, then per column its moments and quantile state. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeByte(mode.ordinal());
        out.writeInt(moments.length);
        for (boolean b : withQuantiles) {
            out.writeBoolean(b);
        }
        for (int c = 0; c < moments.length; c++) {
            moments[c].write(out);
            if (quantiles[c] != null) {
                quantiles[c].write(out);
            }
        }
    }

    /**
     * Reads an accumulator written by {@link #write}; adding and combining then continue exactly
     * as they would have on the written one.
     *
     * @throws IOException if the input fails or is not an accumulator state
     */
    public static Accumulator read(DataInput in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not an accumulator state: magic " + Integer.toHexString(magic));
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("unsupported accumulator format version " + version);
        }
        int modeOrdinal = in.readByte();
        QuantileMode[] modes = QuantileMode.values();
        if (modeOrdinal < 0 || modeOrdinal >= modes.length) {
            throw new IOException("corrupt accumulator: mode " + modeOrdinal);
        }
        QuantileMode mode = modes[modeOrdinal];
        int columns = in.readInt();
        if (columns < 0) {
            throw new IOException("corrupt accumulator: " + columns + " columns");
        }
        boolean[] with = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            with[c] = in.readBoolean();
        }
        Moments[] m = new Moments[columns];
        QuantileState[] q = new QuantileState[columns];
        for (int c = 0; c < columns; c++) {
            m[c] = Moments.read(in);
            if (with[c]) {
                q[c] = switch (mode) {
                    case EXACT -> ExactQuantiles.read(in);
                    case SKETCH -> QuantileSketch.read(in);
                };
                if (q[c].count() != m[c].count()) {
                    throw new IOException("corrupt accumulator: column " + c + " counts "
                            + m[c].count() + " and " + q[c].count());
                }
            }
        }
        return new Accumulator(mode, with, m, q);
    }
}
