package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MomentsTest {
    /**
     * Welford's and Chan's updates lose at most a few ulps per step relative to the two-pass
     * result on well-conditioned data (coefficient of variation of order 1, here at most about
     * 7 for the lognormal); 1e-12 relative leaves three orders of magnitude of headroom over the
     * roughly 1e-15 observed for n = 10^5.
     */
    private static final double REL = 1e-12;

    private static Moments oneAtATime(double[] x) {
        Moments m = new Moments();
        for (double v : x) {
            m.add(v);
        }
        return m;
    }

    /** Chunks of the given sizes, cycled, each accumulated alone and combined in order. */
    private static Moments chunked(double[] x, int... sizes) {
        Moments total = new Moments();
        int i = 0;
        for (int c = 0; i < x.length; c++) {
            Moments chunk = new Moments();
            int end = Math.min(x.length, i + sizes[c % sizes.length]);
            for (; i < end; i++) {
                chunk.add(x[i]);
            }
            total.combine(chunk);
        }
        return total;
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * REL, what);
    }

    private static byte[] state(Moments m) {
        return StatsTesting.bytes(m::write);
    }

    @ParameterizedTest
    @EnumSource(StatsTesting.Data.class)
    void addOneAtATime_anyData_matchesTwoPass(StatsTesting.Data data) {
        double[] x = data.sample(100_000, StatsTesting.SEED);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double variance = ss / (x.length - 1);

        Moments m = oneAtATime(x);
        assertEquals(x.length, m.count());
        assertRelative(mean, m.mean(), "mean");
        assertRelative(variance, m.variance(), "variance");
        assertRelative(Math.sqrt(variance), m.sd(), "sd");
        assertRelative(Math.sqrt(variance / x.length), m.standardError(), "standard error");
        assertEquals(min, m.min(), 0.0);
        assertEquals(max, m.max(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(StatsTesting.Data.class)
    void combine_differentChunkings_agreeWithinRoundoff(StatsTesting.Data data) {
        double[] x = data.sample(100_000, StatsTesting.SEED);
        Moments single = oneAtATime(x);
        for (Moments m : new Moments[] {chunked(x, 1000), chunked(x, 777, 1, 4096), chunked(x, 1)}) {
            assertEquals(single.count(), m.count());
            assertRelative(single.mean(), m.mean(), "mean");
            assertRelative(single.variance(), m.variance(), "variance");
            assertEquals(single.min(), m.min(), 0.0);
            assertEquals(single.max(), m.max(), 0.0);
        }
    }

    @Test
    void combine_sameChunkingAndOrder_bitIdentical() {
        double[] x = StatsTesting.Data.LOGNORMAL.sample(50_000, StatsTesting.SEED);
        assertArrayEquals(state(chunked(x, 1000, 333)), state(chunked(x.clone(), 1000, 333)));
    }

    @Test
    void hand_computedValues_exact() {
        // {2,4,4,4,5,5,7,9}: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
        // variance 32/7; sd sqrt(32/7) = 2.138...; standard error sd / sqrt(8).
        Moments m = oneAtATime(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(5.0, m.mean(), 1e-15);
        assertEquals(32.0 / 7, m.variance(), 1e-14);
        assertEquals(Math.sqrt(32.0 / 7) / Math.sqrt(8), m.standardError(), 1e-15);
        assertEquals(2.0, m.min(), 0.0);
        assertEquals(9.0, m.max(), 0.0);
    }

    @Test
    void combine_withEmpty_changesNothing() {
        Moments a = oneAtATime(new double[] {3, 1, 4, 1, 5});
        byte[] before = state(a);
        a.combine(new Moments());
        assertArrayEquals(before, state(a));

        Moments empty = new Moments();
        empty.combine(a);
        assertArrayEquals(before, state(empty));

        Moments both = new Moments();
        both.combine(new Moments());
        assertEquals(0, both.count());
        assertTrue(Double.isNaN(both.mean()));
    }

    @Test
    void emptyAndSingle_undefinedStatisticsAreNaN() {
        Moments m = new Moments();
        assertEquals(0, m.count());
        assertTrue(Double.isNaN(m.mean()));
        assertTrue(Double.isNaN(m.variance()));
        assertTrue(Double.isNaN(m.min()));
        assertTrue(Double.isNaN(m.max()));
        m.add(2.5);
        assertEquals(2.5, m.mean(), 0.0);
        assertEquals(2.5, m.min(), 0.0);
        assertEquals(2.5, m.max(), 0.0);
        assertTrue(Double.isNaN(m.variance()), "n - 1 = 0");
        assertTrue(Double.isNaN(m.standardError()));
    }

    @Test
    void writeRead_roundTrip_bitIdenticalAndContinues() throws IOException {
        double[] x = StatsTesting.Data.NORMAL.sample(10_000, StatsTesting.SEED);
        Moments a = new Moments();
        Moments b = new Moments();
        for (int i = 0; i < 5_000; i++) {
            a.add(x[i]);
            b.add(x[i]);
        }
        byte[] written = state(b);
        Moments c = Moments.read(StatsTesting.input(written));
        assertArrayEquals(written, state(c));
        for (int i = 5_000; i < x.length; i++) {
            a.add(x[i]);
            c.add(x[i]);
        }
        assertArrayEquals(state(a), state(c));
    }

    private static Moments blocks(double[] x, int block) {
        Moments m = new Moments();
        for (int i = 0; i < x.length; i += block) {
            m.addBlock(x, i, Math.min(block, x.length - i));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(StatsTesting.Data.class)
    void addBlock_anyBlocking_matchesOneAtATime(StatsTesting.Data data) {
        // Same REL as above: both are within a few ulps per step of the exact moments. Block
        // lengths 4096 (the engine's chunk), 4093 (a tail that is not a multiple of 8 or 4),
        // 1 (blocks of one value) and the whole array.
        double[] x = data.sample(100_000, StatsTesting.SEED);
        Moments single = oneAtATime(x);
        for (int block : new int[] {4096, 4093, 1, x.length}) {
            Moments m = blocks(x, block);
            assertEquals(single.count(), m.count());
            assertRelative(single.mean(), m.mean(), "mean, blocks of " + block);
            assertRelative(single.variance(), m.variance(), "variance, blocks of " + block);
            assertEquals(single.min(), m.min(), 0.0);
            assertEquals(single.max(), m.max(), 0.0);
        }
    }

    @Test
    void addBlock_handComputed_exact() {
        // {2,4,4,4,5,5,7,9} from offset 1 of a longer array: sum 40, mean 5; deviations
        // -3,-1,-1,-1,0,0,2,4 sum to 0; squares 9+1+1+1+0+0+4+16 = 32; variance 32/7. Every step
        // is exact in binary floating point.
        Moments m = new Moments();
        m.addBlock(new double[] {100, 2, 4, 4, 4, 5, 5, 7, 9, -100}, 1, 8);
        assertEquals(8, m.count());
        assertEquals(5.0, m.mean(), 0.0);
        assertEquals(32.0 / 7, m.variance(), 0.0);
        assertEquals(2.0, m.min(), 0.0);
        assertEquals(9.0, m.max(), 0.0);
        // Then {1, 11} as a second block: block mean 6, M2_b = 25 + 25 = 50; by Chan with d = 1,
        // mean = 5 + 1 * 2 / 10 = 5.2 and M2 = 32 + 50 + 1^2 * 8 * 2 / 10 = 83.6 (directly: the
        // ten values' squared deviations from 5.2 sum to 83.6); variance 83.6 / 9.
        m.addBlock(new double[] {1, 11}, 0, 2);
        assertEquals(5.2, m.mean(), 1e-15);
        assertEquals(83.6 / 9, m.variance(), 1e-14);
        assertEquals(1.0, m.min(), 0.0);
        assertEquals(11.0, m.max(), 0.0);
    }

    @Test
    void addBlock_sameBlocksAndOrder_bitIdentical() {
        double[] x = StatsTesting.Data.LOGNORMAL.sample(50_000, StatsTesting.SEED);
        assertArrayEquals(state(blocks(x, 4096)), state(blocks(x.clone(), 4096)));
    }

    @Test
    void addBlock_nanOrBadRange_throwsAndAddsNothing() {
        Moments m = blocks(new double[] {1, 2, 3}, 3);
        byte[] before = state(m);
        double[] bad = {1, 2, Double.NaN, 4};
        assertThrows(IllegalArgumentException.class, () -> m.addBlock(bad, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> m.addBlock(bad, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> m.addBlock(bad, -1, 1));
        m.addBlock(bad, 3, 0);
        assertArrayEquals(before, state(m));
        // NaN outside the range is not looked at
        m.addBlock(bad, 0, 2);
        assertEquals(5, m.count());
    }

    @Test
    void addBlock_infinities_likeAdd() {
        // add: one infinity makes the mean infinite and the variance NaN; +inf with -inf gives a
        // NaN mean. The block path must agree and must not take them for NaN input.
        Moments plus = new Moments();
        plus.addBlock(new double[] {1, Double.POSITIVE_INFINITY, 3}, 0, 3);
        assertEquals(Double.POSITIVE_INFINITY, plus.mean(), 0.0);
        assertTrue(Double.isNaN(plus.variance()));
        assertEquals(Double.POSITIVE_INFINITY, plus.max(), 0.0);
        Moments both = new Moments();
        both.addBlock(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, 0, 2);
        assertTrue(Double.isNaN(both.mean()));
        assertEquals(Double.NEGATIVE_INFINITY, both.min(), 0.0);
    }
}
