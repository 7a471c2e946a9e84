package dev.chipmc.engine.sensitivity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SobolAnalysisTest {

    /** Ishigami and Homma (1990): {@code sin x1 + a sin^2 x2 + b x3^4 sin x1}, {@code x_i ~ U(-pi, pi)}. */
    static final class Ishigami implements SobolModel {
        final double a = 7;
        final double b = 0.1;

        @Override
        public int dimensions() {
            return 3;
        }

        @Override
        public List<String> outputNames() {
            return List.of("y");
        }

        @Override
        public Worker newWorker() {
            return (u, out) -> {
                double x1 = Math.PI * (2 * u[0] - 1);
                double x2 = Math.PI * (2 * u[1] - 1);
                double x3 = Math.PI * (2 * u[2] - 1);
                double s2 = Math.sin(x2);
                out[0] = Math.sin(x1) + a * s2 * s2 + b * x3 * x3 * x3 * x3 * Math.sin(x1);
            };
        }
    }

    /** {@code y = sum c_i x_i} with {@code x_i ~ U(0, 1)}: {@code S1_i = ST_i = c_i^2 / sum c_j^2}. */
    record Linear(double[] c) implements SobolModel {
        @Override
        public int dimensions() {
            return c.length;
        }

        @Override
        public List<String> outputNames() {
            return List.of("y", "2y+5");
        }

        @Override
        public Worker newWorker() {
            return (u, out) -> {
                double y = 0;
                for (int i = 0; i < c.length; i++) {
                    y += c[i] * u[i];
                }
                out[0] = y;
                out[1] = 2 * y + 5;
            };
        }
    }

    private static List<Factor> singles(int d) {
        return java.util.stream.IntStream.range(0, d).mapToObj(i -> Factor.of("x" + (i + 1), i)).toList();
    }

    /*
     * Analytic Ishigami indices, a = 7, b = 0.1 (Saltelli et al. 2008, section 4.8 / Sobol' and Levitan 1999):
     *   V   = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 6.125 + 1.94818 + 5.27141 + 0.5 = 13.84459
     *   V1  = (1 + b pi^4/5)^2 / 2 = 2.94818^2 / 2 = 4.34588          -> S1_1 = 0.31391
     *   V2  = a^2/8 = 6.125                                            -> S1_2 = 0.44241, ST_2 = S1_2
     *   V3  = 0                                                        -> S1_3 = 0
     *   V13 = b^2 pi^8 (1/18 - 1/50) = 0.01 * 9488.531 * 0.0355556 = 3.37370 -> ST_3 = 0.24368
     *   ST_1 = (V1 + V13) / V = 0.55759
     */
    private static final double[] ISHIGAMI_S1 = {0.31391, 0.44241, 0.0};
    private static final double[] ISHIGAMI_ST = {0.55759, 0.44241, 0.24368};

    @Test
    void ishigami_sobolDesign2pow14_indicesWithinToleranceAndIntervalsCoverTruth() throws Exception {
        SobolIndices r = SobolAnalysis.run(new Ishigami(), singles(3), SobolConfig.of(1 << 14, 7, 4, SamplerKind.SOBOL));
        assertEquals((1 << 14) * 5L, r.evaluations());
        for (int i = 0; i < 3; i++) {
            /*
             * Tolerance 0.03: at N = 2^14 the 95 % bootstrap intervals have half-widths of 0.005 .. 0.02
             * (the widest is S1 of x1, whose Saltelli estimator has the largest variance); 0.03 is at least
             * 1.5 half-widths for every index. The bootstrap treats the scrambled Sobol rows as iid, which
             * overstates their error, so the intervals are conservative and "covers the truth" is checked
             * with that margin of safety; with this fixed seed the outcome is deterministic.
             */
            assertEquals(ISHIGAMI_S1[i], r.s1()[i][0], 0.03, "S1 of x" + (i + 1));
            assertEquals(ISHIGAMI_ST[i], r.st()[i][0], 0.03, "ST of x" + (i + 1));
            assertCovers(ISHIGAMI_S1[i], r.s1Low()[i][0], r.s1High()[i][0], "S1 of x" + (i + 1));
            assertCovers(ISHIGAMI_ST[i], r.stLow()[i][0], r.stHigh()[i][0], "ST of x" + (i + 1));
            assertTrue(r.s1High()[i][0] - r.s1Low()[i][0] < 0.06, "S1 interval of x" + (i + 1) + " too wide");
        }
        // V = 13.84459 (above); the variance estimate from 2N = 32768 values has a relative se ~ 1 %.
        assertEquals(13.84459, r.variance()[0], 0.05 * 13.84459);
        // E[y] = a/2 = 3.5 (sin^2 has mean 1/2; the other terms are odd in x1).
        assertEquals(3.5, r.mean()[0], 0.05);
    }

    @Test
    void linear_mcDesign_indicesAreSquaredCoefficientsOverTheirSum() throws Exception {
        // c = (1, 2, 3, 4): sum c^2 = 30, so S1 = ST = (1, 4, 9, 16) / 30 = 0.0333, 0.1333, 0.3, 0.5333.
        double[] c = {1, 2, 3, 4};
        SobolIndices r = SobolAnalysis.run(new Linear(c), singles(4), SobolConfig.of(20_000, 11, 3, SamplerKind.MC));
        int misses = 0;
        for (int i = 0; i < 4; i++) {
            double truth = c[i] * c[i] / 30;
            for (int o = 0; o < 2; o++) {
                /*
                 * Plain Monte Carlo at N = 20000: the bootstrap sd of every index is below 0.01 here (95 %
                 * half-widths 0.005 .. 0.02), so tolerance 0.05 is more than 5 sd (false-failure rate far
                 * below 0.1 % per index for a random seed; this seed is fixed).
                 */
                assertEquals(truth, r.s1()[i][o], 0.05, "S1 of x" + (i + 1) + ", output " + o);
                assertEquals(truth, r.st()[i][o], 0.05, "ST of x" + (i + 1) + ", output " + o);
            }
            misses += covers(truth, r.s1Low()[i][0], r.s1High()[i][0]) ? 0 : 1;
            misses += covers(truth, r.stLow()[i][0], r.stHigh()[i][0]) ? 0 : 1;
            // An affine change of the output (2y + 5) changes no index; the centring makes it exact
            // up to rounding, since both outputs are centred on their own value at the centre point.
            assertEquals(r.s1()[i][0], r.s1()[i][1], 1e-9);
            assertEquals(r.st()[i][0], r.st()[i][1], 1e-9);
        }
        /*
         * Eight 95 % intervals (S1 and ST of four inputs): each misses the truth with probability about
         * 0.05, so a few misses are expected; more than 2 of 8 has probability
         * 1 - sum_{m<=2} C(8,m) 0.05^m 0.95^(8-m) = 0.6 % if they were independent.
         */
        assertTrue(misses <= 2, misses + " of 8 intervals miss the truth");
        // Var y = sum c^2 / 12 = 2.5 exactly.
        assertEquals(2.5, r.variance()[0], 0.05);
    }

    @Test
    void linear_groupOfTwoInputs_indexIsTheSumOfTheirs() throws Exception {
        // Additive model: the closed index of {x3, x4} is (9 + 16) / 30 = 0.8333, and S1 = ST for it.
        double[] c = {1, 2, 3, 4};
        List<Factor> f = List.of(Factor.of("x1", 0), Factor.of("x2", 1), new Factor("x34", new int[] {2, 3}));
        SobolIndices r = SobolAnalysis.run(new Linear(c), f, SobolConfig.of(1 << 13, 5, 2, SamplerKind.SOBOL));
        // Tolerance 0.04: 8192 Sobol rows; the bootstrap half-widths are below 0.03 for every index.
        assertEquals(25.0 / 30, r.s1()[2][0], 0.04);
        assertEquals(25.0 / 30, r.st()[2][0], 0.04);
        assertEquals(1.0 / 30, r.st()[0][0], 0.04);
    }

    @Test
    void threads_oneVersusFive_resultsIdenticalBitForBit() throws Exception {
        // 5 chunks of 1024 and a short one: merging in chunk order makes every sum the same.
        SobolConfig one = SobolConfig.of(5 * 1024 + 300, 99, 1, SamplerKind.LHS);
        SobolIndices a = SobolAnalysis.run(new Ishigami(), singles(3), one);
        SobolIndices b = SobolAnalysis.run(new Ishigami(), singles(3), one.withThreads(5));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.s1()[i], b.s1()[i]);
            assertArrayEquals(a.st()[i], b.st()[i]);
            assertArrayEquals(a.s1Low()[i], b.s1Low()[i]);
            assertArrayEquals(a.stHigh()[i], b.stHigh()[i]);
        }
        assertArrayEquals(a.variance(), b.variance());
    }

    @Test
    void constantOutput_indicesAreNaN() throws Exception {
        SobolModel flat = new SobolModel() {
            @Override
            public int dimensions() {
                return 2;
            }

            @Override
            public List<String> outputNames() {
                return List.of("c");
            }

            @Override
            public Worker newWorker() {
                return (u, out) -> out[0] = 3;
            }
        };
        SobolIndices r = SobolAnalysis.run(flat, singles(2), SobolConfig.of(100, 1, 1, SamplerKind.MC).withBootstrap(10));
        assertTrue(Double.isNaN(r.s1()[0][0]));
        assertTrue(Double.isNaN(r.stHigh()[1][0]));
        assertEquals(0.0, r.variance()[0]);
    }

    @Test
    void factors_overlappingOrOutOfRange_rejectedNamingTheFactor() {
        SobolConfig c = SobolConfig.of(10, 1, 1, SamplerKind.MC);
        var e1 = assertThrows(IllegalArgumentException.class, () -> SobolAnalysis.run(new Ishigami(),
                List.of(Factor.of("x1", 0), new Factor("x12", new int[] {0, 1})), c));
        assertTrue(e1.getMessage().contains("x12"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> SobolAnalysis.run(new Ishigami(),
                List.of(Factor.of("x9", 8)), c));
        assertTrue(e2.getMessage().contains("x9"), e2.getMessage());
    }

    @Test
    void percentile_linearInterpolation_matchesNumpy() {
        // numpy.percentile([4, 1, 3, 2], 25) = 1.75: h = 3 * 0.25 = 0.75 between 1 and 2.
        assertEquals(1.75, SobolAnalysis.percentile(new double[] {4, 1, 3, 2}, 0, 4, 0.25), 1e-15);
    }

    private static boolean covers(double truth, double lo, double hi) {
        return lo <= truth && truth <= hi;
    }

    private static void assertCovers(double truth, double lo, double hi, String what) {
        assertTrue(lo <= truth && truth <= hi, what + ": interval [" + lo + ", " + hi + "] misses " + truth);
    }
}
