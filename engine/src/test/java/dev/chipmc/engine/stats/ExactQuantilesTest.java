package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExactQuantilesTest {

    private static ExactQuantiles of(double... x) {
        ExactQuantiles q = ExactQuantiles.create();
        for (double v : x) {
            q.add(v);
        }
        return q;
    }

    @Test
    void quantile_unsortedInput_matchesNumpy() {
        // Same multiset as np.quantile([1,2,2,2,5], ...) in QuantilesTest: 25 % -> 2.0,
        // 90 % -> 3.8000000000000003, 99 % -> 4.88.
        ExactQuantiles q = of(5, 2, 1, 2, 2);
        assertEquals(2.0, q.quantile(0.25), 0.0);
        assertEquals(3.8000000000000003, q.quantile(0.90), 0.0);
        assertEquals(4.88, q.quantile(0.99), 0.0);
        assertEquals(1.0, q.quantile(0.0), 0.0);
        assertEquals(5.0, q.quantile(1.0), 0.0);
    }

    @Test
    void addAfterQuery_invalidatesSortedState() {
        ExactQuantiles q = of(1, 2, 3, 4);
        assertEquals(2.5, q.quantile(0.5), 0.0);
        q.add(0);
        // np.quantile([0,1,2,3,4], 0.5) = 2.0
        assertEquals(2.0, q.quantile(0.5), 0.0);
        assertEquals(5, q.count());
    }

    @Test
    void fractionBelowAndShortfall_handComputed() {
        // values 1, 2, 2, 4, 10; threshold 3: below are 1, 2, 2 -> 3/5 = 0.6;
        // shortfall (3-1) + (3-2) + (3-2) = 4, over 5 values -> 0.8.
        ExactQuantiles q = of(4, 2, 10, 1, 2);
        assertEquals(0.6, q.fractionBelow(3), 0.0);
        assertEquals(0.8, q.meanShortfallBelow(3), 0.0);
        // strictly below: 2 is not below 2
        assertEquals(0.2, q.fractionBelow(2), 0.0);
        assertEquals(0.0, q.fractionBelow(1), 0.0);
        assertEquals(1.0, q.fractionBelow(11), 0.0);
        assertEquals(0.0, q.meanShortfallBelow(0.5), 0.0);
    }

    @Test
    void combine_anyChunking_bitIdenticalAnswers() {
        double[] x = StatsTesting.Data.LOGNORMAL.sample(20_000, StatsTesting.SEED);
        ExactQuantiles single = of(x);
        ExactQuantiles chunked = ExactQuantiles.create();
        for (int i = 0; i < x.length; i += 1234) {
            chunked.combine(of(Arrays.copyOfRange(x, i, Math.min(x.length, i + 1234))));
        }
        for (double p : Probabilities.STANDARD) {
            assertEquals(single.quantile(p), chunked.quantile(p), 0.0);
        }
        assertEquals(single.meanShortfallBelow(1.0), chunked.meanShortfallBelow(1.0), 0.0);
        assertArrayEquals(StatsTesting.bytes(single::write), StatsTesting.bytes(chunked::write));
    }

    @Test
    void write_sameMultisetInAnotherOrder_sameBytes() {
        assertArrayEquals(StatsTesting.bytes(of(3, 1, 2)::write), StatsTesting.bytes(of(1, 2, 3)::write));
    }

    @Test
    void writeRead_roundTrip_continuesAsIfNeverStopped() throws IOException {
        double[] x = StatsTesting.Data.NORMAL.sample(10_000, StatsTesting.SEED);
        ExactQuantiles never = of(x);
        ExactQuantiles first = of(Arrays.copyOf(x, 6_000));
        byte[] written = StatsTesting.bytes(first::write);
        ExactQuantiles resumed = ExactQuantiles.read(StatsTesting.input(written));
        assertArrayEquals(written, StatsTesting.bytes(resumed::write));
        for (int i = 6_000; i < x.length; i++) {
            resumed.add(x[i]);
        }
        assertArrayEquals(StatsTesting.bytes(never::write), StatsTesting.bytes(resumed::write));
        for (double p : Probabilities.STANDARD) {
            assertEquals(never.quantile(p), resumed.quantile(p), 0.0);
        }
    }

    @Test
    void empty_answersNaN() {
        ExactQuantiles q = ExactQuantiles.create();
        assertTrue(Double.isNaN(q.quantile(0.5)));
        assertTrue(Double.isNaN(q.fractionBelow(0)));
        assertTrue(Double.isNaN(q.meanShortfallBelow(0)));
        assertTrue(q.exact());
    }

    @Test
    void badArguments_throw() {
        ExactQuantiles q = of(1);
        assertThrows(IllegalArgumentException.class, () -> q.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> q.quantile(1.5));
        assertThrows(IllegalArgumentException.class, () -> q.combine(q));
        assertThrows(IllegalArgumentException.class, () -> q.combine(QuantileSketch.create(64)));
        assertThrows(IOException.class, () -> ExactQuantiles.read(StatsTesting.input(new byte[] {0, 0, 0, 2, 1})));
    }

    @Test
    void addBlock_sameMultisetAsAdd_sameBytesAndAnswers() {
        double[] x = StatsTesting.Data.DISCRETE.sample(10_000, StatsTesting.SEED);
        ExactQuantiles one = ExactQuantiles.create();
        for (double v : x) {
            one.add(v);
        }
        ExactQuantiles blocks = ExactQuantiles.create();
        blocks.add(x[0]);
        blocks.addBlock(x, 1, 4095);
        blocks.addBlock(x, 4096, x.length - 4096);
        assertEquals(one.count(), blocks.count());
        assertArrayEquals(StatsTesting.bytes(one::write), StatsTesting.bytes(blocks::write));
        for (double p : Probabilities.STANDARD) {
            assertEquals(one.quantile(p), blocks.quantile(p), 0.0);
        }
        // a block after a query must be sorted in too
        blocks.addBlock(new double[] {-1, 1000}, 0, 2);
        assertEquals(-1.0, blocks.quantile(0.0), 0.0);
        assertEquals(1000.0, blocks.quantile(1.0), 0.0);
    }

    @Test
    void addBlock_nanOrBadRange_throwsAndAddsNothing() {
        ExactQuantiles e = ExactQuantiles.create();
        e.addBlock(new double[] {3, 1, 2}, 0, 3);
        double[] bad = {5, Double.NaN};
        assertThrows(IllegalArgumentException.class, () -> e.addBlock(bad, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> e.addBlock(bad, 1, 2));
        assertEquals(3, e.count());
        // np.quantile([1, 2, 3], 0.5) = 2.0
        assertEquals(2.0, e.quantile(0.5), 0.0);
    }

    @Test
    void sortAsShortfallOf_sameValuesAndOrderAsSorting() throws IOException {
        double t = 100;
        // good values around the target, with ties, zero, and values far above it (shortfall 0)
        double[] good = {120, 99.5, 0, 100, 37.25, 99.5, 250, 100.0000001, 3, 64};
        ExactQuantiles g = of(good);
        ExactQuantiles derived = ExactQuantiles.create();
        ExactQuantiles sorted = ExactQuantiles.create();
        for (int i = good.length - 1; i >= 0; i--) { // rows in another order than good's: only the multiset counts
            derived.add(Math.max(0, t - good[i]));
            sorted.add(Math.max(0, t - good[i]));
        }
        derived.sortAsShortfallOf(g, t);
        sorted.prepareQueries();
        assertArrayEquals(StatsTesting.bytes(sorted::write), StatsTesting.bytes(derived::write));
        assertEquals(sorted.quantile(0.3), derived.quantile(0.3), 0.0);
        // unequal counts: sorted as usual
        ExactQuantiles short3 = of(7, 1, 4);
        short3.sortAsShortfallOf(g, t);
        assertArrayEquals(StatsTesting.bytes(of(1, 4, 7)::write), StatsTesting.bytes(short3::write));
    }
}
