package dev.chipmc.engine.stats;

/**
 * How an {@link Accumulator} keeps the values it needs for quantiles.
 *
 * <ul>
 *   <li>{@link #EXACT}: every value is kept ({@link ExactQuantiles}); quantiles are numpy's
 *       default linear interpolation between order statistics ({@link Quantiles#linear}).
 *       Memory is 8 bytes per value per quantile column.</li>
 *   <li>{@link #SKETCH}: a KLL sketch ({@link QuantileSketch}) of bounded size; each quantile is a
 *       retained value whose normalized rank is within {@link QuantileSketch#rankError()} of the
 *       requested probability.</li>
 * </ul>
 * {@link Accumulator#chooseMode(long, int, long)} picks one from the sample count and a memory budget.
 */
public enum QuantileMode {
    EXACT,
    SKETCH
}
