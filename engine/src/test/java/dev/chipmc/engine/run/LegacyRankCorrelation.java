package dev.chipmc.engine.run;

import java.util.Arrays;

/**
 * The chunk estimate of {@link RankCorrelation.Work} as it was before integer ranks and bucketed
 * ranking (commit 0d3f858), kept verbatim as the reference the new code must reproduce: an 11-bit LSD
 * radix argsort of order-preserving keys, ranks as centred doubles, one double accumulator per pair.
 * Not thread-safe.
 */
final class LegacyRankCorrelation {
    private static final int DIGIT_BITS = 11;
    private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

    final int inputs;
    final int outputs;
    final int capacity;
    final double[] x;
    final double[] y;
    private final long[] keys;
    private final long[] keysTmp;
    private final int[] index;
    private final int[] indexTmp;
    private final int[] count = new int[DIGIT_MASK + 1];
    private final double[] rx;
    private final double[] ry;
    private final double[] sxx;
    private final double[] syy;

    LegacyRankCorrelation(int inputs, int outputs, int capacity) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.capacity = capacity;
        x = new double[inputs * capacity];
        y = new double[outputs * capacity];
        keys = new long[capacity];
        keysTmp = new long[capacity];
        index = new int[capacity];
        indexTmp = new int[capacity];
        rx = new double[inputs * capacity];
        ry = new double[outputs * capacity];
        sxx = new double[inputs];
        syy = new double[outputs];
    }

    void addChunk(int n, double[] sums) {
        if (n < 3) {
            return;
        }
        for (int i = 0; i < inputs; i++) {
            sxx[i] = centredRanks(x, i * capacity, n, rx);
        }
        for (int o = 0; o < outputs; o++) {
            syy[o] = centredRanks(y, o * capacity, n, ry);
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
                double sxy = 0;
                for (int k = 0; k < n; k++) {
                    sxy += rx[xi + k] * ry[yo + k];
                }
                double r = sxy / Math.sqrt(sxx[i] * syy[o]);
                int f = (i * outputs + o) * RankCorrelation.FIGURES;
                sums[f] += n;
                sums[f + 1] += n * r;
                sums[f + 2] += n * r * r;
                sums[f + 3] += 1;
            }
        }
    }

    double centredRanks(double[] v, int off, int n, double[] dst) {
        long[] k0 = keys;
        long[] k1 = keysTmp;
        int[] i0 = index;
        int[] i1 = indexTmp;
        for (int j = 0; j < n; j++) {
            long bits = Double.doubleToRawLongBits(v[off + j] + 0.0);
            k0[j] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            i0[j] = j;
        }
        for (int shift = 0; shift < 64; shift += DIGIT_BITS) {
            Arrays.fill(count, 0);
            for (int j = 0; j < n; j++) {
                count[(int) ((k0[j] >>> shift) & DIGIT_MASK)]++;
            }
            if (count[(int) ((k0[0] >>> shift) & DIGIT_MASK)] == n) {
                continue;
            }
            int sum = 0;
            for (int d = 0; d <= DIGIT_MASK; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int j = 0; j < n; j++) {
                int pos = count[(int) ((k0[j] >>> shift) & DIGIT_MASK)]++;
                k1[pos] = k0[j];
                i1[pos] = i0[j];
            }
            long[] kt = k0;
            k0 = k1;
            k1 = kt;
            int[] it = i0;
            i0 = i1;
            i1 = it;
        }
        double mid = (n + 1) / 2.0;
        for (int j = 0; j < n;) {
            int e = j + 1;
            while (e < n && k0[e] == k0[j]) {
                e++;
            }
            double r = (j + 1 + e) / 2.0 - mid;
            for (int q = j; q < e; q++) {
                dst[off + i0[q]] = r;
            }
            j = e;
        }
        double ss = 0;
        for (int j = 0; j < n; j++) {
            double r = dst[off + j];
            ss += r * r;
        }
        return ss;
    }
}
