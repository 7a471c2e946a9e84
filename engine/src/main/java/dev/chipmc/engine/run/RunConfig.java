package dev.chipmc.engine.run;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import java.util.Objects;

/**
 * What a Monte Carlo run does: how many samples, from which seed and sampler, on how many threads.
 *
 * <p>{@code chunkSize} fixes how samples are grouped into chunks; a chunk's samples depend only on
 * (seed, chunk index), never on the thread that runs it, so results do not depend on
 * {@code threads}. It is a constant of the run, not derived from the thread count.
 *
 * @param quantileBudgetBytes memory allowed for exact quantiles; beyond it a sketch is used
 */
public record RunConfig(long samples, long seed, int threads, SamplerKind sampler, int chunkSize,
        long quantileBudgetBytes) {

    /** Samples per chunk: large enough to amortise task overhead, small enough to checkpoint often. */
    public static final int DEFAULT_CHUNK_SIZE = 4096;
    public static final long DEFAULT_SAMPLES = 100_000;
    public static final long DEFAULT_SEED = 20260101L;

    public RunConfig {
        Objects.requireNonNull(sampler, "sampler");
        if (samples < 1) {
            throw new IllegalArgumentException("samples: must be at least 1, got " + samples);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be at least 1, got " + threads);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: must be at least 1, got " + chunkSize);
        }
        if (quantileBudgetBytes < 0) {
            throw new IllegalArgumentException("quantileBudgetBytes: must be >= 0, got " + quantileBudgetBytes);
        }
    }

    public static RunConfig of(long samples, long seed, int threads, SamplerKind sampler) {
        return new RunConfig(samples, seed, threads, sampler, DEFAULT_CHUNK_SIZE, Accumulator.DEFAULT_BUDGET_BYTES);
    }

    public long chunks() {
        return (samples + chunkSize - 1) / chunkSize;
    }

    /** Number of samples in chunk {@code c} (the last one may be partial). */
    public int chunkLength(long c) {
        return (int) Math.min(chunkSize, samples - c * chunkSize);
    }

    public RunConfig withThreads(int k) {
        return new RunConfig(samples, seed, k, sampler, chunkSize, quantileBudgetBytes);
    }

    public RunConfig withSamples(long n) {
        return new RunConfig(n, seed, threads, sampler, chunkSize, quantileBudgetBytes);
    }
}
