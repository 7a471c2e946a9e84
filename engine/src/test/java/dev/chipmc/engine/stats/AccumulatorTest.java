package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccumulatorTest {
    /** Columns: normal (quantiles), lognormal (quantiles), discrete (quantiles), indicator (moments only). */
    private static final boolean[] LAYOUT = {true, true, true, false};
    private static final int SAMPLES = 200_000;
    private static final int CHUNK = 8_192;

    private static double[][] data() {
        double[][] cols = new double[LAYOUT.length][];
        cols[0] = StatsTesting.Data.NORMAL.sample(SAMPLES, StatsTesting.SEED);
        cols[1] = StatsTesting.Data.LOGNORMAL.sample(SAMPLES, StatsTesting.SEED + 1);
        cols[2] = StatsTesting.Data.DISCRETE.sample(SAMPLES, StatsTesting.SEED + 2);
        cols[3] = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            cols[3][i] = cols[0][i] < 90 ? 1.0 : 0.0;
        }
        return cols;
    }

    private static Accumulator chunk(double[][] cols, QuantileMode mode, int from, int to) {
        Accumulator a = Accumulator.create(LAYOUT.length, LAYOUT, mode);
        for (int i = from; i < to; i++) {
            for (int c = 0; c < cols.length; c++) {
                a.add(c, cols[c][i]);
            }
        }
        return a;
    }

    private static Accumulator run(double[][] cols, QuantileMode mode, int from, int to, Accumulator into) {
        for (int i = from; i < to; i += CHUNK) {
            into.combine(chunk(cols, mode, i, Math.min(to, i + CHUNK)));
        }
        return into;
    }

    private static List<ColumnSummary> summaries(Accumulator a) {
        List<ColumnSummary> s = new ArrayList<>();
        for (int c = 0; c < a.columns(); c++) {
            s.add(a.summary(c));
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void combine_sameChunkingOnThreads_bitIdenticalSummariesAndState(QuantileMode mode)
            throws InterruptedException, ExecutionException {
        double[][] cols = data();
        Accumulator serial = run(cols, mode, 0, SAMPLES, Accumulator.create(LAYOUT.length, LAYOUT, mode));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Accumulator>> parts = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i += CHUNK) {
                int from = i;
                parts.add(pool.submit(() -> chunk(cols, mode, from, Math.min(SAMPLES, from + CHUNK))));
            }
            Accumulator parallel = Accumulator.create(LAYOUT.length, LAYOUT, mode);
            for (Future<Accumulator> f : parts) {
                parallel.combine(f.get());
            }
            assertEquals(summaries(serial), summaries(parallel));
            assertArrayEquals(StatsTesting.bytes(serial::write), StatsTesting.bytes(parallel::write));
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void writeRead_midRun_continuesAsIfNeverStopped(QuantileMode mode) throws IOException {
        double[][] cols = data();
        Accumulator never = run(cols, mode, 0, SAMPLES, Accumulator.create(LAYOUT.length, LAYOUT, mode));

        int stop = 12 * CHUNK;
        Accumulator first = run(cols, mode, 0, stop, Accumulator.create(LAYOUT.length, LAYOUT, mode));
        summaries(first);  // a progress report between checkpoints must not change what is written
        byte[] written = StatsTesting.bytes(first::write);
        Accumulator resumed = Accumulator.read(StatsTesting.input(written));
        assertEquals(mode, resumed.mode());
        assertArrayEquals(written, StatsTesting.bytes(resumed::write));
        run(cols, mode, stop, SAMPLES, resumed);

        assertEquals(summaries(never), summaries(resumed));
        assertArrayEquals(StatsTesting.bytes(never::write), StatsTesting.bytes(resumed::write));
    }

    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void prepareQueries_anyThreadCount_sameAnswersAndStateAsWithout(QuantileMode mode) throws Exception {
        double[][] cols = data();
        Accumulator plain = run(cols, mode, 0, SAMPLES, Accumulator.create(LAYOUT.length, LAYOUT, mode));
        List<ColumnSummary> want = summaries(plain);
        byte[] wantState = StatsTesting.bytes(plain::write);
        for (int threads : new int[] {1, 2, 5}) {
            Accumulator prepared = run(cols, mode, 0, SAMPLES, Accumulator.create(LAYOUT.length, LAYOUT, mode));
            prepared.prepareQueries(threads);
            assertEquals(want, summaries(prepared), "threads " + threads);
            assertArrayEquals(wantState, StatsTesting.bytes(prepared::write), "threads " + threads);
        }
        assertThrows(IllegalArgumentException.class, () -> plain.prepareQueries(0));
    }

    @Test
    void summary_exactMode_matchesNumpyDefinitionAndTwoPassMoments() {
        double[][] cols = data();
        Accumulator a = run(cols, QuantileMode.EXACT, 0, SAMPLES,
                Accumulator.create(LAYOUT.length, LAYOUT, QuantileMode.EXACT));
        for (int c = 0; c < 3; c++) {
            double[] sorted = cols[c].clone();
            Arrays.sort(sorted);
            ColumnSummary s = a.summary(c);
            assertTrue(s.exactQuantiles());
            assertEquals(0.0, s.quantileRankError(), 0.0);
            assertEquals(SAMPLES, s.count());
            assertEquals(sorted[0], s.min(), 0.0);
            assertEquals(sorted[SAMPLES - 1], s.max(), 0.0);
            double[] q = s.quantiles();
            for (int i = 0; i < q.length; i++) {
                assertEquals(Quantiles.linear(sorted, SAMPLES, Probabilities.STANDARD[i]), q[i], 0.0);
            }
            double mean = Arrays.stream(cols[c]).sum() / SAMPLES;
            // Sums of 2e5 values of mean 1 to 100: 1e-12 relative as in MomentsTest.
            assertEquals(mean, s.mean(), Math.abs(mean) * 1e-12);
        }
    }

    @Test
    void summary_sketchMode_statesRankErrorAndStaysWithinIt() {
        double[][] cols = data();
        Accumulator a = run(cols, QuantileMode.SKETCH, 0, SAMPLES,
                Accumulator.create(LAYOUT.length, LAYOUT, QuantileMode.SKETCH));
        double[] sorted = cols[1].clone();
        Arrays.sort(sorted);
        ColumnSummary s = a.summary(1);
        assertFalse(s.exactQuantiles());
        double eps = s.quantileRankError();
        assertTrue(eps > 0 && eps < 11.2 / QuantileSketch.DEFAULT_K, "rank error " + eps);
        // Same tolerance argument as QuantileSketchTest: each check fails with probability
        // <= 0.2 % under the KLL model, observed errors stay below 0.7 eps.
        double[] q = s.quantiles();
        for (int i = 0; i < q.length; i++) {
            double p = Probabilities.STANDARD[i];
            assertTrue((double) StatsTesting.countBelow(sorted, q[i]) / SAMPLES - eps <= p);
            assertTrue(p <= (double) StatsTesting.countAtMost(sorted, q[i]) / SAMPLES + eps);
        }
        double truth = (double) StatsTesting.countBelow(sorted, 1.0) / SAMPLES;
        assertEquals(truth, a.fractionBelow(1, 1.0), eps);
    }

    @Test
    void momentOnlyColumn_hasNaNQuantilesAndNoRankQueries() {
        double[][] cols = data();
        Accumulator a = run(cols, QuantileMode.EXACT, 0, 3 * CHUNK,
                Accumulator.create(LAYOUT.length, LAYOUT, QuantileMode.EXACT));
        ColumnSummary s = a.summary(3);
        assertFalse(a.hasQuantiles(3));
        assertFalse(s.exactQuantiles());
        assertTrue(Double.isNaN(s.quantileRankError()));
        assertEquals(Probabilities.STANDARD.length, s.quantiles().length);
        for (double q : s.quantiles()) {
            assertTrue(Double.isNaN(q));
        }
        // The indicator's mean is P(normal column < 90), which the exact column answers too.
        assertEquals(a.fractionBelow(0, 90.0), s.mean(), 1e-12);
        assertThrows(IllegalStateException.class, () -> a.fractionBelow(3, 0.5));
    }

    @Test
    void fractionBelowAndShortfall_exactMode_handComputed() {
        // One column, values 4, 2, 10, 1, 2 split over two chunks; target 3:
        // P(V < 3) = 3/5; E[max(0, 3 - V)] = (2 + 1 + 1) / 5 = 0.8.
        Accumulator a = Accumulator.create(1, new boolean[] {true}, QuantileMode.EXACT);
        Accumulator b = Accumulator.create(1, new boolean[] {true}, QuantileMode.EXACT);
        a.add(0, 4);
        a.add(0, 2);
        b.add(0, 10);
        b.add(0, 1);
        b.add(0, 2);
        a.combine(b);
        assertEquals(0.6, a.fractionBelow(0, 3), 0.0);
        assertEquals(0.8, a.meanShortfallBelow(0, 3), 0.0);
        // np.quantile([1,2,2,4,10], 0.5) = 2.0
        assertEquals(2.0, a.summary(0).quantiles()[4], 0.0);
        assertEquals(5, b.summary(0).count() + 2);
    }

    @Test
    void chooseMode_atBudgetBoundary_exactThenSketch() {
        // 1000 samples x 4 columns x 8 bytes = 32000 bytes.
        assertEquals(QuantileMode.EXACT, Accumulator.chooseMode(1000, 4, 32_000));
        assertEquals(QuantileMode.SKETCH, Accumulator.chooseMode(1000, 4, 31_999));
        assertEquals(QuantileMode.SKETCH, Accumulator.chooseMode(1001, 4, 32_000));
        // Default budget 256 MiB = 2^28 bytes: 2^28 / (8 x 64) = 524288 samples of 64 columns.
        assertEquals(QuantileMode.EXACT, Accumulator.chooseMode(524_288, 64, Accumulator.DEFAULT_BUDGET_BYTES));
        assertEquals(QuantileMode.SKETCH, Accumulator.chooseMode(524_289, 64, Accumulator.DEFAULT_BUDGET_BYTES));
        assertEquals(QuantileMode.EXACT, Accumulator.chooseMode(1_000_000_000L, 0, 0));
        // Would overflow a long product; must not wrap to EXACT.
        assertEquals(QuantileMode.SKETCH, Accumulator.chooseMode(Long.MAX_VALUE / 2, 1 << 30, Long.MAX_VALUE));
        // One column larger than a Java array, even with an unlimited budget.
        assertEquals(QuantileMode.SKETCH,
                Accumulator.chooseMode((long) ExactQuantiles.MAX_VALUES + 1, 1, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Accumulator.chooseMode(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Accumulator.chooseMode(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Accumulator.chooseMode(1, 1, -1));
    }

    @Test
    void badArguments_throw() {
        assertThrows(IllegalArgumentException.class, () -> Accumulator.create(2, new boolean[] {true}, QuantileMode.EXACT));
        assertThrows(IllegalArgumentException.class, () -> Accumulator.create(-1, new boolean[0], QuantileMode.EXACT));
        assertThrows(NullPointerException.class, () -> Accumulator.create(1, new boolean[1], null));
        Accumulator a = Accumulator.create(2, new boolean[] {true, false}, QuantileMode.EXACT);
        assertThrows(IllegalArgumentException.class, () -> a.add(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> a.combine(a));
        assertThrows(IllegalArgumentException.class,
                () -> a.combine(Accumulator.create(2, new boolean[] {true, false}, QuantileMode.SKETCH)));
        assertThrows(IllegalArgumentException.class,
                () -> a.combine(Accumulator.create(2, new boolean[] {false, true}, QuantileMode.EXACT)));
        assertThrows(IOException.class, () -> Accumulator.read(StatsTesting.input(new byte[] {1, 2, 3, 4, 0, 0, 0, 1})));
    }

    @Test
    void summary_isImmutableValue() {
        Accumulator a = Accumulator.create(1, new boolean[] {true}, QuantileMode.EXACT);
        a.add(0, 1.0);
        ColumnSummary s = a.summary(0);
        s.quantiles()[0] = 42;
        assertEquals(1.0, s.quantiles()[0], 0.0);
        assertEquals(s, a.summary(0));
        a.add(0, 3.0);
        assertNotEquals(s, a.summary(0));
    }

    /** A chunk as the engine builds it: rows into a column-major buffer, then addColumns. */
    private static Accumulator blockChunk(double[][] cols, QuantileMode mode, int from, int to) {
        Accumulator a = Accumulator.create(LAYOUT.length, LAYOUT, mode);
        int stride = to - from + 3;
        double[] block = new double[LAYOUT.length * stride];
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(cols[c], from, block, c * stride, to - from);
        }
        a.addColumns(block, stride, to - from);
        return a;
    }

    private static Accumulator blockRun(double[][] cols, QuantileMode mode, int from, int to, Accumulator into) {
        for (int i = from; i < to; i += CHUNK) {
            into.combine(blockChunk(cols, mode, i, Math.min(to, i + CHUNK)));
        }
        return into;
    }

    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void addColumns_chunksOnThreadsAndResumed_bitIdentical(QuantileMode mode)
            throws InterruptedException, ExecutionException, IOException {
        double[][] cols = data();
        Accumulator serial = blockRun(cols, mode, 0, SAMPLES, Accumulator.create(LAYOUT.length, LAYOUT, mode));
        byte[] expected = StatsTesting.bytes(serial::write);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Accumulator>> parts = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i += CHUNK) {
                int from = i;
                parts.add(pool.submit(() -> blockChunk(cols, mode, from, Math.min(SAMPLES, from + CHUNK))));
            }
            Accumulator parallel = Accumulator.create(LAYOUT.length, LAYOUT, mode);
            for (Future<Accumulator> f : parts) {
                parallel.combine(f.get());
            }
            assertArrayEquals(expected, StatsTesting.bytes(parallel::write));
        } finally {
            pool.shutdown();
        }

        int stop = 12 * CHUNK;
        Accumulator first = blockRun(cols, mode, 0, stop, Accumulator.create(LAYOUT.length, LAYOUT, mode));
        Accumulator resumed = Accumulator.read(StatsTesting.input(StatsTesting.bytes(first::write)));
        blockRun(cols, mode, stop, SAMPLES, resumed);
        assertEquals(summaries(serial), summaries(resumed));
        assertArrayEquals(expected, StatsTesting.bytes(resumed::write));
    }

    @Test
    void addColumns_exactMode_sameQuantilesAsPerValueAndMomentsWithinRoundoff() {
        // Exact quantiles depend on the multiset alone: equal to the last bit. Moments come from
        // two-pass blocks instead of Welford steps: 1e-12 relative as in MomentsTest.
        double[][] cols = data();
        Accumulator perValue = run(cols, QuantileMode.EXACT, 0, SAMPLES,
                Accumulator.create(LAYOUT.length, LAYOUT, QuantileMode.EXACT));
        Accumulator blocks = blockRun(cols, QuantileMode.EXACT, 0, SAMPLES,
                Accumulator.create(LAYOUT.length, LAYOUT, QuantileMode.EXACT));
        for (int c = 0; c < LAYOUT.length; c++) {
            ColumnSummary a = perValue.summary(c);
            ColumnSummary b = blocks.summary(c);
            assertArrayEquals(a.quantiles(), b.quantiles());
            assertEquals(a.count(), b.count());
            assertEquals(a.min(), b.min(), 0.0);
            assertEquals(a.max(), b.max(), 0.0);
            assertEquals(a.mean(), b.mean(), Math.abs(a.mean()) * 1e-12);
            assertEquals(a.sd(), b.sd(), a.sd() * 1e-12);
        }
        assertEquals(perValue.fractionBelow(0, 90.0), blocks.fractionBelow(0, 90.0), 0.0);
        assertEquals(perValue.meanShortfallBelow(1, 1.0), blocks.meanShortfallBelow(1, 1.0), 0.0);
    }

    @Test
    void addColumns_sketchMode_statesRankErrorAndStaysWithinIt() {
        // Tolerance as in summary_sketchMode_statesRankErrorAndStaysWithinIt.
        double[][] cols = data();
        Accumulator a = blockRun(cols, QuantileMode.SKETCH, 0, SAMPLES,
                Accumulator.create(LAYOUT.length, LAYOUT, QuantileMode.SKETCH));
        for (int c = 0; c < 3; c++) {
            double[] sorted = cols[c].clone();
            Arrays.sort(sorted);
            ColumnSummary s = a.summary(c);
            double eps = s.quantileRankError();
            assertTrue(eps > 0 && eps < 11.2 / QuantileSketch.DEFAULT_K, "rank error " + eps);
            double[] q = s.quantiles();
            for (int i = 0; i < q.length; i++) {
                double p = Probabilities.STANDARD[i];
                assertTrue((double) StatsTesting.countBelow(sorted, q[i]) / SAMPLES - eps <= p);
                assertTrue(p <= (double) StatsTesting.countAtMost(sorted, q[i]) / SAMPLES + eps);
            }
            assertEquals(sorted[0], s.min(), 0.0);
            assertEquals(sorted[SAMPLES - 1], s.max(), 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void addBlock_nanOrBadArguments_throwsAndAddsNothing(QuantileMode mode) {
        Accumulator a = Accumulator.create(2, new boolean[] {true, false}, mode);
        a.addBlock(new double[] {1, 2, 3}, 0, 0, 3);
        byte[] before = StatsTesting.bytes(a::write);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.addBlock(new double[] {1, Double.NaN}, 0, 0, 2));
        assertTrue(e.getMessage().contains("column 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.addBlock(new double[] {Double.NaN}, 1, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.addBlock(new double[2], 0, 1, 2));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.addBlock(new double[2], 2, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> a.addColumns(new double[10], 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> a.addColumns(new double[7], 4, 4));
        assertArrayEquals(before, StatsTesting.bytes(a::write));
        a.addColumns(new double[] {4, 5, -1, -1, 0, 1, -1, -1}, 4, 2);
        assertEquals(5, a.summary(0).count());
        // np.quantile([1, 2, 3, 4, 5], 0.5) = 3.0 (the sketch has compacted nothing: exact too)
        assertEquals(3.0, a.summary(0).quantiles()[4], 0.0);
        assertEquals(0.5, a.summary(1).mean(), 0.0);
    }

    /** Column 0 of {@code cols}, blocks of the given sizes one after another, with or without a sorted copy. */
    private static Accumulator blocks(double[] values, QuantileMode mode, boolean withSorted, boolean corruptSorted,
            int... sizes) {
        Accumulator a = Accumulator.create(1, new boolean[] {true}, mode);
        int from = 0;
        for (int n : sizes) {
            if (withSorted) {
                double[] sorted = Arrays.copyOfRange(values, from, from + n);
                Arrays.sort(sorted);
                if (corruptSorted && n >= 40) {
                    // still ascending, no longer the block's values: ten in a row raised to the next one's
                    int at = n / 2 - 10;
                    Arrays.fill(sorted, at, at + 10, sorted[at + 10]);
                }
                a.addBlock(values, 0, from, n, sorted, 0);
            } else {
                a.addBlock(values, 0, from, n);
            }
            from += n;
        }
        return a;
    }

    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void addBlock_withTheValuesSorted_sameStateAsWithout(QuantileMode mode) throws IOException {
        double[] v = StatsTesting.Data.LOGNORMAL.sample(20_000, StatsTesting.SEED + 7);
        // a chunk's first block of 4096 (the sketch skips its sort), one of 3000, blocks below the level-0
        // capacity of 1024, and blocks after the first, where the sorted copy is not used
        int[][] patterns = {{4096}, {3000}, {500}, {4096, 4096, 100}, {500, 4096}, {1024, 1}};
        for (int[] sizes : patterns) {
            assertArrayEquals(StatsTesting.bytes(blocks(v, mode, false, false, sizes)::write),
                    StatsTesting.bytes(blocks(v, mode, true, false, sizes)::write), Arrays.toString(sizes));
        }
    }

    @Test
    void addBlock_sketch_takesTheSortedCopyOnlyWhereItsFirstCompactionWouldSort() throws IOException {
        double[] v = StatsTesting.Data.NORMAL.sample(10_000, StatsTesting.SEED + 8);
        // The copy is trusted, not checked: a wrong one shows where it is used. A first block that fills
        // level 0 is compacted from the copy ...
        assertFalse(Arrays.equals(StatsTesting.bytes(blocks(v, QuantileMode.SKETCH, false, false, 4096)::write),
                StatsTesting.bytes(blocks(v, QuantileMode.SKETCH, true, true, 4096)::write)));
        // ... a block that level 0 keeps as it is, or one added after others, comes from the values.
        assertArrayEquals(StatsTesting.bytes(blocks(v, QuantileMode.SKETCH, false, false, 500)::write),
                StatsTesting.bytes(blocks(v, QuantileMode.SKETCH, true, true, 500)::write));
        assertArrayEquals(StatsTesting.bytes(blocks(v, QuantileMode.SKETCH, false, false, 1, 4096)::write),
                StatsTesting.bytes(blocks(v, QuantileMode.SKETCH, true, true, 1, 4096)::write));
    }
}
