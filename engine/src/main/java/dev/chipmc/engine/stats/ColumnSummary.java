package dev.chipmc.engine.stats;

import java.util.Arrays;

/**
 * Summary statistics of one output column over all samples (MODEL.md section 9).
 *
 * @param count             number of samples
 * @param mean              arithmetic mean; NaN when empty
 * @param sd                sample standard deviation (divisor {@code n - 1}); NaN below 2 samples
 * @param standardError     {@code sd / sqrt(count)}
 * @param min               smallest value; NaN when empty
 * @param max               largest value; NaN when empty
 * @param quantiles         quantiles at {@link Probabilities#STANDARD}, in that order; all NaN
 *                          when the column keeps no quantile state or is empty
 * @param exactQuantiles    whether the quantiles are exact (numpy's linear interpolation between
 *                          order statistics) rather than read from a {@link QuantileSketch}
 * @param quantileRankError the sketch's normalized rank error bound
 *                          ({@link QuantileSketch#rankError()}); 0 when exact or when the sketch
 *                          has dropped nothing yet, NaN when the column keeps no quantile state
 */
public record ColumnSummary(long count, double mean, double sd, double standardError, double min, double max,
        double[] quantiles, boolean exactQuantiles, double quantileRankError) {

    /** Copies {@code quantiles}, so the record stays immutable. */
    public ColumnSummary {
        quantiles = java.util.Objects.requireNonNull(quantiles, "quantiles").clone();
    }

    /** A copy of the quantiles at {@link Probabilities#STANDARD}. */
    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnSummary s
                && count == s.count
                && Double.compare(mean, s.mean) == 0
                && Double.compare(sd, s.sd) == 0
                && Double.compare(standardError, s.standardError) == 0
                && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0
                && Arrays.equals(quantiles, s.quantiles)
                && exactQuantiles == s.exactQuantiles
                && Double.compare(quantileRankError, s.quantileRankError) == 0;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(count);
        h = 31 * h + Double.hashCode(mean);
        h = 31 * h + Double.hashCode(sd);
        h = 31 * h + Double.hashCode(standardError);
        h = 31 * h + Double.hashCode(min);
        h = 31 * h + Double.hashCode(max);
        h = 31 * h + Arrays.hashCode(quantiles);
        h = 31 * h + Boolean.hashCode(exactQuantiles);
        return 31 * h + Double.hashCode(quantileRankError);
    }

    @Override
    public String toString() {
        return "ColumnSummary[count=" + count + ", mean=" + mean + ", sd=" + sd + ", standardError="
                + standardError + ", min=" + min + ", max=" + max + ", quantiles="
                + Arrays.toString(quantiles) + ", exactQuantiles=" + exactQuantiles
                + ", quantileRankError=" + quantileRankError + "]";
    }
}
