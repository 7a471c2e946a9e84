package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantileSketchTest {
    private static final int K = QuantileSketch.DEFAULT_K;

    private static QuantileSketch build(double[] x, int from, int to) {
        QuantileSketch s = QuantileSketch.create(K);
        for (int i = from; i < to; i++) {
            s.add(x[i]);
        }
        return s;
    }

    private static QuantileSketch chunked(double[] x, int chunk) {
        QuantileSketch s = QuantileSketch.create(K);
        for (int i = 0; i < x.length; i += chunk) {
            s.combine(build(x, i, Math.min(x.length, i + chunk)));
        }
        return s;
    }

    /**
     * Every standard quantile's true rank interval, and {@code fractionBelow} at every true
     * standard quantile, is within the sketch's stated {@code rankError()}.
     *
     * <p>Tolerance: under the KLL model each check fails with probability at most
     * {@code 2 DELTA = 0.2 %} (class comment of {@link QuantileSketch}), so the union bound over
     * the 18 checks per case is 3.6 %. Azuma-Hoeffding is loose here: over 300 seeds of
     * 2 x 10^5 uniform, lognormal and 50-level discrete values, whole and in 5000-value chunks,
     * the largest error of these 18 checks was at most 0.67 of {@code rankError()} (median 0.31),
     * so a failure with this fixed seed would mean a real defect rather than bad luck.
     */
    @ParameterizedTest
    @EnumSource(StatsTesting.Data.class)
    void quantileAndFractionBelow_million_withinStatedRankError(StatsTesting.Data data) {
        int n = 1_000_000;
        double[] x = data.sample(n, StatsTesting.SEED);
        for (QuantileSketch s : new QuantileSketch[] {build(x, 0, n), chunked(x, 65_536)}) {
            double eps = s.rankError();
            assertTrue(eps > 0 && eps < 4.0 / K, "rank error " + eps);
            assertFalse(s.exact());
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            assertEquals(sorted[0], s.quantile(0.0), 0.0);
            assertEquals(sorted[n - 1], s.quantile(1.0), 0.0);
            for (double p : Probabilities.STANDARD) {
                double q = s.quantile(p);
                double below = (double) StatsTesting.countBelow(sorted, q) / n;
                double atMost = (double) StatsTesting.countAtMost(sorted, q) / n;
                assertTrue(below - eps <= p && p <= atMost + eps,
                        data + " p=" + p + ": quantile " + q + " has rank [" + below + ", " + atMost
                                + "], stated error " + eps);

                double t = sorted[(int) (p * n)];
                double truth = (double) StatsTesting.countBelow(sorted, t) / n;
                assertEquals(truth, s.fractionBelow(t), eps, data + " fractionBelow(" + t + ")");
            }
        }
    }

    @Test
    void rankError_neverAboveWorstCaseBound() {
        // Class comment: eps <= 11.2 / k for any input and merge pattern.
        double[] x = StatsTesting.Data.UNIFORM.sample(2_000_000, StatsTesting.SEED);
        for (QuantileSketch s : new QuantileSketch[] {build(x, 0, x.length), chunked(x, 1000), chunked(x, 50_000)}) {
            assertTrue(s.rankError() <= 11.2 / K, "rank error " + s.rankError());
        }
    }

    @Test
    void retainedItems_growsAtMostLogarithmically() {
        // Class comment: H <= log2(n / k) + 2 levels and fewer than 3k + 35 H retained items.
        // Measured with k = 1024: 2856 items (7 levels) at 10^5, 3144 (14 levels) at 10^7.
        long[] sizes = {100_000, 10_000_000};
        int[] levels = new int[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            QuantileSketch s = QuantileSketch.create(K);
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(StatsTesting.SEED);
            for (long i = 0; i < sizes[c]; i++) {
                s.add(rng.nextDouble());
            }
            double maxLevels = Math.log((double) sizes[c] / K) / Math.log(2) + 2;
            levels[c] = s.levels();
            assertTrue(levels[c] <= maxLevels, "levels " + levels[c] + " for n = " + sizes[c]);
            assertTrue(s.retainedItems() < 3 * K + 35 * maxLevels, "retained " + s.retainedItems());
        }
        // 100 times the items: at most log2(100) < 7 more levels.
        assertTrue(levels[1] - levels[0] <= 7, levels[0] + " -> " + levels[1] + " levels");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void combine_chunksBuiltOnThreads_bitIdenticalToSingleThread(int threads)
            throws InterruptedException, ExecutionException {
        double[] x = StatsTesting.Data.LOGNORMAL.sample(300_000, StatsTesting.SEED);
        int chunk = 7_000;
        byte[] expected = StatsTesting.bytes(chunked(x, chunk)::write);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<QuantileSketch>> parts = new ArrayList<>();
            for (int i = 0; i < x.length; i += chunk) {
                int from = i;
                parts.add(pool.submit(() -> build(x, from, Math.min(x.length, from + chunk))));
            }
            QuantileSketch merged = QuantileSketch.create(K);
            for (Future<QuantileSketch> f : parts) {
                merged.combine(f.get());
            }
            assertArrayEquals(expected, StatsTesting.bytes(merged::write));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void writeRead_midStream_continuesAsIfNeverStopped() throws IOException {
        double[] x = StatsTesting.Data.NORMAL.sample(500_000, StatsTesting.SEED);
        QuantileSketch first = QuantileSketch.create(K);
        for (int i = 0; i < 250_000; i += 10_000) {
            first.combine(build(x, i, i + 10_000));
        }
        first.add(x[0]);
        first.quantile(0.5);  // a query between checkpoints must not change what is written
        byte[] written = StatsTesting.bytes(first::write);
        QuantileSketch resumed = QuantileSketch.read(StatsTesting.input(written));
        assertArrayEquals(written, StatsTesting.bytes(resumed::write));

        QuantileSketch control = QuantileSketch.create(K);
        for (int i = 0; i < 250_000; i += 10_000) {
            control.combine(build(x, i, i + 10_000));
        }
        control.add(x[0]);
        for (int i = 250_000; i < x.length; i += 10_000) {
            resumed.combine(build(x, i, i + 10_000));
            control.combine(build(x, i, i + 10_000));
        }
        assertArrayEquals(StatsTesting.bytes(control::write), StatsTesting.bytes(resumed::write));
        assertEquals(x.length + 1, resumed.count());
        assertEquals(control.rankError(), resumed.rankError(), 0.0);
    }

    @Test
    void fewerItemsThanK_exactOrderStatistics() {
        // 10 values 1..10, nothing compacted: quantile(p) = x[ceil(10 p) - 1], rank error 0.
        QuantileSketch s = QuantileSketch.create(K);
        for (int v = 10; v >= 1; v--) {
            s.add(v);
        }
        assertEquals(0.0, s.rankError(), 0.0);
        assertEquals(1.0, s.quantile(0.01), 0.0);  // ceil(0.1) = 1 -> x[0]
        assertEquals(3.0, s.quantile(0.25), 0.0);  // ceil(2.5) = 3 -> x[2]
        assertEquals(5.0, s.quantile(0.50), 0.0);  // ceil(5) = 5 -> x[4]
        assertEquals(10.0, s.quantile(0.99), 0.0); // ceil(9.9) = 10 -> x[9]
        assertEquals(0.4, s.fractionBelow(5), 0.0);
        // shortfall below 3.5: (3.5-1) + (3.5-2) + (3.5-3) = 4.5, over 10 -> 0.45
        assertEquals(0.45, s.meanShortfallBelow(3.5), 1e-15);
        assertEquals(10, s.retainedItems());
    }

    @Test
    void meanShortfallBelow_million_closeToExact() {
        // The shortfall integrates fractionBelow over thresholds below t:
        // E[max(0, t - V)] = integral_{-inf}^{t} F(v) dv, so its error is at most eps (t - min).
        double[] x = StatsTesting.Data.NORMAL.sample(1_000_000, StatsTesting.SEED);
        QuantileSketch s = chunked(x, 65_536);
        ExactQuantiles e = ExactQuantiles.create();
        for (double v : x) {
            e.add(v);
        }
        double t = 90.0;
        double min = e.quantile(0.0);
        assertEquals(e.meanShortfallBelow(t), s.meanShortfallBelow(t), s.rankError() * (t - min));
    }

    @Test
    void empty_answersNaNAndZeroError() {
        QuantileSketch s = QuantileSketch.create(K);
        assertTrue(Double.isNaN(s.quantile(0.5)));
        assertTrue(Double.isNaN(s.fractionBelow(0)));
        assertEquals(0.0, s.rankError(), 0.0);
        s.combine(QuantileSketch.create(K));
        assertEquals(0, s.count());
    }

    @Test
    void badArguments_throw() {
        assertThrows(IllegalArgumentException.class, () -> QuantileSketch.create(QuantileSketch.MIN_K - 1));
        assertThrows(IllegalArgumentException.class, () -> QuantileSketch.create(QuantileSketch.MAX_K + 1));
        QuantileSketch s = QuantileSketch.create(K);
        assertThrows(IllegalArgumentException.class, () -> s.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.quantile(-0.5));
        assertThrows(IllegalArgumentException.class, () -> s.combine(s));
        assertThrows(IllegalArgumentException.class, () -> s.combine(QuantileSketch.create(K / 2)));
        assertThrows(IllegalArgumentException.class, () -> s.combine(ExactQuantiles.create()));
        byte[] truncated = Arrays.copyOf(StatsTesting.bytes(build(new double[] {1, 2, 3}, 0, 3)::write), 30);
        assertThrows(IOException.class, () -> QuantileSketch.read(StatsTesting.input(truncated)));
    }

    /** The engine's way: one sketch per chunk from one block, combined in chunk order. */
    private static QuantileSketch chunkedBlocks(double[] x, int chunk) {
        QuantileSketch s = QuantileSketch.create(K);
        for (int i = 0; i < x.length; i += chunk) {
            QuantileSketch c = QuantileSketch.create(K);
            c.addBlock(x, i, Math.min(chunk, x.length - i));
            s.combine(c);
        }
        return s;
    }

    /** Blocks of {@code block} values added to one sketch. */
    private static QuantileSketch blocks(double[] x, int block) {
        QuantileSketch s = QuantileSketch.create(K);
        for (int i = 0; i < x.length; i += block) {
            s.addBlock(x, i, Math.min(block, x.length - i));
        }
        return s;
    }

    /**
     * Block adds keep the stated rank error. Tolerance as in
     * {@link #quantileAndFractionBelow_million_withinStatedRankError}: at most 2 DELTA per check
     * under the KLL model (class comment, "Blocks": the same argument holds), 18 checks per case.
     */
    @ParameterizedTest
    @EnumSource(StatsTesting.Data.class)
    void addBlock_million_withinStatedRankError(StatsTesting.Data data) {
        int n = 1_000_000;
        double[] x = data.sample(n, StatsTesting.SEED);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        for (QuantileSketch s : new QuantileSketch[] {chunkedBlocks(x, 4096), blocks(x, 4096), blocks(x, 300)}) {
            double eps = s.rankError();
            assertTrue(eps > 0 && eps < 4.0 / K, "rank error " + eps);
            assertTrue(eps <= 11.2 / K);
            assertEquals(n, s.count());
            assertEquals(sorted[0], s.quantile(0.0), 0.0);
            assertEquals(sorted[n - 1], s.quantile(1.0), 0.0);
            for (double p : Probabilities.STANDARD) {
                double q = s.quantile(p);
                double below = (double) StatsTesting.countBelow(sorted, q) / n;
                double atMost = (double) StatsTesting.countAtMost(sorted, q) / n;
                assertTrue(below - eps <= p && p <= atMost + eps,
                        data + " p=" + p + ": quantile " + q + " has rank [" + below + ", " + atMost
                                + "], stated error " + eps);
                double t = sorted[(int) (p * n)];
                double truth = (double) StatsTesting.countBelow(sorted, t) / n;
                assertEquals(truth, s.fractionBelow(t), eps, data + " fractionBelow(" + t + ")");
            }
            // memory: below the total capacity afterwards, so within 3k + 35 H items
            assertTrue(s.retainedItems() < 3 * K + 35 * s.levels(), "retained " + s.retainedItems());
        }
    }

    @Test
    void addBlock_4096IntoEmpty_sortedOnceAndCompactedTwice() {
        // k = 1024: the block fills level 0 past the one-level capacity 1024; compacting it adds
        // level 1 and moves 2048 items up; then 2048 >= total capacity 1024 + 683 = 1707, and level
        // 1 (the top, at or over 1024) is compacted, adding level 2 with 1024 items of weight 4.
        // Total capacity is then 1024 + 683 + 456 = 2163 > 1024: done. m_0 = m_1 = 1, so
        // eps = sqrt(2 ln(2 / DELTA) (1 * 4^0 + 1 * 4^1)) / 4096 = sqrt(10 ln 2000) / 4096.
        double[] x = StatsTesting.Data.UNIFORM.sample(4096, StatsTesting.SEED);
        QuantileSketch s = QuantileSketch.create(K);
        s.addBlock(x, 0, x.length);
        assertEquals(3, s.levels());
        assertEquals(1024, s.retainedItems());
        assertEquals(4096, s.count());
        assertEquals(Math.sqrt(10 * Math.log(2000)) / 4096, s.rankError(), 1e-15);
        // the 1024 kept items are every 4th order statistic: any value's rank is off by < 4
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        for (double p : Probabilities.STANDARD) {
            double q = s.quantile(p);
            assertTrue(Math.abs(StatsTesting.countBelow(sorted, q) - p * 4096) <= 4, "p=" + p);
        }
    }

    @Test
    void addBlock_fewerThanCapacity_exactLikeAdd() {
        // Nothing is compacted: the same answers as fewerItemsThanK_exactOrderStatistics.
        QuantileSketch s = QuantileSketch.create(K);
        s.addBlock(new double[] {0, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 1, 10);
        assertEquals(0.0, s.rankError(), 0.0);
        assertEquals(3.0, s.quantile(0.25), 0.0);
        assertEquals(5.0, s.quantile(0.50), 0.0);
        assertEquals(0.4, s.fractionBelow(5), 0.0);
        assertEquals(1.0, s.quantile(0.0), 0.0);
        assertEquals(10.0, s.quantile(1.0), 0.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void addBlock_chunksOnThreads_bitIdenticalAndWorkBufferChangesNothing(int threads)
            throws InterruptedException, ExecutionException {
        double[] x = StatsTesting.Data.LOGNORMAL.sample(300_000, StatsTesting.SEED);
        int chunk = 4096;
        byte[] expected = StatsTesting.bytes(chunkedBlocks(x, chunk)::write);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<QuantileSketch>> parts = new ArrayList<>();
            for (int i = 0; i < x.length; i += chunk) {
                int from = i;
                parts.add(pool.submit(() -> {
                    // the Accumulator's path: level 0 borrowed from a work array while adding
                    QuantileSketch c = QuantileSketch.create(K);
                    int count = Math.min(chunk, x.length - from);
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (int j = from; j < from + count; j++) {
                        lo = Math.min(lo, x[j]);
                        hi = Math.max(hi, x[j]);
                    }
                    c.append(x, from, count, lo, hi, new double[c.blockWorkLength(count) + 5]);
                    return c;
                }));
            }
            QuantileSketch merged = QuantileSketch.create(K);
            for (Future<QuantileSketch> f : parts) {
                merged.combine(f.get());
            }
            assertArrayEquals(expected, StatsTesting.bytes(merged::write));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void writeRead_afterBlocksAndAtFullCapacity_continuesAsIfNeverStopped() throws IOException {
        double[] x = StatsTesting.Data.NORMAL.sample(200_000, StatsTesting.SEED);
        QuantileSketch first = QuantileSketch.create(K);
        for (int i = 0; i < 100_000; i += 4096) {
            first.addBlock(x, i, Math.min(4096, 100_000 - i));
        }
        QuantileSketch resumed = QuantileSketch.read(StatsTesting.input(StatsTesting.bytes(first::write)));
        for (int i = 100_000; i < x.length; i += 4096) {
            resumed.addBlock(x, i, Math.min(4096, x.length - i));
        }
        // the same blocks with no checkpoint in between
        QuantileSketch again = QuantileSketch.create(K);
        for (int i = 0; i < 100_000; i += 4096) {
            again.addBlock(x, i, Math.min(4096, 100_000 - i));
        }
        for (int i = 100_000; i < x.length; i += 4096) {
            again.addBlock(x, i, Math.min(4096, x.length - i));
        }
        assertArrayEquals(StatsTesting.bytes(again::write), StatsTesting.bytes(resumed::write));
        assertEquals(x.length, resumed.count());

        // add compacts before appending, so 32 adds into a k = 32 sketch leave it exactly full:
        // that state must read back too, and go on as the original.
        QuantileSketch full = QuantileSketch.create(QuantileSketch.MIN_K);
        for (int i = 0; i < 32; i++) {
            full.add(x[i]);
        }
        QuantileSketch read = QuantileSketch.read(StatsTesting.input(StatsTesting.bytes(full::write)));
        full.add(x[32]);
        read.add(x[32]);
        assertArrayEquals(StatsTesting.bytes(full::write), StatsTesting.bytes(read::write));
    }

    @Test
    void addBlock_nanOrBadRange_throwsAndAddsNothing() {
        QuantileSketch s = QuantileSketch.create(K);
        s.addBlock(new double[] {1, 2}, 0, 2);
        byte[] before = StatsTesting.bytes(s::write);
        assertThrows(IllegalArgumentException.class, () -> s.addBlock(new double[] {3, Double.NaN}, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> s.addBlock(new double[] {3}, 0, 2));
        assertArrayEquals(before, StatsTesting.bytes(s::write));
    }
}
