package dev.chipmc.engine.run;

import java.util.Arrays;

/**
 * Chunk-averaged Spearman rank correlation of every named input with every headline output.
 *
 * <p>Per chunk of {@code n} samples (ranks within the chunk, ties given their average rank) the
 * estimate is Pearson's correlation of the centred ranks,
 * {@code r_c = sum(rx ry) / sqrt(sum(rx^2) sum(ry^2))}. The run's estimate is the chunk-size-weighted
 * mean {@code rho = sum(n_c r_c) / sum(n_c)}, and its standard error the weighted spread of the chunk
 * estimates, {@code se = sqrt(var_w(r_c) / k)} with {@code var_w} the weighted variance times
 * {@code k / (k - 1)} over the {@code k} chunks where the pair is defined (a chunk in which the input
 * or the output takes a single value contributes nothing to that pair). The state is four sums per
 * (input, output) pair, merged by addition in chunk order: memory {@code O(inputs x outputs)} whatever
 * the sample count, results independent of the thread count, and a checkpoint holds it exactly.
 *
 * <p>Bias: the rank correlation of {@code n} samples has
 * {@code E[r_s] = (n - 2)/(n + 1) rho_s + 3/(n + 1) tau} (Kendall and Gibbons, Rank Correlation
 * Methods, 1990), so averaging chunk estimates instead of ranking all samples at once adds a bias of
 * {@code 3 (tau - rho_s) / (n + 1)}: below {@code 3/4097 x 0.25 < 2e-4} in absolute value for
 * {@code n = 4096} ({@code |tau - rho_s| <= 0.25} for the usual dependence structures), far below the
 * standard error of any run of fewer than ~10^7 samples.
 *
 * <p>Not thread-safe; a {@link Work} per worker holds a chunk's columns.
 */
public final class RankCorrelation {
    /** Sums kept per pair: weight, weight x estimate, weight x estimate^2, chunks. */
    static final int FIGURES = 4;
    /** Largest bucket count exponent of one bucketing pass: 8192 buckets, two per sample of a chunk. */
    private static final int MAX_BUCKET_BITS = 13;
    /** Buckets up to this size are left to the insertion sort; larger ones are split again. */
    private static final int SMALL = 32;
    /** Bucketing levels a chunk can need: each level cuts its 64-bit key range by at least 2^5. */
    private static final int LEVELS = 14;
    /** Samples of a column tried against both bucket maps. */
    private static final int PROBES = 256;
    /** Largest n whose rank products {@code (n - 1)^2} fit in an int. */
    static final int INT_PRODUCT_LIMIT = 46_341;
    /** Largest n whose rank sums of products, at most {@code (n^3 - n)/3}, fit in a long. */
    static final int LONG_SUM_LIMIT = 1 << 20;

    private RankCorrelation() {
    }

    /**
     * A worker's buffers for one chunk: the columns of inputs and outputs, and ranks.
     *
     * <p>Ranks are kept doubled and centred, {@code 2 r - (n + 1)} for the average rank {@code r}:
     * integers in {@code [-(n - 1), n - 1]} (a tie's average rank is a half-integer, hence the
     * doubling, which cancels in the correlation). For {@code n <= 2^20} every sum of products is
     * computed exactly in {@code long} arithmetic, so a chunk's estimate is the correctly rounded
     * {@code sxy / sqrt(sxx syy)} of the exact sums, independent of summation order.
     */
    static final class Work {
        final int inputs;
        final int outputs;
        final int capacity;
        final double[] x;
        final double[] y;
        private final int[] rx;
        private final int[] ry;
        private final double[] sxx;
        private final double[] syy;
        private final long[] keys;
        private final long[] sortedKeys;
        private final long[] tk;
        private final int[] sortedIndex;
        private final int[] ti;
        private final int[] bucket;
        private final int[] probe = new int[PROBES];
        private final int[][] count = new int[LEVELS][];

