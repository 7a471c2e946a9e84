package dev.chipmc.engine.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * All values of a column in a growable {@code double[]}, for exact quantiles by linear
 * interpolation ({@link Quantiles#linear}, numpy's default) and exact rank questions.
 *
 * <p>The state is the multiset of values: the first query after an {@link #add} or
 * {@link #combine} sorts the array in place (once; later queries binary-search it), which keeps
 * memory at 8 bytes per value instead of holding a sorted copy. {@link #write} writes the values
 * in ascending order, so the serialized form does not depend on whether a query came first.
 * Sums over values below a threshold run in ascending order, so every answer is a function of the
 * multiset alone: chunking and thread count cannot change it.
 *
 * <p>At most {@link #MAX_VALUES} values (the largest Java array). Not thread-safe.
 */
public final class ExactQuantiles implements QuantileState {
    /** Largest number of values one instance can hold. */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final int INITIAL_CAPACITY = 256;
    private static final double[] EMPTY = new double[0];
    private static final int IO_BLOCK = 4096;

    private double[] values;
    private int size;
    private int sortedSize;

    private ExactQuantiles(double[] values, int size, int sortedSize) {
        this.values = values;
        this.size = size;
        this.sortedSize = sortedSize;
    }

    /** An empty instance. */
    public static ExactQuantiles create() {
        // no array until the first value: a chunk's state is then sized by its first block
        return new ExactQuantiles(EMPTY, 0, 0);
    }

    @Override
    public void add(double x) {
        if (x != x) {
            throw new IllegalArgumentException("x is NaN");
        }
        int s = size;
        if (s == values.length) {
            grow(s + 1);
        }
        values[s] = x;
        size = s + 1;
    }

    @Override
    public void addBlock(double[] values, int from, int count) {
        java.util.Objects.checkFromIndexSize(from, count, values.length);
        for (int i = from; i < from + count; i++) {
            if (values[i] != values[i]) {
                throw new IllegalArgumentException("values[" + i + "] is NaN");
            }
        }
        append(values, from, count);
    }

    /** {@link #addBlock} without the NaN check, for a caller that has made it. */
    void append(double[] values, int from, int count) {
        int s = size;
        if (s == 0 && count > this.values.length) {
            // allocation and copy in one step: the JIT skips zeroing the new array
            this.values = Arrays.copyOfRange(values, from, from + count);
            size = count;
            return;
        }
        if ((long) s + count > this.values.length) {
            grow((int) Math.min(Integer.MAX_VALUE, (long) s + count));
        }
        System.arraycopy(values, from, this.values, s, count);
        size = s + count;
    }

    @Override
    public void combine(QuantileState later) {
        if (!(later instanceof ExactQuantiles o) || o == this) {
            throw new IllegalArgumentException("later must be another ExactQuantiles: " + later);
        }
        int m = o.size;
        if (m == 0) {
            return;
        }
        if ((long) size + m > MAX_VALUES) {
            throw new IllegalStateException("more than " + MAX_VALUES + " values in one exact "
                    + "quantile column; use QuantileMode.SKETCH");
        }
        if (size == 0 && m > values.length) {
            values = Arrays.copyOf(o.values, m);
            size = m;
            return;
        }
        if (size + m > values.length) {
            grow(size + m);
        }
        System.arraycopy(o.values, 0, values, size, m);
        size += m;
    }

    /** Makes room for {@code capacity} values in all, so that adding up to there copies nothing. */
    void reserve(long capacity) {
        long c = Math.min(MAX_VALUES, capacity);
        if (c > values.length) {
            values = Arrays.copyOf(values, (int) c);
        }
    }

    private void grow(int needed) {
        if (needed > MAX_VALUES || needed < 0) {
            throw new IllegalStateException("more than " + MAX_VALUES + " values in one exact "
                    + "quantile column; use QuantileMode.SKETCH");
        }
        long grown = Math.max(INITIAL_CAPACITY, (long) values.length + (values.length >> 1));
        int capacity = (int) Math.min(MAX_VALUES, Math.max(needed, grown));
        values = Arrays.copyOf(values, capacity);
    }

    /** Sorts the values now, so that the next query does not: see {@link Accumulator#prepareQueries}. */
    void prepareQueries() {
        sort();
    }

    /**
     * Sorts this column's values, known to be {@code max(0, t - x)} one for one for the values {@code x}
     * of {@code source} (the caller vouches for it), from {@code source}'s sort instead of sorting them:
     * {@code max(0, t - x)} falls as {@code x} rises, so taking {@code source}'s values from the largest
     * down gives them in ascending order, the order a sort gives (the same doubles, and no {@code -0.0}:
     * {@code max(0, -0.0)} is {@code 0.0}). If the counts differ, it sorts as {@link #prepareQueries} does.
     */
    void sortAsShortfallOf(ExactQuantiles source, double t) {
        int n = size;
        if (source.size != n || source == this) {
            sort();
            return;
        }
        source.sort();
        double[] s = source.values;
        double[] v = values;
        for (int i = 0; i < n; i++) {
            v[i] = Math.max(0, t - s[n - 1 - i]);
        }
        sortedSize = n;
    }

    private void sort() {
        if (sortedSize != size) {
            Arrays.sort(values, 0, size);
            sortedSize = size;
        }
    }

    @Override
    public double quantile(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        return Quantiles.linear(values, size, p);
    }

    @Override
    public double fractionBelow(double threshold) {
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        return (double) countBelow(threshold) / size;
    }

    @Override
    public double meanShortfallBelow(double threshold) {
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        int below = countBelow(threshold);
        double sum = 0.0;
        for (int i = 0; i < below; i++) {
            sum += threshold - values[i];
        }
        return sum / size;
    }

    /** Number of sorted values strictly below {@code t}: the first index holding a value >= t. */
    private int countBelow(double t) {
        if (t != t) {
            return 0;
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public long count() {
        return size;
    }

    /** Writes the count, then the values in ascending order as raw IEEE 754 bits. */
    @Override
    public void write(DataOutput out) throws IOException {
        sort();
        out.writeInt(size);
        ByteBuffer buf = ByteBuffer.allocate(IO_BLOCK * Double.BYTES);
        for (int i = 0; i < size; i += IO_BLOCK) {
            int len = Math.min(IO_BLOCK, size - i);
            buf.clear();
            buf.asDoubleBuffer().put(values, i, len);
            out.write(buf.array(), 0, len * Double.BYTES);
        }
    }

    /**
     * Reads an instance written by {@link #write}.
     *
     * @throws IOException if the input fails or is not a valid state
     */
    public static ExactQuantiles read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_VALUES) {
            throw new IOException("corrupt ExactQuantiles: count " + n);
        }
        double[] values = new double[Math.max(n, INITIAL_CAPACITY)];
        byte[] bytes = new byte[IO_BLOCK * Double.BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int i = 0; i < n; i += IO_BLOCK) {
            int len = Math.min(IO_BLOCK, n - i);
            in.readFully(bytes, 0, len * Double.BYTES);
            buf.clear();
            buf.asDoubleBuffer().get(values, i, len);
        }
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (v != v || (i > 0 && v < values[i - 1])) {
                throw new IOException("corrupt ExactQuantiles: values not sorted or NaN at " + i);
            }
        }
        return new ExactQuantiles(values, n, n);
    }
}
