package dev.chipmc.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chipmc.model.Distribution;

/**
 * The tabulated Beta and PERT quantiles ({@link BetaHalfQuantile}) against commons-statistics'
 * root-finding inverse: below {@code u = 1/2} its inverse CDF at {@code u}, above it its inverse
 * survival function at {@code 1 - u} (exact, as {@code u} is a double in {@code [1/2, 1]}), which
 * keeps its precision in the upper tail where the inverse CDF loses it.
 *
 * <p>Guarantee tested: {@code |x - x_exact| <= 1e-14} on the {@code [0, 1]} scale, and within
 * {@code 1e-10} relative in each tail ({@code Q} of the lower table against the inverse CDF of
 * Beta(alpha, beta), of the upper table against that of Beta(beta, alpha)), for every {@code u}
 * of a grid that holds 2^14 evenly spaced points, 1000 seeded random points, 16 points per binade
 * down to {@code 2^-60} in each tail, and the points the brief lists ({@code 1e-12}, {@code 1e-6},
 * {@code 1/2} and its neighbours, {@code 1 - 1e-12}). The table's own midpoint target is
 * {@code min(5e-15, 1e-11 y)}; commons' root finder is itself good to about {@code 2e-15} (its
 * residual {@code (F(x) - u) / f(x)}), which the absolute bound leaves room for.
 */
class BetaQuantileTest {

    static final double ABS = 1e-14;
    static final double REL = 1e-10;

    record Shape(double alpha, double beta, String what) {
        @Override
        public String toString() {
            return what + " (" + alpha + ", " + beta + ")";
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                // Pert(0.07, 0.10, 0.15), lambda 4: alpha = 1 + 4 (0.03 / 0.08) = 2.5, beta = 1 + 4 (0.05 / 0.08) = 3.5.
                new Shape(2.5, 3.5, "reference PERT"),
                new Shape(3, 3, "symmetric PERT"),
                new Shape(1.8, 4.2, "skewed PERT"),
                new Shape(4.6, 1.4, "PERT skewed up"),
                new Shape(1, 4, "alpha 1"),
                new Shape(4, 1, "beta 1"),
                new Shape(1, 1, "uniform"),
                new Shape(2, 5, "beta"),
                new Shape(50, 50, "large"),
                new Shape(100, 2, "large alpha"),
                new Shape(1.2, 50, "large beta"),
                new Shape(0.5, 2.5, "small alpha"),
                new Shape(0.5, 0.5, "arcsine"),
                new Shape(0.3, 0.3, "small, U-shaped"),
                new Shape(0.1, 3, "very small alpha"));
    }

    static final double[] GRID = grid();

