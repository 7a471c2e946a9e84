package dev.chipmc.engine.sampling;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Random streams keyed by {@code (seed, chunkIndex)}: chunk {@code k} of a run always draws from
 * the same generator, whichever thread runs it and however many threads there are.
 *
 * <p>The generator is {@link RandomSource#XO_RO_SHI_RO_128_PP} (xoroshiro128++, period
 * {@code 2^128 - 1}). Its 128-bit state is two outputs of SplitMix64 (Steele, Lea and Flood 2014)
 * started from {@code mix(seed) ^ mix(chunkIndex + G)}, with {@code mix} the SplitMix64 finaliser
 * and {@code G} the golden-ratio increment; because {@code mix} is a bijection, distinct chunk
 * indices give distinct states for a given seed, and the finaliser decorrelates neighbouring
 * indices and seeds.
 *
 * <p>Stateless and thread-safe; each returned generator belongs to one thread.
 */
public final class Streams {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** 2^-52: one step of the 52-bit grid used by {@link #openUniform}. */
    static final double TWO_POW_M52 = 0x1.0p-52;
    /** 2^-53: half a grid step; the smallest value {@link #openUniform} returns. */
    static final double TWO_POW_M53 = 0x1.0p-53;
    /** The largest double below 1, {@code 1 - 2^-53}; the largest value {@link #openUniform} returns. */
    static final double ONE_BELOW = 1 - 0x1.0p-53;

    private Streams() {
    }

    /**
     * The generator of chunk {@code chunkIndex} of the run with {@code seed}.
     *
     * @param seed the run's seed
     * @param chunkIndex the chunk; any value, chunk indices of a run are {@code 0, 1, ...}
     * @return a new generator, not shared
     */
    public static UniformRandomProvider forChunk(long seed, long chunkIndex) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(state(seed, chunkIndex));
    }

    /**
     * The xoroshiro128++ state {@code {s0, s1}} that {@link #forChunk} seeds its generator with, for
     * callers that step the generator inline ({@link #fillOpenUniforms}).
     */
    static long[] state(long seed, long chunkIndex) {
        long state = mix(seed) ^ mix(chunkIndex + GOLDEN_GAMMA);
        long s0 = mix(state += GOLDEN_GAMMA);
        long s1 = mix(state + GOLDEN_GAMMA);
        if ((s0 | s1) == 0) {
            // The all-zero state is the one xoroshiro cannot leave; mix is a bijection, so this
            // needs one specific state and is handled only for completeness.
            s1 = GOLDEN_GAMMA;
        }
        return new long[] {s0, s1};
    }

    /**
     * Fills {@code out[0..n)} with {@link #openUniform} draws of the xoroshiro128++ generator whose
     * state is {@code state}, advancing the state: the same numbers, in the same order, as {@code n}
     * calls of {@code openUniform} on commons-rng's {@code XO_RO_SHI_RO_128_PP} with that state
     * (Blackman and Vigna 2019: {@code r = rotl(s0 + s1, 17) + s0}, then {@code s1 ^= s0},
     * {@code s0 = rotl(s0, 49) ^ s1 ^ (s1 << 21)}, {@code s1 = rotl(s1, 28)}), without an interface
     * call or a field store per draw.
     *
     * @param state the generator's two state words, updated in place
     */
    static void fillOpenUniforms(long[] state, double[] out, int n) {
        long s0 = state[0];
        long s1 = state[1];
        for (int j = 0; j < n; j++) {
            long r = Long.rotateLeft(s0 + s1, 17) + s0;
            s1 ^= s0;
            s0 = Long.rotateLeft(s0, 49) ^ s1 ^ (s1 << 21);
            s1 = Long.rotateLeft(s1, 28);
            out[j] = ((r >>> 12) + 0.5) * TWO_POW_M52;
        }
        state[0] = s0;
        state[1] = s1;
    }

    /**
     * A uniform on the open interval: {@code (m + 1/2) 2^-52} with {@code m} the top 52 bits of
     * {@code r.nextLong()}, so in {@code [2^-53, 1 - 2^-53]}, never 0 or 1, and symmetric about 1/2.
     *
     * @param r the generator
     * @return a value strictly inside {@code (0, 1)}
     */
    public static double openUniform(UniformRandomProvider r) {
        return ((r.nextLong() >>> 12) + 0.5) * TWO_POW_M52;
    }

    /** The SplitMix64 finaliser (Stafford's variant 13), a bijection on longs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
