package dev.chipmc.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class StreamsTest {

    @Test
    void forChunk_sameSeedAndChunk_sameSequence() {
        UniformRandomProvider a = Streams.forChunk(7, 3);
        UniformRandomProvider b = Streams.forChunk(7, 3);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
    }

    @Test
    void forChunk_neighbouringChunksOrSeeds_differentSequences() {
        long first = Streams.forChunk(7, 3).nextLong();
        assertNotEquals(first, Streams.forChunk(7, 4).nextLong());
        assertNotEquals(first, Streams.forChunk(8, 3).nextLong());
        assertNotEquals(Streams.forChunk(0, 1).nextLong(), Streams.forChunk(1, 0).nextLong());
    }

    @Test
    void fillOpenUniforms_anySeedAndChunk_sameDrawsAsCommonsGenerator() {
        // The inline xoroshiro128++ must reproduce commons-rng's generator bit for bit, across
        // several calls (the state carries over) and for seeds/chunks including 0, -1 and extremes.
        long[] seeds = {0, 1, -1, 7, Long.MIN_VALUE, Long.MAX_VALUE, 0x9E3779B97F4A7C15L};
        long[] chunks = {0, 1, 2, 1023, -1, Long.MAX_VALUE};
        double[] out = new double[57];
        for (long seed : seeds) {
            for (long chunk : chunks) {
                UniformRandomProvider reference = Streams.forChunk(seed, chunk);
                long[] state = Streams.state(seed, chunk);
                for (int call = 0; call < 20; call++) {
                    int n = call % 5 == 4 ? 0 : 57 - call;
                    Streams.fillOpenUniforms(state, out, n);
                    for (int j = 0; j < n; j++) {
                        assertEquals(Double.doubleToRawLongBits(Streams.openUniform(reference)),
                                Double.doubleToRawLongBits(out[j]), "seed " + seed + " chunk " + chunk);
                    }
                }
            }
        }
    }

    @Test
    void openUniform_extremeBits_mapToTheOpenInterval() {
        // All-zero top bits give (0 + 1/2) 2^-52 = 2^-53; all-one bits give (2^52 - 1/2) 2^-52 = 1 - 2^-53.
        assertEquals(0x1.0p-53, Streams.openUniform(constant(0L)));
        assertEquals(1 - 0x1.0p-53, Streams.openUniform(constant(-1L)));
        assertTrue(Streams.openUniform(constant(-1L)) < 1);
    }

    @Test
    void samplerKind_parse_acceptsNamesAndListsChoices() {
        assertEquals(SamplerKind.MC, SamplerKind.parse("mc"));
        assertEquals(SamplerKind.LHS, SamplerKind.parse(" LHS "));
        assertEquals(SamplerKind.SOBOL, SamplerKind.parse("Sobol"));
        var e = assertThrows(IllegalArgumentException.class, () -> SamplerKind.parse("halton"));
        assertTrue(e.getMessage().contains("mc, lhs, sobol") && e.getMessage().contains("halton"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplerKind.parse(null));
    }

    static UniformRandomProvider constant(long v) {
        return () -> v;
    }
}