        Work(int inputs, int outputs, int capacity) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.capacity = capacity;
            x = new double[inputs * capacity];
            y = new double[outputs * capacity];
            rx = new int[inputs * capacity];
            ry = new int[outputs * capacity];
            sxx = new double[inputs];
            syy = new double[outputs];
            keys = new long[capacity];
            sortedKeys = new long[capacity];
            tk = new long[capacity];
            sortedIndex = new int[capacity];
            ti = new int[capacity];
            bucket = new int[capacity];
            count[0] = new int[(1 << MAX_BUCKET_BITS) + 2];
        }

        /** Adds the chunk's estimates of its first {@code n} rows into {@code sums}. */
        void addChunk(int n, double[] sums) {
            if (n < 3) {
                return;
            }
            for (int i = 0; i < inputs; i++) {
                sxx[i] = sumOfSquares(centredRanks(x, i * capacity, n, rx), rx, i * capacity, n);
            }
            for (int o = 0; o < outputs; o++) {
                syy[o] = sumOfSquares(centredRanks(y, o * capacity, n, ry), ry, o * capacity, n);
            }
            for (int i = 0; i < inputs; i++) {
                if (!(sxx[i] > 0)) {
                    continue;
                }
                int xi = i * capacity;
                for (int o = 0; o < outputs; o++) {
                    if (!(syy[o] > 0)) {
                        continue;
                    }
                    int yo = o * capacity;
                    double sxy = n > LONG_SUM_LIMIT ? dotDouble(rx, xi, ry, yo, n)
                            : n > INT_PRODUCT_LIMIT ? dotLong(rx, xi, ry, yo, n) : dotInt(rx, xi, ry, yo, n);
                    double r = sxy / Math.sqrt(sxx[i] * syy[o]);
                    int f = (i * outputs + o) * FIGURES;
                    sums[f] += n;
                    sums[f + 1] += n * r;
                    sums[f + 2] += n * r * r;
                    sums[f + 3] += 1;
                }
            }
        }

        /** Exact for {@code n <= INT_PRODUCT_LIMIT}: each product is at most {@code (n - 1)^2 < 2^31}. */
        private static long dotInt(int[] a, int ai, int[] b, int bi, int n) {
            long s = 0;
            for (int k = 0; k < n; k++) {
                s += a[ai + k] * b[bi + k];
            }
            return s;
        }

        private static long dotLong(int[] a, int ai, int[] b, int bi, int n) {
            long s = 0;
            for (int k = 0; k < n; k++) {
                s += (long) a[ai + k] * b[bi + k];
            }
            return s;
        }

