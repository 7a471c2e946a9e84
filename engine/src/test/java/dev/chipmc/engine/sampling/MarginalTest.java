package dev.chipmc.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TriangularDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chipmc.model.Distribution;

/**
 * Inverse CDFs against the CDFs of Apache Commons Statistics, in the style of commons-rng's
 * {@code ContinuousSamplerParametricTest}.
 *
 * <p>Chi-square test: {@value #SAMPLES} uniforms from a fixed-seed generator are mapped through
 * {@link Marginal#inverse}; each value {@code x} goes to bin {@code floor(B F(x))} of
 * {@value #BINS} bins that are equiprobable under the reference CDF {@code F}, and the counts are
 * tested for uniformity ({@code B - 1 = 19} degrees of freedom). A repeat fails when
 * {@code p < 0.001}; the test fails when at least 2 of {@value #REPEATS} repeats fail. Were the
 * inverse exact and the seeds random, the false-failure rate would be
 * {@code 3 (0.001)^2 (0.999) + (0.001)^3 ~= 3e-6} per distribution; with the fixed seeds the
 * outcome is deterministic.
 */
class MarginalTest {

    static final int BINS = 20;
    static final int SAMPLES = 10_000;
    static final int REPEATS = 3;
    static final double ALPHA = 0.001;
    static final long SEED = 123456789L;

    record Case(String name, Distribution distribution, DoubleUnaryOperator cdf) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case continuous(String name, Distribution d, ContinuousDistribution ref) {
        return new Case(name, d, ref::cumulativeProbability);
    }

    static Stream<Case> continuousCases() {
        double[] emp = {3.0, 1.0, 2.0, 10.0, 4.5, 4.0};
        double[] empSorted = {1.0, 2.0, 3.0, 4.0, 4.5, 10.0};
        return Stream.of(
                continuous("uniform", new Distribution.Uniform(2, 5), UniformContinuousDistribution.of(2, 5)),
                continuous("triangular", new Distribution.Triangular(1, 2, 6), TriangularDistribution.of(1, 2, 6)),
                continuous("triangular mode at lo", new Distribution.Triangular(1, 1, 6), TriangularDistribution.of(1, 1, 6)),
                continuous("triangular mode at hi", new Distribution.Triangular(1, 6, 6), TriangularDistribution.of(1, 6, 6)),
                new Case("pert", new Distribution.Pert(2, 3, 7), scaled(BetaDistribution.of(1.8, 4.2), 2, 7)),
                new Case("pert lambda 2", new Distribution.Pert(0, 9, 10, 2), scaled(BetaDistribution.of(2.8, 1.2), 0, 10)),
                new Case("beta", new Distribution.Beta(0.5, 2.5, -1, 3), scaled(BetaDistribution.of(0.5, 2.5), -1, 3)),
                continuous("normal", new Distribution.Normal(10, 2), NormalDistribution.of(10, 2)),
                continuous("normal truncated", new Distribution.Normal(10, 2, 9, 15), TruncatedNormalDistribution.of(10, 2, 9, 15)),
                continuous("normal truncated below", new Distribution.Normal(10, 2, 11, Double.POSITIVE_INFINITY),
                        TruncatedNormalDistribution.of(10, 2, 11, Double.POSITIVE_INFINITY)),
                continuous("normal truncated above", new Distribution.Normal(10, 2, Double.NEGATIVE_INFINITY, 7),
                        TruncatedNormalDistribution.of(10, 2, Double.NEGATIVE_INFINITY, 7)),
                continuous("normal far upper tail", new Distribution.Normal(0, 1, 8, 9), TruncatedNormalDistribution.of(0, 1, 8, 9)),
                continuous("lognormal", new Distribution.LogNormal(1, 0.5), LogNormalDistribution.of(1, 0.5)),
                new Case("lognormal truncated", new Distribution.LogNormal(1, 0.5, 2, 4),
                        logOf(TruncatedNormalDistribution.of(1, 0.5, Math.log(2), Math.log(4)))),
                new Case("lognormal truncated above", new Distribution.LogNormal(1, 0.5, 0, 2),
                        logOf(TruncatedNormalDistribution.of(1, 0.5, Double.NEGATIVE_INFINITY, Math.log(2)))),
                new Case("empirical", new Distribution.Empirical(List.of(3.0, 1.0, 2.0, 10.0, 4.5, 4.0)),
                        x -> empiricalCdf(empSorted, x)),
                new Case("histogram", new Distribution.Histogram(List.of(0.0, 1.0, 3.0, 4.0, 10.0), List.of(1.0, 3.0, 0.0, 2.0)),
                        MarginalTest::histogramCdf));
    }

