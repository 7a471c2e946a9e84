package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Expected values are numpy 2.4.6's, printed at full precision with
 * <pre>
 * python3 -c "import numpy as np; P=[0.01,0.05,0.10,0.25,0.50,0.75,0.90,0.95,0.99];
 *   print([float(v) for v in np.quantile(X, P)])"
 * </pre>
 * for each data set X below, and compared bit for bit (delta 0): the implementation follows
 * numpy's interpolation formula including its choice of form for fractions >= 0.5.
 */
class QuantilesTest {
    private static final double[] P = Probabilities.STANDARD;

    private static void assertQuantiles(double[] sorted, double[] expected) {
        for (int i = 0; i < P.length; i++) {
            assertEquals(expected[i], Quantiles.linear(sorted, sorted.length, P[i]), 0.0, "p = " + P[i]);
        }
    }

    @Test
    void linear_fourValues_matchesNumpy() {
        // np.quantile([1,2,3,4], 0.1) = 1.3: h = 3 * 0.1 = 0.3, 1 + 0.3 (2 - 1).
        assertEquals(1.3, Quantiles.linear(new double[] {1, 2, 3, 4}, 4, 0.1), 0.0);
        assertQuantiles(new double[] {1, 2, 3, 4},
                new double[] {1.03, 1.15, 1.3, 1.75, 2.5, 3.25, 3.7, 3.8499999999999996, 3.9699999999999998});
    }

    @Test
    void linear_duplicates_matchesNumpy() {
        assertQuantiles(new double[] {1, 2, 2, 2, 5},
                new double[] {1.04, 1.2, 1.4, 2.0, 2.0, 2.0, 3.8000000000000003, 4.3999999999999995, 4.88});
    }

    @Test
    void linear_wideRange_matchesNumpy() {
        assertQuantiles(new double[] {-3.5, 0.25, 0.25, 10.0, 1e6},
                new double[] {-3.35, -2.75, -2.0, 0.25, 0.25, 10.0, 600004.0000000001, 800001.9999999998,
                    960000.3999999999});
    }

    @Test
    void linear_endpoints_giveMinAndMax() {
        double[] x = {1, 2, 3, 4};
        assertEquals(1.0, Quantiles.linear(x, 4, 0.0), 0.0);
        assertEquals(4.0, Quantiles.linear(x, 4, 1.0), 0.0);
        // np.quantile([1,2,3,4], 0.5) = 2.5
        assertEquals(2.5, Quantiles.linear(x, 4, 0.5), 0.0);
    }

    @Test
    void linear_singleValue_returnsIt() {
        // np.quantile([7.5], [0, 0.3, 1]) = [7.5, 7.5, 7.5]
        double[] x = {7.5};
        assertEquals(7.5, Quantiles.linear(x, 1, 0.0), 0.0);
        assertEquals(7.5, Quantiles.linear(x, 1, 0.3), 0.0);
        assertEquals(7.5, Quantiles.linear(x, 1, 1.0), 0.0);
    }

    @Test
    void linear_prefixOfLongerArray_usesOnlyFirstN() {
        // np.quantile([0.1, 0.2, 0.7], [1/3, 0.99]) = [0.16666666666666669, 0.69]
        double[] x = {0.1, 0.2, 0.7, 99, 100};
        assertEquals(0.16666666666666669, Quantiles.linear(x, 3, 1.0 / 3), 0.0);
        assertEquals(0.69, Quantiles.linear(x, 3, 0.99), 0.0);
    }

    @Test
    void linear_badArguments_throw() {
        double[] x = {1, 2};
        assertThrows(IllegalArgumentException.class, () -> Quantiles.linear(x, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.linear(x, 3, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.linear(x, 2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.linear(x, 2, 1.1));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.linear(x, 2, Double.NaN));
    }
}