        private static double dotDouble(int[] a, int ai, int[] b, int bi, int n) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += (double) a[ai + k] * b[bi + k];
            }
            return s;
        }

        /** The exact {@code ss} where it cannot have overflowed, else the sum again in doubles. */
        private static double sumOfSquares(long ss, int[] a, int ai, int n) {
            return n <= LONG_SUM_LIMIT ? ss : dotDouble(a, ai, a, ai, n);
        }

        /**
         * Writes the doubled centred average ranks of {@code v[off .. off+n)} to {@code dst[off ..]}
         * and returns their sum of squares (exact for {@code n <= LONG_SUM_LIMIT}). NaN inputs are
         * not expected; -0.0 and 0.0 tie.
         *
         * <p>An argsort by order-preserving 64-bit keys (equal keys are equal doubles): one counting
         * pass into about {@code 2 n} buckets by a monotone map (equal keys share a bucket, a smaller
         * key never lands in a later bucket), then an insertion sort over the whole array, whose work
         * is the number of pairs left out of order inside buckets, then two branch-free passes over
         * runs of equal keys give average ranks. The map is linear in the value, or linear in the key
         * (about logarithmic in the value; the smallest value then gets a bucket of its own, so that an
         * atom at zero does not squeeze the rest), whichever puts fewer of {@value #PROBES} probed
         * values together; a bucket larger than {@value #SMALL} is split again by its keys first.
         */
        long centredRanks(double[] v, int off, int n, int[] dst) {
            long[] k0 = keys;
            long kmin = Long.MAX_VALUE;
            long kmax = Long.MIN_VALUE;
            long kmin1 = Long.MAX_VALUE;
            long kmax1 = Long.MIN_VALUE;
            int j0 = 0;
            for (; j0 + 1 < n; j0 += 2) {
                long k = key(v[off + j0]);
                long k1 = key(v[off + j0 + 1]);
                k0[j0] = k;
                k0[j0 + 1] = k1;
                kmin = Math.min(kmin, k);
                kmax = Math.max(kmax, k);
                kmin1 = Math.min(kmin1, k1);
                kmax1 = Math.max(kmax1, k1);
            }
            for (; j0 < n; j0++) {
                long k = key(v[off + j0]);
                k0[j0] = k;
                kmin = Math.min(kmin, k);
                kmax = Math.max(kmax, k);
            }
            kmin = Math.min(kmin, kmin1);
            kmax = Math.max(kmax, kmax1);
            if (kmin == kmax) {
                Arrays.fill(dst, off, off + n, 0);
                return 0;
            }
            int bits = Math.min(MAX_BUCKET_BITS, 32 - Integer.numberOfLeadingZeros(n));
            double lo = value(kmin);
            double range = value(kmax) - lo;
            double scale = ((1 << bits) - 1) / range;
            // The key map needs the second smallest key, a pass of its own: the choice between the
            // maps uses the smallest probed key above the minimum, and the pass runs only for the key map.
            long kmin2 = kmax;
            int step = Math.max(1, n / PROBES);
            for (int j = 0; j < n; j += step) {
                long k = k0[j];
                kmin2 = Math.min(kmin2, k == kmin ? Long.MAX_VALUE : k);
            }
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(kmax - kmin2) - bits);
            boolean linear = Double.isFinite(range) && Double.isFinite(scale)
                    && collisions(v, off, n, true, lo, scale, kmin, kmin2, shift, bits)
                            <= collisions(v, off, n, false, lo, scale, kmin, kmin2, shift, bits);
            if (!linear) {
                for (int j = 0; j < n; j++) {
                    long k = k0[j];
                    kmin2 = Math.min(kmin2, k == kmin ? Long.MAX_VALUE : k);
                }
                shift = Math.max(0, 64 - Long.numberOfLeadingZeros(kmax - kmin2) - bits);
            }
            int[] b = bucket;
            int nb;
            if (linear) {
                // (v - lo) <= range, and range * scale < (1 << bits) - 1 + 1 (two roundings of a
                // factor 1 + 2^-53 each), so the bucket never passes (1 << bits) - 1.
                for (int j = 0; j < n; j++) {
                    b[j] = (int) ((v[off + j] - lo) * scale);
                }
                nb = 1 << bits;
            } else {
                for (int j = 0; j < n; j++) {
                    long k = k0[j];
                    long t = ((k - kmin2) >>> shift) + 1;
                    b[j] = (int) (k == kmin ? 0 : t);
                }
                nb = (int) ((kmax - kmin2) >>> shift) + 2;
            }
            int[] c = count[0];
            Arrays.fill(c, 0, nb + 1, 0);
            for (int j = 0; j < n; j++) {
                c[b[j] + 1]++;
            }
            int largest = 0;
            for (int d = 0; d < nb; d++) {
                largest = Math.max(largest, c[d + 1]);
                c[d + 1] += c[d];
            }
            long[] sk = sortedKeys;
            int[] si = sortedIndex;
            for (int j = 0; j < n; j++) {
                int p = c[b[j]]++;
                sk[p] = k0[j];
                si[p] = j;
            }
            if (largest > SMALL) {
                int s = 0;
                for (int d = 0; d < nb; d++) {
                    int e = c[d];
                    if (e - s > SMALL) {
                        split(s, e, 1);
                    }
                    s = e;
                }
            }
            for (int j = 1; j < n; j++) {
                long k = sk[j];
                if (k < sk[j - 1]) {
                    int index = si[j];
                    int q = j - 1;
                    do {
                        sk[q + 1] = sk[q];
                        si[q + 1] = si[q];
                        q--;
                    } while (q >= 0 && sk[q] > k);
                    sk[q + 1] = k;
                    si[q + 1] = index;
                }
            }
            // Runs of equal keys without branches: the first position of each key's run going up, its
            // end going down; the doubled centred average rank of run [j, e) is j + e - n.
            int[] first = bucket;
            int start = 0;
            first[0] = 0;
            for (int j = 1; j < n; j++) {
                start = sk[j] == sk[j - 1] ? start : j;
                first[j] = start;
            }
            long ss = 0;
            int end = n;
            for (int j = n - 1; j >= 0; j--) {
                end = j + 1 < n && sk[j] == sk[j + 1] ? end : j + 1;
                int r = first[j] + end - n;
                dst[off + si[j]] = r;
                ss += (long) r * r;
            }
            return ss;
        }

        /** Pairs among the probed values that one map or the other puts in one of 256 coarse buckets. */
        private int collisions(double[] v, int off, int n, boolean linear, double lo, double scale, long kmin,
                long kmin2, int shift, int bits) {
            int[] h = probe;
            Arrays.fill(h, 0);
            int coarse = Math.max(0, bits - 8);
            int step = Math.max(1, n / PROBES);
            int pairs = 0;
            for (int j = 0; j < n; j += step) {
                int d;
                if (linear) {
                    d = (int) ((v[off + j] - lo) * scale);
                } else {
                    long k = keys[j];
                    d = k == kmin ? 0 : (int) (((k - kmin2) >>> shift) + 1);
                }
                pairs += h[Math.min(PROBES - 1, d >>> coarse)]++;
            }
            return pairs;
        }

        /**
         * Splits the bucket at sorted positions {@code [s, e)} by its keys into about {@code e - s}
         * buckets, in order, and splits again those still larger than {@value #SMALL} whose keys
         * differ.
         */
        private void split(int s, int e, int level) {
            long[] sk = sortedKeys;
            int[] si = sortedIndex;
            long kmin = Long.MAX_VALUE;
            long kmax = Long.MIN_VALUE;
            for (int q = s; q < e; q++) {
                kmin = Math.min(kmin, sk[q]);
                kmax = Math.max(kmax, sk[q]);
            }
            if (kmin == kmax) {
                return;
            }
            int m = e - s;
            int bits = Math.min(MAX_BUCKET_BITS, 31 - Integer.numberOfLeadingZeros(m));
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(kmax - kmin) - bits);
            int nb = (int) ((kmax - kmin) >>> shift) + 1;
            int[] c = count[level];
            if (c == null) {
                c = new int[(1 << MAX_BUCKET_BITS) + 2];
                count[level] = c;
            }
            Arrays.fill(c, 0, nb + 1, 0);
            for (int q = s; q < e; q++) {
                c[(int) ((sk[q] - kmin) >>> shift) + 1]++;
            }
            c[0] = s;
            for (int d = 0; d < nb; d++) {
                c[d + 1] += c[d];
            }
            for (int q = s; q < e; q++) {
                int p = c[(int) ((sk[q] - kmin) >>> shift)]++;
                tk[p] = sk[q];
                ti[p] = si[q];
            }
            System.arraycopy(tk, s, sk, s, m);
            System.arraycopy(ti, s, si, s, m);
            int from = s;
            for (int d = 0; d < nb; d++) {
                int to = c[d];
                if (to - from > SMALL) {
                    split(from, to, level + 1);
                }
                from = to;
            }
        }

        /** The double of a key of {@link #key}. */
        private static double value(long k) {
            return Double.longBitsToDouble(k ^ ((k >> 63) & Long.MAX_VALUE));
        }

        /** A signed 64-bit key in the order of the doubles, equal for -0.0 and 0.0. */
        private static long key(double a) {
            long bits = Double.doubleToRawLongBits(a + 0.0);
            return bits ^ ((bits >> 63) & Long.MAX_VALUE);
        }
    }

    /** The estimate of pair {@code pair} from merged sums; NaN where no chunk defined it. */
    static double estimate(double[] sums, int pair) {
        int f = pair * FIGURES;
        return sums[f] > 0 ? sums[f + 1] / sums[f] : Double.NaN;
    }

    /** Its standard error; NaN with fewer than two chunks. */
    static double standardError(double[] sums, int pair) {
        int f = pair * FIGURES;
        double w = sums[f];
        double k = sums[f + 3];
        if (!(k >= 2)) {
            return Double.NaN;
        }
        double mean = sums[f + 1] / w;
        double var = Math.max(0, sums[f + 2] / w - mean * mean) * k / (k - 1);
        return Math.sqrt(var / k);
    }
}
