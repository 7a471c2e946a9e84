/**
 * Sampling through the unit hypercube (MODEL.md section 2). For chunk {@code k} of a run,
 * {@link dev.chipmc.engine.sampling.Points#forChunk} gives the points {@code u in (0,1)^d} of the
 * chosen {@link dev.chipmc.engine.sampling.SamplerKind} (MC, chunk-local Latin hypercube, or
 * digitally shifted Sobol), keyed only by {@code (seed, k)} through
 * {@link dev.chipmc.engine.sampling.Streams}; an {@link dev.chipmc.engine.sampling.InputSampler}
 * worker maps each point to the inputs, first through the
 * {@link dev.chipmc.engine.sampling.GaussianCopula} on the correlated inputs and then through each
 * input's {@link dev.chipmc.engine.sampling.Marginal} inverse CDF, and hands the trailing
 * coordinates to the disruption events as their uniforms.
 */
package dev.chipmc.engine.sampling;