    static double[] grid() {
        List<Double> us = new ArrayList<>();
        int n = 1 << 14;
        for (int k = 1; k < n; k++) {
            us.add((double) k / n);
        }
        SplittableRandom r = new SplittableRandom(123456789L);
        for (int k = 0; k < 1000; k++) {
            us.add(((r.nextLong() >>> 12) + 0.5) * 0x1.0p-52);
        }
        for (int e = 2; e <= 60; e++) {
            for (int j = 0; j < 16; j++) {
                double s = Math.scalb(1 + j / 16.0, -e);
                us.add(s);
                us.add(1 - s);
            }
        }
        us.addAll(List.of(1e-12, 1e-6, 0.5, Math.nextDown(0.5), Math.nextUp(0.5), 1 - 1e-6, 1 - 1e-12,
                Streams.TWO_POW_M53, Streams.ONE_BELOW));
        return us.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void inverse_denseGrid_within1e14OfCommons(Shape sh) {
        Marginal m = Marginal.of(new Distribution.Beta(sh.alpha(), sh.beta(), 0, 1));
        BetaDistribution ref = BetaDistribution.of(sh.alpha(), sh.beta());
        double worst = 0;
        double worstU = 0;
        for (double u : GRID) {
            double expected = u <= 0.5 ? ref.inverseCumulativeProbability(u) : ref.inverseSurvivalProbability(1 - u);
            double err = Math.abs(m.inverse(u) - expected);
            if (err > worst) {
                worst = err;
                worstU = u;
            }
        }
        assertTrue(worst <= ABS, sh + ": max |x - x_exact| = " + worst + " at u = " + worstU);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void tables_tails_within1e10RelativeOfCommons(Shape sh) {
        double[] shape = {sh.alpha(), sh.beta()};
        for (int side = 0; side < 2; side++) {
            double p = shape[side];
            double q = shape[1 - side];
            BetaHalfQuantile table = BetaHalfQuantile.of(p, q, Double.NaN);
            BetaDistribution ref = BetaDistribution.of(p, q);
            // The tails, s <= 1/16: the grid's binade points and the random and evenly spaced
            // points that fall there.
            for (double s : GRID) {
                if (s > 0x1.0p-4) {
                    break;
                }
                double expected = ref.inverseCumulativeProbability(s);
                double y = table.at(s);
                // Below 1e-280 the values approach the subnormals and relative error means nothing.
                if (expected > 1e-280) {
                    assertEquals(expected, y, REL * expected, sh + " side " + side + " at s = " + s);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void inverse_increasingU_isNonDecreasing(Shape sh) {
        Marginal m = Marginal.of(new Distribution.Beta(sh.alpha(), sh.beta(), 0, 1));
        int n = 1 << 18;
        double[] us = Arrays.copyOf(GRID, GRID.length + n - 1);
        for (int k = 1; k < n; k++) {
            us[GRID.length + k - 1] = (double) k / n;
        }
        Arrays.sort(us);
        double prev = Double.NEGATIVE_INFINITY;
        double prevU = 0;
        for (double u : us) {
            double x = m.inverse(u);
            assertTrue(x >= prev, sh + ": " + x + " at u = " + u + " is below " + prev + " at u = " + prevU);
            prev = x;
            prevU = u;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void inverse_acrossTableJoins_neverStepsBack(Shape sh) {
        // Every binade [2^-e, 2^-(e-1)) has at least 2 intervals, so 2^-e and 1.5 2^-e are nodes:
        // the double just below a node ends the previous interval, the node starts the next. In
        // the upper half, u = 1 - s for the same s. Also u = 1/2, where the two tables meet, and
        // 2^-21, where the tables start (below it commons answers, capped at the table's first value).
        Marginal m = Marginal.of(new Distribution.Beta(sh.alpha(), sh.beta(), 0, 1));
        for (int e = 2; e <= 21; e++) {
            for (double node : new double[] {Math.scalb(1.0, -e), Math.scalb(1.5, -e)}) {
                assertTrue(m.inverse(Math.nextDown(node)) <= m.inverse(node), sh + " at the node " + node);
                double upper = 1 - node;
                assertTrue(m.inverse(upper) <= m.inverse(Math.nextUp(upper)), sh + " at the node 1 - " + node);
            }
        }
        assertTrue(m.inverse(Math.nextDown(0.5)) <= m.inverse(0.5));
        assertTrue(m.inverse(0.5) <= m.inverse(Math.nextUp(0.5)));
    }

    @Test
    void pert_reference_matchesScaledCommonsBeta() {
        // The reference scenario's n3p.d0 = pert(0.07, 0.10, 0.15): Beta(2.5, 3.5) on [0.07, 0.15].
        // The scaling 0.07 + 0.08 x adds at most an ulp of the result (1.4e-17 near 0.1).
        Marginal m = Marginal.of(new Distribution.Pert(0.07, 0.10, 0.15));
        BetaDistribution ref = BetaDistribution.of(2.5, 3.5);
        for (double u : GRID) {
            double x = u <= 0.5 ? ref.inverseCumulativeProbability(u) : ref.inverseSurvivalProbability(1 - u);
            double expected = 0.07 + 0.08 * x;
            assertEquals(expected, m.inverse(u), 0.08 * ABS + Math.ulp(expected), "u = " + u);
        }
    }

    @Test
    void symmetric_atHalf_isExactlyTheCentre() {
        assertEquals(0.5, Marginal.of(new Distribution.Beta(3, 3, 0, 1)).inverse(0.5));
        assertEquals(5.0, Marginal.of(new Distribution.Pert(0, 5, 10)).inverse(0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void tables_size_staysSmall(Shape sh) {
        // 8 doubles per interval; 1024 intervals per half is 64 KiB per input at most, for the
        // shapes >= 0.1 here (the reference PERT needs about 300 per half).
        for (BetaHalfQuantile t : List.of(BetaHalfQuantile.of(sh.alpha(), sh.beta(), Double.NaN),
                BetaHalfQuantile.of(sh.beta(), sh.alpha(), Double.NaN))) {
            assertTrue(t.intervals() <= 1024, sh + ": " + t.intervals() + " intervals");
            assertEquals(0x1.0p-21, t.tableStart(), sh + ": the table stops early");
        }
    }

    @Test
    void extremeShapes_fallBackToCommons_stayAccurate() {
        // Shapes whose quantile underflows (alpha 0.01) or whose density needs more than 128
        // intervals per binade stop the table early; below it commons answers.
        double[][] shapes = {{0.01, 0.5}, {0.02, 0.02}, {1e6, 1e6}, {2e5, 3}};
        for (double[] s : shapes) {
            Marginal m = Marginal.of(new Distribution.Beta(s[0], s[1], 0, 1));
            BetaDistribution ref = BetaDistribution.of(s[0], s[1]);
            for (double u : new double[] {1e-9, 1e-3, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999}) {
                double expected = u <= 0.5 ? ref.inverseCumulativeProbability(u) : ref.inverseSurvivalProbability(1 - u);
                assertEquals(expected, m.inverse(u), 1e-13, Arrays.toString(s) + " at u = " + u);
            }
        }
    }

    @Test
    void inverse_outsideUnitInterval_isRejectedByCommons() {
        Marginal m = Marginal.of(new Distribution.Pert(0, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> m.inverse(-0.1));
        assertThrows(IllegalArgumentException.class, () -> m.inverse(1.1));
        assertThrows(IllegalArgumentException.class, () -> m.inverse(Double.NaN));
    }
}
