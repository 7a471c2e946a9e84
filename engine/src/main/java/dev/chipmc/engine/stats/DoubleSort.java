package dev.chipmc.engine.stats;

import java.util.Arrays;

/**
 * Sorts {@code double} values into ascending {@link Double#compare} order ({@code -0.0} before
 * {@code 0.0}), giving exactly the array {@link Arrays#sort(double[], int, int)} gives, by a
 * bucket sort: each value goes to bucket {@code min(B - 1, (int) ((x - lo) * (B / (hi - lo))))}
 * of {@code B = n} buckets between the range's minimum {@code lo} and maximum {@code hi}
 * (linear interpolation; rounded subtraction and multiplication are monotone, so a larger value
 * never lands in an earlier bucket), buckets of more than {@value #SMALL_BUCKET} values are
 * sorted by {@link Arrays#sort}, and one insertion-sort pass finishes the rest, moving values only
 * within their bucket. Equal values compare equal under {@code <} whatever their sign, so a last
 * pass puts the zeros of both signs in order. Ranges that are short, constant, hold infinities or
 * span more than the largest double go to {@link Arrays#sort} directly; NaN is not expected.
 *
 * <p>Cost: about four sequential passes plus the insertion sort, linear in {@code n} for data whose
 * buckets stay small (smooth densities, ties); data crowded into few buckets (a range stretched
 * by a few extreme values) falls back to {@link Arrays#sort} bucket by bucket, so the worst case
 * is that of {@link Arrays#sort} plus the passes.
 *
 * <p>An instance keeps growable scratch arrays ({@code 16 n} bytes for the largest {@code n} seen):
 * reuse it. Not thread-safe: one instance per thread.
 */
public final class DoubleSort {
    /** Ranges shorter than this go to {@link Arrays#sort}. */
    static final int MIN_BUCKETED = 64;
    /** Buckets larger than this are sorted by {@link Arrays#sort} before the insertion pass. */
    static final int SMALL_BUCKET = 24;
    /** Buckets per value: one keeps most buckets at zero to two values, so that few values move. */
    private static final int BUCKETS_PER_VALUE = 1;

    private double[] tmp = new double[0];
    private int[] bucketOf = new int[0];
    private int[] counts = new int[0];

    /** A sorter with empty scratch. */
    public DoubleSort() {
    }

    /**
     * Sorts {@code a[from .. to)} ascending in {@link Double#compare} order, as
     * {@link Arrays#sort(double[], int, int)} does.
     *
     * @throws IndexOutOfBoundsException if the range is outside {@code a}
     */
    public void sort(double[] a, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, a.length);
        int n = to - from;
        if (n < MIN_BUCKETED) {
            Arrays.sort(a, from, to);
            return;
        }
        double lo = a[from];
        double hi = lo;
        double lo1 = lo;
        double hi1 = lo;
        int i = from + 1;
        for (; i + 1 < to; i += 2) {
            double x = a[i];
            double y = a[i + 1];
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
            lo1 = y < lo1 ? y : lo1;
            hi1 = y > hi1 ? y : hi1;
        }
        for (; i < to; i++) {
            double x = a[i];
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
        lo = lo1 < lo ? lo1 : lo;
        hi = hi1 > hi ? hi1 : hi;
        sortInto(a, from, n, a, from, lo, hi);
    }

    /**
     * Writes {@code src[from .. from + n)} sorted as by {@link #sort} to {@code dst[to .. to + n)};
     * {@code src} is left unchanged unless it is {@code dst}. {@code lo} and {@code hi} must be
     * the range's minimum and maximum under {@code <} and {@code >} (either zero's sign will do):
     * a wrong bound gives a wrong order or an exception, never a silent fallback.
     *
     * @throws IndexOutOfBoundsException if a range is outside its array
     */
    public void sortInto(double[] src, int from, int n, double[] dst, int to, double lo, double hi) {
        java.util.Objects.checkFromIndexSize(from, n, src.length);
        java.util.Objects.checkFromIndexSize(to, n, dst.length);
        double span = hi - lo;
        double scale = (n * BUCKETS_PER_VALUE) / span;
        if (n < MIN_BUCKETED || !(span > 0.0 && span <= Double.MAX_VALUE && scale <= Double.MAX_VALUE)) {
            if (src != dst || from != to) {
                System.arraycopy(src, from, dst, to, n);
            }
            // equal non-zero values have equal bits: nothing to order
            if (!(lo == hi && lo != 0.0)) {
                Arrays.sort(dst, to, to + n);
            }
            return;
        }
        int buckets = n * BUCKETS_PER_VALUE;
        if (tmp.length < n) {
            tmp = new double[n];
            bucketOf = new int[n];
        }
        if (counts.length < buckets + 1) {
            counts = new int[buckets + 1];
        }
        double[] t = tmp;
        int[] b = bucketOf;
        int[] c = counts;
        Arrays.fill(c, 0, buckets + 1, 0);
        int last = buckets - 1;
        for (int i = 0; i < n; i++) {
            b[i] = Math.min((int) ((src[from + i] - lo) * scale), last);
        }
        for (int i = 0; i < n; i++) {
            c[b[i] + 1]++;
        }
        boolean crowded = false;
        for (int k = 0; k < buckets; k++) {
            int size = c[k + 1];
            crowded |= size > SMALL_BUCKET;
            c[k + 1] = size + c[k];
        }
        for (int i = 0; i < n; i++) {
            t[c[b[i]]++] = src[from + i];
        }
        // now c[k] is the end of bucket k (and the start of k + 1)
        if (crowded) {
            int start = 0;
            for (int k = 0; k < buckets; k++) {
                int end = c[k];
                if (end - start > SMALL_BUCKET) {
                    Arrays.sort(t, start, end);
                }
                start = end;
            }
        }
        // insertion sort while copying back: a value moves only past larger values of its bucket
        dst[to] = t[0];
        for (int i = 1; i < n; i++) {
            double v = t[i];
            int j = to + i - 1;
            if (dst[j] > v) {
                do {
                    dst[j + 1] = dst[j];
                    j--;
                } while (j >= to && dst[j] > v);
            }
            dst[j + 1] = v;
        }
        if (lo <= 0.0 && hi >= 0.0) {
            orderZeros(dst, to, to + n);
        }
    }

    /** Puts {@code -0.0} before {@code 0.0} within the run of zeros of ascending {@code a[from .. to)}. */
    static void orderZeros(double[] a, int from, int to) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < 0.0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int end = lo;
        int negative = 0;
        while (end < to && a[end] == 0.0) {
            negative += (int) (Double.doubleToRawLongBits(a[end]) >>> 63);
            end++;
        }
        if (negative == 0 || negative == end - lo) {
            return;
        }
        Arrays.fill(a, lo, lo + negative, -0.0);
        Arrays.fill(a, lo + negative, end, 0.0);
    }
}