    static DoubleUnaryOperator scaled(ContinuousDistribution d, double lo, double hi) {
        return x -> d.cumulativeProbability((x - lo) / (hi - lo));
    }

    static DoubleUnaryOperator logOf(ContinuousDistribution d) {
        return x -> d.cumulativeProbability(Math.log(x));
    }

    /** Piecewise linear through {@code (x_i, i / (n - 1))}: the CDF whose inverse is numpy's quantile. */
    static double empiricalCdf(double[] sorted, double x) {
        int n = sorted.length;
        if (x <= sorted[0]) {
            return 0;
        }
        for (int i = 0; i < n - 1; i++) {
            if (x <= sorted[i + 1]) {
                return (i + (x - sorted[i]) / (sorted[i + 1] - sorted[i])) / (n - 1);
            }
        }
        return 1;
    }

    /** Edges 0, 1, 3, 4, 10 with weights 1, 3, 0, 2 (total 6): mass 1/6, 3/6, 0, 2/6, uniform in each bin. */
    static double histogramCdf(double x) {
        if (x <= 0) {
            return 0;
        } else if (x <= 1) {
            return x / 6;
        } else if (x <= 3) {
            return 1.0 / 6 + (x - 1) / 2 * 3 / 6;
        } else if (x <= 4) {
            return 4.0 / 6;
        } else if (x <= 10) {
            return 4.0 / 6 + (x - 4) / 6 * 2 / 6;
        }
        return 1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("continuousCases")
    void inverse_binnedAgainstCommonsCdf_chiSquarePasses(Case c) {
        Marginal m = Marginal.of(c.distribution());
        int failures = 0;
        StringBuilder pValues = new StringBuilder();
        for (int rep = 0; rep < REPEATS; rep++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(SEED + rep);
            long[] counts = new long[BINS];
            for (int i = 0; i < SAMPLES; i++) {
                double x = m.inverse(Streams.openUniform(rng));
                int bin = (int) Math.floor(c.cdf().applyAsDouble(x) * BINS);
                counts[Math.max(0, Math.min(BINS - 1, bin))]++;
            }
            double p = ChiSquareTest.withDefaults().test(counts).getPValue();
            pValues.append(p).append(' ');
            if (p < ALPHA) {
                failures++;
            }
        }
        assertTrue(failures < 2, c.name() + ": chi-square p-values " + pValues);
    }

    @Test
    void discrete_sampled_hitsOnlyItsValuesWithTheRightFrequencies() {
        // Same tolerance scheme as the continuous cases: 3 categories (2 degrees of freedom).
        Marginal m = Marginal.of(new Distribution.Discrete(List.of(3.0, 1.0, 2.0, 7.0), List.of(0.2, 0.5, 0.3, 0.0)));
        double[] values = {1.0, 2.0, 3.0};
        double[] expected = {0.5, 0.3, 0.2};
        int failures = 0;
        for (int rep = 0; rep < REPEATS; rep++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(SEED + rep);
            long[] counts = new long[3];
            for (int i = 0; i < SAMPLES; i++) {
                double x = m.inverse(Streams.openUniform(rng));
                int k = java.util.Arrays.binarySearch(values, x);
                assertTrue(k >= 0, "value " + x + " is not one of the discrete values");
                counts[k]++;
            }
            if (ChiSquareTest.withDefaults().test(expected, counts).getPValue() < ALPHA) {
                failures++;
            }
        }
        assertTrue(failures < 2);
    }

    @Test
    void discrete_atCumulativeBoundaries_stepsToTheNextSortedValue() {
        // Sorted: 1 (0.5), 2 (0.3), 3 (0.2); cumulative 0.5, 0.8, 1.
        Marginal m = Marginal.of(new Distribution.Discrete(List.of(3.0, 1.0, 2.0), List.of(0.2, 0.5, 0.3)));
        assertEquals(1.0, m.inverse(0.49));
        assertEquals(2.0, m.inverse(0.5));
        assertEquals(2.0, m.inverse(0.79));
        assertEquals(3.0, m.inverse(0.81));
        assertEquals(3.0, m.inverse(Streams.ONE_BELOW));
    }

    @Test
    void discrete_manyValues_binarySearchMatchesLinearScan() {
        int n = 40;
        Double[] values = new Double[n];
        Double[] probs = new Double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (double) i;
            probs[i] = 1.0 / n;
        }
        Marginal m = Marginal.of(new Distribution.Discrete(List.of(values), List.of(probs)));
        for (int k = 0; k < 1000; k++) {
            double u = (k + 0.5) / 1000;
            // value i covers [i/40, (i+1)/40); u avoids the boundaries, which are rounded sums
            assertEquals(Math.floor(u * n), m.inverse(u), 0.0, "u=" + u);
        }
    }

