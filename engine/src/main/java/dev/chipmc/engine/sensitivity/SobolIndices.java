package dev.chipmc.engine.sensitivity;

import java.util.List;

/**
 * The result of a Sobol analysis: for every factor and output the first-order index {@code S1}, the
 * total-order index {@code ST} and their bootstrap percentile intervals, plus the output's mean and
 * variance. Values are NaN where the output does not vary (variance 0); the intervals are NaN without
 * bootstrap replicates.
 *
 * <p>Arrays are indexed {@code [factor][output]}; the record is a value and is not copied defensively
 * (do not modify the arrays).
 */
public record SobolIndices(List<Factor> factors, List<String> outputs, long samples, long evaluations,
        double[][] s1, double[][] s1Low, double[][] s1High, double[][] st, double[][] stLow, double[][] stHigh,
        double[] mean, double[] variance) {

    public SobolIndices {
        factors = List.copyOf(factors);
        outputs = List.copyOf(outputs);
    }

    /** Index of the factor named {@code name}, or -1. */
    public int factorIndex(String name) {
        for (int i = 0; i < factors.size(); i++) {
            if (factors.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
