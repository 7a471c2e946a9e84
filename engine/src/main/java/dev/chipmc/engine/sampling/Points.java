package dev.chipmc.engine.sampling;

import java.util.Objects;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The points of one chunk of a run, for each {@link SamplerKind}. A run of {@code N} samples is cut
 * into chunks of {@code chunkSize} consecutive samples; chunk {@code k} holds samples
 * {@code k * chunkSize .. (k + 1) * chunkSize - 1}. Every stream depends only on
 * {@code (kind, dimensions, seed, chunkIndex, chunkSize)}, never on other chunks, so chunks can run
 * on any thread in any order and the run is the same for any number of threads.
 *
 * <ul>
 *   <li>{@link SamplerKind#MC MC}: independent uniforms from {@link Streams#forChunk}, read
 *   point by point, coordinate by coordinate.</li>
 *   <li>{@link SamplerKind#LHS LHS}: a Latin hypercube <em>per chunk</em> (McKay, Beckman and
 *   Conover 1979). Each coordinate is cut into {@code chunkSize} equal strata; an independent
 *   random permutation {@code pi_j} (Fisher-Yates, drawn from the chunk's generator) gives point
 *   {@code i} the stratum {@code pi_j(i)}, and the point sits uniformly inside it:
 *   {@code u_ij = (pi_j(i) + U) / chunkSize}. The run is the union of independent Latin hypercubes,
 *   one per chunk: each chunk is stratified, the run as a whole is not, which is the price of
 *   chunks that are independent of each other and of the threads. Each point is still exactly
 *   uniform, so estimates are unbiased. Memory: {@code 4 * dimensions * chunkSize} bytes per
 *   stream.</li>
 *   <li>{@link SamplerKind#SOBOL SOBOL}: the Sobol sequence (Joe and Kuo 2008 direction numbers,
 *   those of commons-math3's {@code SobolSequenceGenerator}, at most 1000 dimensions) at global
 *   indices {@code chunkIndex * chunkSize + i}, starting from index 0 (the all-zero point is not
 *   skipped: the shift moves it, and keeping it preserves the balance of blocks of {@code 2^m}
 *   points). A chunk computes its first point directly from the Gray code of its first index and
 *   then steps by one XOR per coordinate (Antonov and Saleev 1979). Each 52-bit coordinate is
 *   XORed with a random 52-bit integer, one per coordinate, drawn once from the seed and the same
 *   for all chunks (a random digital shift: Owen 2003), which makes every point uniform on the cube
 *   and estimates unbiased, and the coordinate {@code x} is mapped to {@code (x + 1/2) 2^-52}, so
 *   never 0 or 1. Best with {@code N} and {@code chunkSize} powers of two.</li>
 * </ul>
 *
 * <p>{@code chunkSize} is the run's nominal chunk size, the same for every chunk including a
 * shorter last one: a last chunk reads only the points it needs (for LHS those are part of a full
 * chunk's Latin hypercube, each still uniform). Reading more than {@code chunkSize} points throws.
 *
 * <p>Stateless and thread-safe; each returned stream belongs to one thread.
 */
public final class Points {

    /** XORed into the seed for the generator of the Sobol digital shift, so it is not a chunk stream. */
    private static final long SHIFT_SALT = 0x536F626F6C536866L; // "SobolShf"

    private Points() {
    }

    /**
     * The points of chunk {@code chunkIndex}.
     *
     * @param kind the sampler
     * @param dimensions {@code d >= 0}; at most 1000 for Sobol
     * @param seed the run's seed
     * @param chunkIndex {@code >= 0}
     * @param chunkSize the nominal number of points per chunk, {@code >= 1}
     * @return a new stream of at most {@code chunkSize} points
     * @throws IllegalArgumentException naming the bad argument
     */
    public static PointStream forChunk(SamplerKind kind, int dimensions, long seed, long chunkIndex, int chunkSize) {
        Objects.requireNonNull(kind, "kind");
        if (dimensions < 0) {
            throw new IllegalArgumentException("dimensions: must be >= 0, got " + dimensions);
        }
        if (chunkIndex < 0) {
            throw new IllegalArgumentException("chunkIndex: must be >= 0, got " + chunkIndex);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: must be >= 1, got " + chunkSize);
        }
        return switch (kind) {
            case MC -> new Mc(dimensions, Streams.state(seed, chunkIndex), chunkSize);
            case LHS -> new Lhs(dimensions, Streams.forChunk(seed, chunkIndex), chunkSize);
            case SOBOL -> {
                if (dimensions > SobolDirections.MAX_DIMENSIONS) {
                    throw new IllegalArgumentException("dimensions: the Sobol sampler supports at most "
                            + SobolDirections.MAX_DIMENSIONS + " (uncertain inputs plus event uniforms), got "
                            + dimensions + "; use sampler lhs or mc");
                }
                long limit = 1L << SobolDirections.BITS;
                if (chunkIndex >= limit / chunkSize) {
                    throw new IllegalArgumentException("chunkIndex: Sobol indices must stay below 2^"
                            + SobolDirections.BITS + ", got chunk " + chunkIndex + " of size " + chunkSize);
                }
                yield new Sobol(dimensions, chunkIndex * chunkSize, chunkSize, sobolShift(dimensions, seed));
            }
        };
    }

    /** The digital shift of the run with {@code seed}: coordinate {@code j} gets the {@code j}-th draw. */
    static long[] sobolShift(int dimensions, long seed) {
        UniformRandomProvider r = Streams.forChunk(seed ^ SHIFT_SALT, -1L);
        long[] shift = new long[dimensions];
        for (int j = 0; j < dimensions; j++) {
            shift[j] = r.nextLong() >>> (Long.SIZE - SobolDirections.BITS);
        }
        return shift;
    }

    private abstract static class Base implements PointStream {
        final int dimensions;
        final int size;
        int read;

        Base(int dimensions, int size) {
            this.dimensions = dimensions;
            this.size = size;
        }

        @Override
        public final int dimensions() {
            return dimensions;
        }

        final int advance() {
            if (read >= size) {
                throw new IllegalStateException("chunk of " + size + " points exhausted");
            }
            return read++;
        }
    }

    /** The chunk's generator stepped inline: the same draws as {@code Streams.openUniform(Streams.forChunk(..))}. */
    private static final class Mc extends Base {
        private final long[] state;

        Mc(int dimensions, long[] state, int size) {
            super(dimensions, size);
            this.state = state;
        }

        @Override
        public void next(double[] u) {
            advance();
            Streams.fillOpenUniforms(state, u, dimensions);
        }
    }

    private static final class Lhs extends Base {
        private final UniformRandomProvider rng;
        /** {@code strata[j * size + i]}: the stratum of point {@code i} in coordinate {@code j}. */
        private final int[] strata;
        private final double width;

        Lhs(int dimensions, UniformRandomProvider rng, int size) {
            super(dimensions, size);
            this.rng = rng;
            this.width = 1.0 / size;
            this.strata = new int[Math.multiplyExact(dimensions, size)];
            for (int j = 0; j < dimensions; j++) {
                int off = j * size;
                for (int i = 0; i < size; i++) {
                    strata[off + i] = i;
                }
                for (int i = size - 1; i > 0; i--) {
                    int k = rng.nextInt(i + 1);
                    int t = strata[off + i];
                    strata[off + i] = strata[off + k];
                    strata[off + k] = t;
                }
            }
        }

        @Override
        public void next(double[] u) {
            int i = advance();
            for (int j = 0; j < dimensions; j++) {
                double x = (strata[j * size + i] + Streams.openUniform(rng)) * width;
                u[j] = Math.min(x, Streams.ONE_BELOW);
            }
        }
    }

    static final class Sobol extends Base {
        private final long[][] directions;
        private final long[] shift;
        private final long[] x;
        private final long start;

        Sobol(int dimensions, long start, int size, long[] shift) {
            super(dimensions, size);
            this.start = start;
            this.shift = shift;
            this.directions = new long[dimensions][];
            this.x = new long[dimensions];
            long gray = start ^ (start >>> 1);
            for (int j = 0; j < dimensions; j++) {
                long[] v = SobolDirections.direction(j);
                directions[j] = v;
                long acc = 0;
                for (long g = gray; g != 0; g &= g - 1) {
                    acc ^= v[Long.numberOfTrailingZeros(g)];
                }
                x[j] = acc;
            }
        }

        @Override
        public void next(double[] u) {
            int i = advance();
            if (i > 0) {
                int bit = Long.numberOfTrailingZeros(start + i);
                for (int j = 0; j < dimensions; j++) {
                    x[j] ^= directions[j][bit];
                }
            }
            for (int j = 0; j < dimensions; j++) {
                u[j] = ((x[j] ^ shift[j]) + 0.5) * Streams.TWO_POW_M52;
            }
        }
    }
}