    @Test
    void symmetric_atHalf_returnsTheCentre() {
        assertEquals(10.0, Marginal.of(new Distribution.Normal(10, 2)).inverse(0.5));
        // Triangular(0, 1, 2): u >= split 0.5, so 2 - sqrt(0.5 * 2 * 1) = 1.
        assertEquals(1.0, Marginal.of(new Distribution.Triangular(0, 1, 2)).inverse(0.5));
        assertEquals(3.0, Marginal.of(new Distribution.Uniform(2, 4)).inverse(0.5));
        assertEquals(5.0, Marginal.of(new Distribution.Pert(0, 5, 10)).inverse(0.5), 1e-12);
        assertEquals(10.0, Marginal.of(new Distribution.Normal(10, 2, 8, 12)).inverse(0.5), 1e-12);
    }

    @Test
    void fixed_anyU_returnsTheValue() {
        Marginal m = Marginal.of(new Distribution.Fixed(4.25));
        assertEquals(4.25, m.inverse(Streams.TWO_POW_M53));
        assertEquals(4.25, m.inverse(0.3));
    }

    @Test
    void pert_equalsScaledBeta() {
        // Pert(2, 3, 7), lambda 4: alpha = 1 + 4 (3 - 2) / 5 = 1.8, beta = 1 + 4 (7 - 3) / 5 = 4.2.
        Marginal m = Marginal.of(new Distribution.Pert(2, 3, 7));
        BetaDistribution b = BetaDistribution.of(1.8, 4.2);
        for (int k = 1; k < 100; k++) {
            double u = k / 100.0;
            assertEquals(2 + 5 * b.inverseCumulativeProbability(u), m.inverse(u), 1e-12);
        }
    }

    @Test
    void closedFormsAndCommons_agreeWithinRelative1e12() {
        // Triangular uses its own closed form; the rest call commons and must agree exactly or
        // to rounding of the scaling.
        assertCloseToCommons(new Distribution.Triangular(1, 2, 6), TriangularDistribution.of(1, 2, 6), 0, 1);
        assertCloseToCommons(new Distribution.Uniform(2, 5), UniformContinuousDistribution.of(2, 5), 0, 1);
        assertCloseToCommons(new Distribution.Normal(10, 2), NormalDistribution.of(10, 2), 0, 1);
        assertCloseToCommons(new Distribution.LogNormal(1, 0.5), LogNormalDistribution.of(1, 0.5), 0, 1);
        // Beta is tabulated (BetaHalfQuantile); above u = 1/2 the reference is commons' inverse
        // survival function at 1 - u (exact there): its inverse CDF solves F(x) = u where F is
        // within an ulp of 1 and is off by 4.7e-11 at u = 1 - 1e-10 for Beta(0.5, 2.5)
        // (x = 0.99984595812924 has survival 9.9999932e-11, not 1.0000000827e-10).
        assertCloseToCommons(new Distribution.Beta(0.5, 2.5, 0, 1), BetaDistribution.of(0.5, 2.5), 0, 1, true);
        assertCloseToCommons(new Distribution.Beta(2, 3, -1, 3), BetaDistribution.of(2, 3), -1, 3, true);
    }

    static void assertCloseToCommons(Distribution d, ContinuousDistribution ref, double lo, double hi) {
        assertCloseToCommons(d, ref, lo, hi, false);
    }

