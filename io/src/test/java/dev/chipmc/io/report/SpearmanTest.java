package dev.chipmc.io.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpearmanTest {

    @Test
    void ranks_ties_getTheAverageRank() {
        // sorted: 1 (rank 1), 3 3 (ranks 2 and 3 -> 2.5), 5 5 5 (ranks 4, 5, 6 -> 5), 9 (rank 7)
        assertArrayEquals(new double[] {5, 2.5, 1, 5, 7, 2.5, 5}, Spearman.ranks(new double[] {5, 3, 1, 5, 9, 3, 5}));
    }

    @Test
    void correlation_monotoneTransform_isOne() {
        double[] x = {0.3, -1, 2, 7, 4};
        double[] y = new double[x.length];
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(x[i]);
            z[i] = -x[i] * x[i] * x[i];
        }
        assertEquals(1.0, Spearman.correlation(x, y), 1e-15);
        assertEquals(-1.0, Spearman.correlation(x, z), 1e-15);
    }

    @Test
    void correlation_handExample_withTies() {
        // x = {1, 2, 2, 3} has ranks {1, 2.5, 2.5, 4}; y = {1, 3, 2, 4} has ranks {1, 3, 2, 4}.
        // Rank means 2.5 and 2.5; deviations dx = {-1.5, 0, 0, 1.5}, dy = {-1.5, 0.5, -0.5, 1.5}.
        // sum dx dy = 2.25 + 0 + 0 + 2.25 = 4.5; sum dx^2 = 4.5; sum dy^2 = 2.25 + 0.25 + 0.25 + 2.25 = 5.
        // rho = 4.5 / sqrt(4.5 * 5) = 4.5 / 4.7434 = 0.948683.
        assertEquals(4.5 / Math.sqrt(22.5), Spearman.correlation(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}),
                1e-15);
    }

    @Test
    void correlation_constantVariable_isNaN() {
        assertTrue(Double.isNaN(Spearman.correlation(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }

    @Test
    void correlation_badArguments_nameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spearman.correlation(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("x has 2 values but y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spearman.ranks(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("x[1] is NaN"), e.getMessage());
    }
}
