package dev.chipmc.engine.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A mergeable quantile sketch of bounded size: the KLL sketch of Karnin, Lang and Liberty,
 * "Optimal Quantile Approximation in Streams" (FOCS 2016, arXiv:1603.05346), in its lazy form
 * (compact only when the whole sketch is full, as in Apache DataSketches), with one change:
 * compaction offsets come from a hash of the sketch's own state instead of a random source, so
 * that the state is a deterministic function of the sequence of {@link #add} and
 * {@link #combine} calls.
 *
 * <h2>Structure</h2>
 * Level {@code h} holds items of weight {@code 2^h}. With {@code H} levels, level {@code h} has
 * capacity {@code c_d} at depth {@code d = H - 1 - h}: {@code c_0 = k},
 * {@code c_{d+1} = max(32, ceil(2 c_d / 3))} (32 rather than KLL's usual 8: fewer, larger
 * compactions of the bottom levels make {@link #add} cheaper and only lower the error), so
 * {@code c_d <= max(32, k (2/3)^d + 3)}. When the retained items reach the total capacity, the
 * lowest level at or over its capacity is compacted: sorted, one item is left behind if the count
 * is odd, and of the remaining sorted items either those at even or those at odd positions (the
 * offset) move up to level {@code h + 1}, whose weight is twice as large; the others are dropped.
 * The top level grows a level above it when it is compacted while holding at least {@code k}
 * items, so {@code n >= k 2^(H-2)}: a sketch of {@code n} items has at most
 * {@code log2(n / k) + 2} levels and retains fewer than {@code 3k + 35 H} items. Memory does not
 * grow with {@code n} beyond that logarithm. {@link #combine} appends level by level and compacts until the sketch fits again.
 *
 * <h2>Deterministic offsets</h2>
 * Apache DataSketches' {@code KllDoublesSketch} draws each offset from a static, unseeded
 * {@code java.util.Random} shared by all sketches ({@code KllSketch.random}), so the same inputs
 * give different states from run to run and thread to thread; it is therefore not used here. A
 * fixed per-level sequence (alternating, or a counter hashed with the level) would be
 * deterministic but is a poor fit for the engine: every chunk sketch would use the same offsets,
 * so the errors of the thousands of chunks merged into a run would add up coherently instead of
 * cancelling (measured: 1.6 times the RMS rank error, 4 x 10^6 uniform values in chunks of
 * 16000 and 40000, k = 64 and 256). The offset here is the top bit of a 64-bit mix (MurmurHash3's
 * finalizer) of the XOR of the raw bits of the items being compacted, the level, that level's
 * compaction count and the item count. It differs between chunks because their data differ, and it is independent of
 * the thread that runs the chunk.
 *
 * <h2>Rank error</h2>
 * A compaction at level {@code h} changes the estimated rank of any fixed value by {@code 0} or
 * {@code +-2^h}, with mean zero over the offset; which compactions happen, and how large they
 * are, does not depend on the offsets. Treating the offsets as independent fair coins (the model
 * of the KLL analysis; the hashed bits stand in for them), the Azuma-Hoeffding inequality gives,
 * for any fixed value, {@code |estimated rank - true rank| <= eps n} with probability at least
 * {@code 1 - }{@link #DELTA}, where
 * <pre>  eps = sqrt(2 ln(2 / DELTA) * sum_h m_h 4^h) / n</pre>
 * and {@code m_h} is the number of compactions at level {@code h} (counted across merges).
 * {@link #rankError()} returns this {@code eps}, computed from the sketch's own state. Applied
 * to the true quantiles at {@code p - eps} and {@code p + eps}, it gives for {@link #quantile}:
 * the returned value {@code y} satisfies {@code F(y-) - eps <= p <= F(y) + eps}, with
 * {@code F(y-)} and {@code F(y)} the true fractions of values below and at most {@code y}, with
 * probability at least {@code 1 - 2 DELTA}.
 *
 * <p>Bound on {@code eps}: the items that ever enter level {@code h} weigh at most {@code n} in
 * total and each compaction there removes at least {@code c_h - 1} of them, so
 * {@code m_h <= n / (2^h (c_h - 1))}; with {@code c_h >= k (2/3)^(H-1-h)}, {@code c_h >= 32} and
 * {@code 2^(H-1) <= 2n / k} (a level is only added above a top level holding {@code k} items),
 * {@code sum_h m_h 4^h <= (32/31) 8 n^2 / k^2}, so {@code eps <= 11.2 / k} whatever the input
 * and the merge pattern. Measured, {@link #rankError()} is between {@code 2 / k} and
 * {@code 3 / k} (0.2 to 0.3 % at {@link #DEFAULT_K}), and over 300 seeds the largest error at the
 * standard quantiles was below 0.7 of it (median 0.3).
 *
 * <h2>Blocks</h2>
 * {@link #addBlock} appends a whole block of values to level 0 and then compacts as
 * {@link #combine} does: while the retained items reach the total capacity, the lowest level at or
 * over its capacity is compacted. Level 0 may then hold far more than its capacity when it is
 * compacted: a block of 4096 values added to an empty sketch with {@code k = 1024} is sorted once
 * and compacted {@code 4096 -> 2048 -> 1024}, leaving 1024 items of weight 4 at level 2 and
 * {@code m_0 = m_1 = 1}, with no merging into partly filled levels (the cost of adding one value
 * at a time). The rank-error argument above holds unchanged, because it never uses the size of
 * a compacted level beyond its lower bound: every compaction still sorts its level, leaves the
 * odd item, and keeps the even or the odd positions by the hashed offset, so it changes any fixed
 * value's rank by {@code 0} or {@code +-2^h} with mean zero; it still removes at least
 * {@code c_h - 1} items from level {@code h}, so the bound on {@code m_h}, and with it
 * {@code eps <= 11.2 / k}, still holds; and {@link #rankError()} counts these compactions like any
 * other. The state differs from adding the same values one by one (compactions happen at other
 * moments), but it is again a deterministic function of the sequence of {@link #add},
 * {@link #addBlock} and {@link #combine} calls. While a block is being added, level 0 holds it in
 * full; afterwards the sketch is below its total capacity, as after {@link #combine}.
 *
 * <h2>Queries</h2>
 * {@link #quantile} returns a retained item: the first, in ascending order, whose cumulative
 * weight reaches {@code p n} (no interpolation); {@code p = 0} and {@code p = 1} give the exact
 * minimum and maximum. {@link #fractionBelow} is the weight of retained items below the threshold
 * over {@code n}, within {@code eps} of the truth as above.
 *
 * <p>Not thread-safe. NaN values are rejected.
 */
public final class QuantileSketch implements QuantileState {
    /**
     * Default accuracy parameter: a sketch retains about {@code 3 k} items (24 KiB), and its
     * stated rank error is about 0.3 % (at most 1.1 %; see the class comment).
     */
    public static final int DEFAULT_K = 1024;
    /** Smallest accepted {@code k}. */
    public static final int MIN_K = 32;
    /** Largest accepted {@code k}. */
    public static final int MAX_K = 1 << 16;
    /** Probability that a {@link #fractionBelow} answer misses the stated rank error. */
    public static final double DELTA = 1e-3;

    private static final int MIN_CAPACITY = 32;
    private static final int INITIAL_LEVEL0 = 64;
    private static final int MAX_LEVELS = 62;
    /** Most items level 0 may hold while a block is added (retained counts stay ints). */
    private static final int MAX_BLOCK = Integer.MAX_VALUE / 2;
    private static final double ERROR_FACTOR = 2.0 * Math.log(2.0 / DELTA);

    private final int k;
    /** Level capacity by depth below the top level. */
    private final int[] depthCapacity;

    private long n;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private int numLevels;
    private double[][] levels;
    private int[] sizes;
    private long[] compactions;
    private int retained;
    private int totalCapacity;
    /** Level 0 is in ascending order already: set by {@link #append} for its first compaction only. */
    private boolean level0Sorted;
    /** Merge buffer swapped with the level being merged into, so compaction allocates nothing. */
    private double[] scratch = new double[0];

    /** Sorted view of all retained items for queries, valid while {@code viewN == n}. */
    private double[] viewValues;
    private long[] viewCumulative;
    private long viewN = -1;

    private QuantileSketch(int k) {
        this.k = k;
        this.depthCapacity = new int[MAX_LEVELS];
        int c = k;
        for (int d = 0; d < MAX_LEVELS; d++) {
            depthCapacity[d] = c;
            c = Math.max(MIN_CAPACITY, (2 * c + 2) / 3);
        }
        this.levels = new double[4][];
        this.sizes = new int[4];
        this.compactions = new long[4];
    }

    /**
     * An empty sketch.
     *
     * @param k accuracy parameter in [{@link #MIN_K}, {@link #MAX_K}]: the top level's capacity
     * @throws IllegalArgumentException if {@code k} is out of range
     */
    public static QuantileSketch create(int k) {
        if (k < MIN_K || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [" + MIN_K + ", " + MAX_K + "]: " + k);
        }
        QuantileSketch s = new QuantileSketch(k);
        s.addLevel();
        return s;
    }

    /** The accuracy parameter. */
    public int k() {
        return k;
    }

    /** Number of items the sketch retains now: its memory is about 8 bytes per item. */
    public int retainedItems() {
        return retained;
    }

    /** Number of levels. */
    public int levels() {
        return numLevels;
    }

    /**
     * The stated normalized rank error {@code eps} (see the class comment): 0 while no item has
     * been dropped, at most 1.
     */
    public double rankError() {
        if (n == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int h = 0; h < numLevels; h++) {
            sum += compactions[h] * Math.scalb(1.0, 2 * h);
        }
        return Math.min(1.0, Math.sqrt(ERROR_FACTOR * sum) / n);
    }

    @Override
    public void add(double x) {
        if (x != x) {
            throw new IllegalArgumentException("x is NaN");
        }
        if (retained >= totalCapacity) {
            compress();
        }
        double[] level0 = levels[0];
        int s = sizes[0];
        if (s == level0.length) {
            level0 = Arrays.copyOf(level0, Math.max(2 * s, MIN_CAPACITY));
            levels[0] = level0;
        }
        level0[s] = x;
        sizes[0] = s + 1;
        retained++;
        n++;
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
    }

    /** Adds a block of values at once; see "Blocks" in the class comment. */
    @Override
    public void addBlock(double[] values, int from, int count) {
        Objects.checkFromIndexSize(from, count, values.length);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + count; i++) {
            double x = values[i];
            if (x != x) {
                throw new IllegalArgumentException("values[" + i + "] is NaN");
            }
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        append(values, from, count, lo, hi, null);
    }

    /**
     * {@link #addBlock} for a caller that has checked the block for NaN and found its minimum
     * {@code lo} and maximum {@code hi}. If {@code work} is not null and holds at least
     * {@link #blockWorkLength}{@code (count)} items, it serves as level 0 while the block is
     * added and compacted, so a block that is compacted at once never makes level 0 grow; the
     * state is the same either way.
     */
    void append(double[] values, int from, int count, double lo, double hi, double[] work) {
        append(values, from, count, lo, hi, work, null, 0);
    }

    /**
     * {@link #append(double[], int, int, double, double, double[])}, given also the block's values in
     * ascending order, {@code sorted[sortedFrom .. sortedFrom + count)} (not checked). Where level 0 is
     * empty and the block fills it at once, so that it is compacted before anything else happens (what a
     * chunk's first block of 4096 does), the sorted values take the place of the block and its sort is
     * skipped: the first compaction sorts level 0 anyway, and a multiset of doubles without NaN has one
     * ascending order ({@code -0.0} before {@code 0.0}), so the state is bit for bit the same.
     * Otherwise {@code sorted} is not used.
     */
    void append(double[] values, int from, int count, double lo, double hi, double[] work, double[] sorted,
            int sortedFrom) {
        if (count == 0) {
            return;
        }
        int s = sizes[0];
        boolean presorted = sorted != null && s == 0 && count >= capacity(0) && (long) retained + count >= totalCapacity;
        if (presorted) {
            values = sorted;
            from = sortedFrom;
        }
        if ((long) s + count > MAX_BLOCK) {
            throw new IllegalArgumentException("block of " + count + " values: at most "
                    + (MAX_BLOCK - s) + " at once");
        }
        double[] own = levels[0];
        boolean borrowed = s + count > own.length && work != null && work.length >= s + count;
        double[] level0;
        if (borrowed) {
            level0 = work;
            System.arraycopy(own, 0, level0, 0, s);
        } else if (s + count > own.length) {
            level0 = Arrays.copyOf(own, s + count);
        } else {
            level0 = own;
        }
        System.arraycopy(values, from, level0, s, count);
        levels[0] = level0;
        sizes[0] = s + count;
        retained += count;
        n += count;
        min = Math.min(min, lo);
        max = Math.max(max, hi);
        level0Sorted = presorted;
        while (retained >= totalCapacity) {
            compress();
        }
        level0Sorted = false;
        if (borrowed) {
            // Compactions in place may have handed the work array to a higher level; the sketch
            // keeps none of it.
            for (int h = 1; h < numLevels; h++) {
                if (levels[h] == work) {
                    levels[h] = Arrays.copyOf(work, Math.max(sizes[h], MIN_CAPACITY));
                }
            }
            if (levels[0] == work) {
                int left = sizes[0];
                if (left > own.length) {
                    own = new double[left];
                }
                System.arraycopy(level0, 0, own, 0, left);
                levels[0] = own;
            }
        }
    }

    /** Length of a {@code work} array that lets {@link #append} add {@code count} values. */
    int blockWorkLength(int count) {
        return sizes[0] + count;
    }

    @Override
    public void combine(QuantileState later) {
        if (!(later instanceof QuantileSketch o) || o == this) {
            throw new IllegalArgumentException("later must be another QuantileSketch: " + later);
        }
        if (o.k != k) {
            throw new IllegalArgumentException("later has k = " + o.k + ", this has k = " + k);
        }
        if (o.n == 0) {
            return;
        }
        while (numLevels < o.numLevels) {
            addLevel();
        }
        for (int h = 0; h < o.numLevels; h++) {
            compactions[h] += o.compactions[h];
            int m = o.sizes[h];
            if (m == 0) {
                continue;
            }
            if (h == 0) {
                int s = sizes[0];
                if (s + m > levels[0].length) {
                    levels[0] = Arrays.copyOf(levels[0], Math.max(2 * s, s + m));
                }
                System.arraycopy(o.levels[0], 0, levels[0], s, m);
                sizes[0] = s + m;
            } else {
                mergeInto(h, o.levels[h], 0, 1, m);
            }
        }
        retained += o.retained;
        n += o.n;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        while (retained >= totalCapacity) {
            compress();
        }
    }

    private int capacity(int h) {
        return depthCapacity[numLevels - 1 - h];
    }

    private void addLevel() {
        if (numLevels == MAX_LEVELS) {
            throw new IllegalStateException("sketch exceeds " + MAX_LEVELS + " levels");
        }
        if (numLevels == levels.length) {
            int len = 2 * levels.length;
            levels = Arrays.copyOf(levels, len);
            sizes = Arrays.copyOf(sizes, len);
            compactions = Arrays.copyOf(compactions, len);
        }
        levels[numLevels] = new double[numLevels == 0 ? INITIAL_LEVEL0 : MIN_CAPACITY];
        numLevels++;
        int total = 0;
        for (int d = 0; d < numLevels; d++) {
            total += depthCapacity[d];
        }
        totalCapacity = total;
    }

    /** Compacts the lowest level at or over capacity; one exists because the sketch is full. */
    private void compress() {
        int h = 0;
        while (sizes[h] < capacity(h)) {
            h++;
        }
        if (h == numLevels - 1) {
            addLevel();
        }
        double[] a = levels[h];
        int s = sizes[h];
        if (h == 0) {
            if (!level0Sorted) {
                Arrays.sort(a, 0, s);
            }
            level0Sorted = false;
        }
        int odd = s & 1;
        long bits = 0;
        for (int i = odd; i < s; i++) {
            bits ^= Double.doubleToRawLongBits(a[i]);
        }
        long key = bits ^ (h + 1) * 0x9E3779B97F4A7C15L ^ compactions[h] * 0xC2B2AE3D27D4EB4FL
                ^ n * 0x165667B19E3779F9L;
        int offset = (int) (fmix64(key) >>> 63);
        int half = (s - odd) >>> 1;
        if (sizes[h + 1] == 0) {
            compactInPlace(h, a, odd, offset, half);
        } else {
            mergeInto(h + 1, a, odd + offset, 2, half);
        }
        sizes[h] = odd;
        retained -= half;
        compactions[h]++;
    }

    /**
     * The compaction of level {@code h} (array {@code a}) into an empty level {@code h + 1}, without
     * a merge or a new array: the kept items move down within {@code a}, which becomes level
     * {@code h + 1}'s array, and level {@code h} takes level {@code h + 1}'s old array for its odd
     * item, if any. The levels' contents are those {@link #mergeInto} would give.
     */
    private void compactInPlace(int h, double[] a, int odd, int offset, int half) {
        double[] spare = levels[h + 1];
        if (odd == 1) {
            spare[0] = a[0];
        }
        int from = odd + offset;
        for (int i = 0; i < half; i++) {
            a[i] = a[from + 2 * i];
        }
        levels[h + 1] = a;
        sizes[h + 1] = half;
        levels[h] = spare;
    }

    /**
     * Merges {@code count} items {@code src[from], src[from + stride], ...} (ascending) into the
     * sorted level {@code h}.
     */
    private void mergeInto(int h, double[] src, int from, int stride, int count) {
        double[] b = levels[h];
        int nb = sizes[h];
        int total = nb + count;
        double[] out = scratch.length >= total ? scratch : new double[Math.max(total, 2 * scratch.length)];
        int i = 0;
        int j = 0;
        int o = 0;
        int si = from;
        while (i < count && j < nb) {
            double x = src[si];
            double y = b[j];
            if (y < x) {
                out[o++] = y;
                j++;
            } else {
                out[o++] = x;
                i++;
                si += stride;
            }
        }
        while (i < count) {
            out[o++] = src[si];
            i++;
            si += stride;
        }
        if (j < nb) {
            System.arraycopy(b, j, out, o, nb - j);
        }
        levels[h] = out;
        sizes[h] = total;
        scratch = b;
    }

    private static long fmix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** Sorts level 0 in place (its order carries no information) and builds the query view. */
    private void view() {
        if (viewN == n) {
            return;
        }
        Arrays.sort(levels[0], 0, sizes[0]);
        double[] vals = Arrays.copyOf(levels[0], sizes[0]);
        long[] weights = new long[retained];
        Arrays.fill(weights, 0, vals.length, 1L);
        int len = vals.length;
        double[] nextVals = new double[retained];
        long[] nextWeights = new long[retained];
        vals = Arrays.copyOf(vals, retained);
        for (int h = 1; h < numLevels; h++) {
            double[] b = levels[h];
            int nb = sizes[h];
            long w = 1L << h;
            int i = 0;
            int j = 0;
            int o = 0;
            while (i < len && j < nb) {
                if (b[j] < vals[i]) {
                    nextVals[o] = b[j++];
                    nextWeights[o++] = w;
                } else {
                    nextVals[o] = vals[i];
                    nextWeights[o++] = weights[i++];
                }
            }
            while (i < len) {
                nextVals[o] = vals[i];
                nextWeights[o++] = weights[i++];
            }
            while (j < nb) {
                nextVals[o] = b[j++];
                nextWeights[o++] = w;
            }
            double[] tv = vals;
            vals = nextVals;
            nextVals = tv;
            long[] tw = weights;
            weights = nextWeights;
            nextWeights = tw;
            len = o;
        }
        long cum = 0;
        for (int i = 0; i < len; i++) {
            cum += weights[i];
            weights[i] = cum;
        }
        viewValues = vals;
        viewCumulative = weights;
        viewN = n;
    }

    /** Index of the first view item not below {@code t}. */
    private int firstNotBelow(double t) {
        double[] v = viewValues;
        int lo = 0;
        int hi = retained;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public double quantile(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        if (n == 0) {
            return Double.NaN;
        }
        if (p == 0.0) {
            return min;
        }
        if (p == 1.0) {
            return max;
        }
        view();
        double target = p * n;
        long[] cum = viewCumulative;
        int lo = 0;
        int hi = retained - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return viewValues[lo];
    }

    @Override
    public double fractionBelow(double threshold) {
        if (n == 0) {
            return Double.NaN;
        }
        if (threshold != threshold) {
            return 0.0;
        }
        view();
        int i = firstNotBelow(threshold);
        return i == 0 ? 0.0 : (double) viewCumulative[i - 1] / n;
    }

    @Override
    public double meanShortfallBelow(double threshold) {
        if (n == 0) {
            return Double.NaN;
        }
        if (threshold != threshold) {
            return 0.0;
        }
        view();
        int end = firstNotBelow(threshold);
        double sum = 0.0;
        long previous = 0;
        for (int i = 0; i < end; i++) {
            long c = viewCumulative[i];
            sum += (c - previous) * (threshold - viewValues[i]);
            previous = c;
        }
        return sum / n;
    }

    @Override
    public boolean exact() {
        return false;
    }

    @Override
    public long count() {
        return n;
    }

    /**
     * Writes {@code k}, the count, minimum and maximum, then per level its compaction count and
     * its items (level 0 in ascending order), all doubles as raw IEEE 754 bits.
     */
    @Override
    public void write(DataOutput out) throws IOException {
        Arrays.sort(levels[0], 0, sizes[0]);
        out.writeInt(k);
        out.writeLong(n);
        out.writeLong(Double.doubleToRawLongBits(min));
        out.writeLong(Double.doubleToRawLongBits(max));
        out.writeInt(numLevels);
        for (int h = 0; h < numLevels; h++) {
            out.writeLong(compactions[h]);
            out.writeInt(sizes[h]);
            double[] a = levels[h];
            for (int i = 0; i < sizes[h]; i++) {
                out.writeLong(Double.doubleToRawLongBits(a[i]));
            }
        }
    }

    /**
     * Reads a sketch written by {@link #write}; it continues exactly as the written one would.
     *
     * @throws IOException if the input fails or is not a valid sketch state
     */
    public static QuantileSketch read(DataInput in) throws IOException {
        int k = in.readInt();
        if (k < MIN_K || k > MAX_K) {
            throw new IOException("corrupt QuantileSketch: k = " + k);
        }
        QuantileSketch s = new QuantileSketch(k);
        s.n = in.readLong();
        s.min = Double.longBitsToDouble(in.readLong());
        s.max = Double.longBitsToDouble(in.readLong());
        int levels = in.readInt();
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new IOException("corrupt QuantileSketch: " + levels + " levels");
        }
        while (s.numLevels < levels) {
            s.addLevel();
        }
        long weight = 0;
        for (int h = 0; h < levels; h++) {
            s.compactions[h] = in.readLong();
            int size = in.readInt();
            if (size < 0 || size > s.totalCapacity || s.compactions[h] < 0) {
                throw new IOException("corrupt QuantileSketch: level " + h + " size " + size);
            }
            double[] a = new double[Math.max(size, s.levels[h].length)];
            for (int i = 0; i < size; i++) {
                a[i] = Double.longBitsToDouble(in.readLong());
                if (a[i] != a[i] || (i > 0 && a[i] < a[i - 1])) {
                    throw new IOException("corrupt QuantileSketch: level " + h + " not sorted");
                }
            }
            s.levels[h] = a;
            s.sizes[h] = size;
            s.retained += size;
            weight += (long) size << h;
        }
        // add compacts before it appends, so a sketch it has just filled holds exactly its capacity
        if (weight != s.n || s.retained > s.totalCapacity) {
            throw new IOException("corrupt QuantileSketch: weights " + weight + " for count " + s.n);
        }
        return s;
    }
}
