package dev.chipmc.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RankCorrelation.Work} against the code it replaced ({@link LegacyRankCorrelation}) and
 * against Spearman's rho computed by a comparison sort. The legacy sums of centred ranks are exact
 * (multiples of 1/4 below 2^51 for n <= 2^17) and so are the new integer sums, so the estimates are
 * expected bit for bit equal, not within a tolerance.
 */
class RankCorrelationTest {
    private static final int KINDS = 15;

    /** Column {@code kind} of a chunk: shapes that stress the bucket maps, ties and signed zeros. */
    static void fill(double[] v, int off, int n, int kind, SplittableRandom rng) {
        for (int j = 0; j < n; j++) {
            double u = rng.nextDouble();
            double g = gaussian(rng);
            v[off + j] = switch (kind) {
                case 0 -> u;
                case 1 -> 0.6 + 0.35 * u;
                case 2 -> 0.04 * (u + rng.nextDouble() - 1);
                case 3 -> 100 + 15 * g;
                case 4 -> Math.exp(2 * g);
                case 5 -> u < 0.4 ? (j % 2 == 0 ? 0.0 : -0.0) : 1e4 * Math.exp(g);
                case 6 -> Math.min(100, 80 + 20 * g);
                case 7 -> Math.rint(3 * g);
                case 8 -> j == 0 ? 1e6 : 1 + Math.ulp(1.0) * rng.nextInt(5000);
                case 9 -> u < 0.05 ? Double.POSITIVE_INFINITY : u > 0.95 ? Double.NEGATIVE_INFINITY : g;
                case 10 -> (u - 0.5) * 3e300 * 1e8;
                case 11 -> Double.MIN_VALUE * rng.nextInt(100);
                case 12 -> u < 0.5 ? 1 : 2;
                case 13 -> 7;
                default -> j % 3 == 0 ? -0.0 : g;
            };
        }
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    @Test
    void centredRanks_everyKindAndLength_twiceLegacyRanks() {
        int capacity = 4096;
        SplittableRandom rng = new SplittableRandom(123456789L);
        RankCorrelation.Work w = new RankCorrelation.Work(1, 1, capacity);
        LegacyRankCorrelation legacy = new LegacyRankCorrelation(1, 1, capacity);
        double[] v = new double[capacity];
        int[] ranks = new int[capacity];
        double[] old = new double[capacity];
        for (int n : new int[] {3, 4, 5, 17, 100, 1000, 4095, 4096}) {
            for (int kind = 0; kind < KINDS; kind++) {
                fill(v, 0, n, kind, rng);
                long ss = w.centredRanks(v, 0, n, ranks);
                double oldSs = legacy.centredRanks(v, 0, n, old);
                for (int j = 0; j < n; j++) {
                    assertEquals(2 * old[j], ranks[j], "kind " + kind + " n " + n + " row " + j);
                }
                assertEquals(4 * oldSs, ss, "kind " + kind + " n " + n);
            }
        }
    }

    @Test
    void addChunk_correlatedColumnsOfEveryKind_sumsBitIdenticalToLegacy() {
        int capacity = 4096;
        int inputs = KINDS;
        int outputs = KINDS;
        SplittableRandom rng = new SplittableRandom(42);
        RankCorrelation.Work w = new RankCorrelation.Work(inputs, outputs, capacity);
        LegacyRankCorrelation legacy = new LegacyRankCorrelation(inputs, outputs, capacity);
        for (int n : new int[] {4096, 3000}) {
            for (int i = 0; i < inputs; i++) {
                fill(w.x, i * capacity, n, i, rng);
            }
            for (int o = 0; o < outputs; o++) {
                // Outputs: a monotone image of one input plus a column of their own kind, so that
                // the correlations are neither all zero nor all one.
                fill(w.y, o * capacity, n, o, rng);
                for (int j = 0; j < n; j++) {
                    double a = w.x[((o + 3) % inputs) * capacity + j];
                    double b = w.y[o * capacity + j];
                    w.y[o * capacity + j] = Double.isFinite(a) && Double.isFinite(b) && j % 4 != 0 ? a + 1e-3 * b : b;
                }
            }
            System.arraycopy(w.x, 0, legacy.x, 0, w.x.length);
            System.arraycopy(w.y, 0, legacy.y, 0, w.y.length);
            double[] sums = new double[inputs * outputs * RankCorrelation.FIGURES];
            double[] oldSums = new double[sums.length];
            w.addChunk(n, sums);
            legacy.addChunk(n, oldSums);
            assertArrayEquals(oldSums, sums, 0.0, "n " + n);
        }
    }

    /**
     * One chunk holding all samples: its estimate is Spearman's rho of those samples, computed here
     * by a comparison sort ({@link RiskAnalyticsTest#exactSpearman}). Both compute the correlation
     * of the same average ranks, in a different order of summation: 1e-12 bounds the rounding.
     */
    @Test
    void addChunk_tiedColumns_matchesComparisonSortSpearman() {
        int n = 2000;
        SplittableRandom rng = new SplittableRandom(7);
        RankCorrelation.Work w = new RankCorrelation.Work(1, 1, n);
        for (int j = 0; j < n; j++) {
            double a = Math.rint(4 * gaussian(rng));
            w.x[j] = a;
            w.y[j] = Math.max(0, a + 3 * gaussian(rng));
        }
        double[] sums = new double[RankCorrelation.FIGURES];
        w.addChunk(n, sums);
        double expected = RiskAnalyticsTest.exactSpearman(w.x.clone(), w.y.clone());
        assertEquals(expected, RankCorrelation.estimate(sums, 0), 1e-12);
    }

    /**
     * Chunks past the int and long product limits take the long and double dot products. Below
     * 2^17 samples both codes' sums are exact (equal estimates); above 2^20 both round their sums
     * (legacy in the products of half-integers, new in those of integers), relative error below
     * n x 2^-53 ~ 1.2e-10.
     */
    @Test
    void addChunk_chunksPastProductLimits_matchLegacy() {
        for (int n : new int[] {RankCorrelation.INT_PRODUCT_LIMIT + 1000, RankCorrelation.LONG_SUM_LIMIT + 1000}) {
            SplittableRandom rng = new SplittableRandom(n);
            RankCorrelation.Work w = new RankCorrelation.Work(1, 1, n);
            LegacyRankCorrelation legacy = new LegacyRankCorrelation(1, 1, n);
            for (int j = 0; j < n; j++) {
                double a = gaussian(rng);
                w.x[j] = a;
                w.y[j] = Math.rint(10 * (a + gaussian(rng)));
            }
            System.arraycopy(w.x, 0, legacy.x, 0, n);
            System.arraycopy(w.y, 0, legacy.y, 0, n);
            double[] sums = new double[RankCorrelation.FIGURES];
            double[] oldSums = new double[RankCorrelation.FIGURES];
            w.addChunk(n, sums);
            legacy.addChunk(n, oldSums);
            double tolerance = n > RankCorrelation.LONG_SUM_LIMIT ? 2e-10 : 0;
            assertEquals(RankCorrelation.estimate(oldSums, 0), RankCorrelation.estimate(sums, 0), tolerance, "n " + n);
        }
    }
}