    static void assertCloseToCommons(Distribution d, ContinuousDistribution ref, double lo, double hi,
            boolean upperBySurvival) {
        Marginal m = Marginal.of(d);
        double[] us = {Streams.TWO_POW_M53, 1e-10, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1 - 1e-10};
        for (double u : us) {
            double q = upperBySurvival && u > 0.5
                    ? ref.inverseSurvivalProbability(1 - u)
                    : ref.inverseCumulativeProbability(u);
            double expected = lo + (hi - lo) * q;
            double actual = m.inverse(u);
            assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), d + " at u=" + u);
        }
    }

    @Test
    void truncatedNormal_extremeU_staysInsideBounds() {
        double[] us = {Streams.TWO_POW_M53, 1e-300, 1e-12, 0.5, 1 - 1e-12, Streams.ONE_BELOW};
        List<Distribution.Normal> cases = List.of(
                new Distribution.Normal(0, 1, 1.5, 2),
                new Distribution.Normal(0, 1, 8, 9),
                new Distribution.Normal(0, 1, -9, -8),
                new Distribution.Normal(5, 3, -1, Double.POSITIVE_INFINITY),
                new Distribution.Normal(5, 3, Double.NEGATIVE_INFINITY, 6));
        for (Distribution.Normal n : cases) {
            Marginal m = Marginal.of(n);
            for (double u : us) {
                double x = m.inverse(u);
                assertTrue(x >= n.lo() && x <= n.hi() && Double.isFinite(x), n + " at u=" + u + " gave " + x);
            }
        }
        Marginal ln = Marginal.of(new Distribution.LogNormal(0, 1, 0.5, 3));
        for (double u : us) {
            double x = ln.inverse(u);
            assertTrue(x >= 0.5 && x <= 3, "lognormal at u=" + u + " gave " + x);
        }
    }

    @Test
    void truncatedNormal_agreesWithCommonsTruncatedNormal() {
        // Commons computes the truncated inverse its own way; agreement to 1e-9 relative shows
        // the rescaling of u is the same distribution. The far upper tail [8, 9] is left out:
        // commons 1.1 returns exactly 8.0 there for u = 0.01 where the quantile is
        // 8 - ln(0.99) / 8 ~= 8.00126 (its CDF is fine, and the chi-square case
        // "normal far upper tail" checks this marginal against it).
        double[][] params = {{10, 2, 9, 15}, {0, 1, -9, -8}, {0, 1, 1.5, 2}, {5, 3, -1, 20}};
        for (double[] p : params) {
            Marginal m = Marginal.of(new Distribution.Normal(p[0], p[1], p[2], p[3]));
            TruncatedNormalDistribution ref = TruncatedNormalDistribution.of(p[0], p[1], p[2], p[3]);
            for (int k = 1; k < 100; k++) {
                double u = k / 100.0;
                double expected = ref.inverseCumulativeProbability(u);
                assertEquals(expected, m.inverse(u), 1e-9 * Math.max(1, Math.abs(expected)),
                        java.util.Arrays.toString(p) + " at u=" + u);
            }
        }
    }

    @Test
    void truncation_withNoMass_isRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Marginal.of(new Distribution.Normal(0, 1, 40, 41)));
        assertTrue(e.getMessage().contains("no probability"), e.getMessage());
        var l = assertThrows(IllegalArgumentException.class,
                () -> Marginal.of(new Distribution.LogNormal(0, 1, -2, -1)));
        assertTrue(l.getMessage().startsWith("lognormal"), l.getMessage());
    }

    @Test
    void empirical_numpyQuantiles_interpolateLinearly() {
        // sorted 1, 2, 3, 10: u = 0.5 -> h = 1.5 -> 2 + 0.5 (3 - 2) = 2.5;
        // u = 0.9 -> h = 2.7 -> 3 + 0.7 (10 - 3) = 7.9 (numpy.quantile([3,1,2,10], 0.9) = 7.9).
        Marginal m = Marginal.of(new Distribution.Empirical(List.of(3.0, 1.0, 2.0, 10.0)));
        assertEquals(2.5, m.inverse(0.5), 1e-15);
        assertEquals(7.9, m.inverse(0.9), 1e-12);
        assertEquals(1.0, m.inverse(Streams.TWO_POW_M53), 1e-14);
        assertEquals(10.0, m.inverse(Streams.ONE_BELOW), 1e-14);
        assertEquals(6.0, Marginal.of(new Distribution.Empirical(List.of(6.0))).inverse(0.7));
    }

    @Test
    void histogram_uniformWithinBins_skipsEmptyBins() {
        // Edges 0, 1, 3 weights 1, 3 (total 4): cumulative 0, 0.25, 1.
        // u = 0.125 -> bin 0 halfway -> 0.5; u = 0.625 -> bin 1, (0.625 - 0.25) / 0.75 = 0.5 -> 1 + 0.5 * 2 = 2.
        Marginal m = Marginal.of(new Distribution.Histogram(List.of(0.0, 1.0, 3.0), List.of(1.0, 3.0)));
        assertEquals(0.5, m.inverse(0.125), 1e-15);
        assertEquals(2.0, m.inverse(0.625), 1e-15);
        // Weights 1, 0, 1 over edges 0, 1, 2, 3: the empty bin [1, 2) is never hit.
        Marginal gap = Marginal.of(new Distribution.Histogram(List.of(0.0, 1.0, 2.0, 3.0), List.of(1.0, 0.0, 1.0)));
        for (int k = 1; k < 1000; k++) {
            double x = gap.inverse(k / 1000.0);
            assertTrue(x <= 1 || x >= 2, "empty bin hit: " + x);
        }
    }

    static Stream<Arguments> allKinds() {
        return continuousCases().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allKinds")
    void inverse_increasingU_isNonDecreasing(Case c) {
        Marginal m = Marginal.of(c.distribution());
        double prev = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < 2000; k++) {
            double x = m.inverse(k / 2000.0);
            assertTrue(x >= prev, c.name() + " decreases at u=" + k / 2000.0);
            prev = x;
        }
    }
}
