package dev.chipmc.engine.sensitivity;

import dev.chipmc.engine.sampling.SamplerKind;
import java.util.Objects;

/**
 * How a Sobol analysis draws its design and its bootstrap.
 *
 * @param samples {@code N}, the rows of the pick-freeze design; the analysis evaluates {@code N (k + 2)} points
 * @param seed the seed of the design and of the bootstrap weights
 * @param threads chunks evaluated at once; results do not depend on it
 * @param sampler the hypercube sampler of the {@code 2d}-dimensional design points
 * @param chunkSize rows per chunk
 * @param bootstrap {@code R}, the number of Poisson-bootstrap replicates ({@code >= 0}; 0: no intervals)
 * @param confidence the level of the percentile intervals, in {@code (0, 1)}
 */
public record SobolConfig(long samples, long seed, int threads, SamplerKind sampler, int chunkSize, int bootstrap,
        double confidence) {

    public static final int DEFAULT_CHUNK_SIZE = 1024;
    public static final int DEFAULT_BOOTSTRAP = 200;
    public static final double DEFAULT_CONFIDENCE = 0.95;

    public SobolConfig {
        Objects.requireNonNull(sampler, "sampler");
        if (samples < 2) {
            throw new IllegalArgumentException("samples: must be >= 2, got " + samples);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be >= 1, got " + threads);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: must be >= 1, got " + chunkSize);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("bootstrap: must be >= 0, got " + bootstrap);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence: must be in (0, 1), got " + confidence);
        }
    }

    /** The defaults: chunks of 1024 rows, 200 bootstrap replicates, 95 % intervals. */
    public static SobolConfig of(long samples, long seed, int threads, SamplerKind sampler) {
        return new SobolConfig(samples, seed, threads, sampler, DEFAULT_CHUNK_SIZE, DEFAULT_BOOTSTRAP, DEFAULT_CONFIDENCE);
    }

    public SobolConfig withThreads(int k) {
        return new SobolConfig(samples, seed, k, sampler, chunkSize, bootstrap, confidence);
    }

    public SobolConfig withBootstrap(int r) {
        return new SobolConfig(samples, seed, threads, sampler, chunkSize, r, confidence);
    }

    public long chunks() {
        return (samples + chunkSize - 1) / chunkSize;
    }

    public int chunkLength(long c) {
        return (int) Math.min(chunkSize, samples - c * chunkSize);
    }
}
