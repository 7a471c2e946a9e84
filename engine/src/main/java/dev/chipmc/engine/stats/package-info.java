/**
 * Mergeable statistics over Monte Carlo samples (MODEL.md section 9).
 *
 * <p>Each chunk of samples fills its own {@link dev.chipmc.engine.stats.Accumulator}; the engine
 * {@linkplain dev.chipmc.engine.stats.Accumulator#combine combines} them into the run state in
 * chunk order, so results are bit-for-bit identical whatever the number of threads. Per column:
 * count, mean, sd, standard error, min and max ({@link dev.chipmc.engine.stats.Moments}, Welford
 * and Chan et al.), and for quantile columns the quantiles at
 * {@link dev.chipmc.engine.stats.Probabilities#STANDARD}, {@code P(V < target)} and the expected
 * shortfall below a target. Quantiles are exact (numpy's linear interpolation,
 * {@link dev.chipmc.engine.stats.ExactQuantiles}) while all values fit a memory budget, and come
 * from a deterministic KLL sketch ({@link dev.chipmc.engine.stats.QuantileSketch}) with a stated
 * rank error beyond it; {@link dev.chipmc.engine.stats.ColumnSummary} says which. Every state
 * serializes exactly to a {@link java.io.DataOutput} for checkpoints.
 */
package dev.chipmc.engine.stats;
