package dev.chipmc.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.engine.stats.ColumnSummary;
import dev.chipmc.engine.stats.QuantileMode;
import dev.chipmc.model.Profile;
import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Value;
import dev.chipmc.model.eval.BatchEvaluator;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.SampleOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class MonteCarloRunTest {
    private static final CompiledModel MODEL = CompiledModel.compile(ReferenceScenarioFixture.build());

    /** 5 chunks of 1000 and a short one of 500: enough to exercise merging and a partial last chunk. */
    private static RunConfig config(int threads, SamplerKind kind) {
        return new RunConfig(5_500, 42, threads, kind, 1000, Accumulator.DEFAULT_BUDGET_BYTES);
    }

    private static RunResult run(RunConfig c) throws Exception {
        return MonteCarloRun.prepare(MODEL, c).execute(null, MonteCarloRun.ChunkListener.NONE);
    }

    /** The whole merged state as bytes: every moment, stored value, count and sum, bit for bit. */
    private static byte[] state(RunResult r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        r.merged().write(new DataOutputStream(b));
        return b.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void execute_anyThreadCount_bitIdenticalResults(SamplerKind kind) throws Exception {
        RunResult one = run(config(1, kind));
        byte[] reference = state(one);
        for (int threads : new int[] {2, 3, 16}) {
            RunResult r = run(config(threads, kind));
            assertArrayEquals(reference, state(r), "state with " + threads + " threads, sampler " + kind);
            assertEquals(one.summaryRows().toString(), r.summaryRows().toString());
            assertEquals(one.bindingRows(), r.bindingRows());
            assertEquals(one.resourceRows(), r.resourceRows());
            assertEquals(one.sensitivityRows().toString(), r.sensitivityRows().toString());
            assertEquals(one.bottleneckRows().toString(), r.bottleneckRows().toString());
        }
        assertEquals(5_500, one.samples());
        assertEquals(6, one.chunksDone());
    }

    /**
     * The workers evaluate whole batches of samples on vector lanes ({@link BatchEvaluator}) where the JVM
     * has the Vector API (the tests run with it) and the run is long or the JVM warm, the rest of a chunk
     * one by one; with the vector path off
     * every sample goes one by one. The merged state and every table are the same, bit for bit: batches of
     * 8 fill chunks of 1000 exactly, and the last chunk of 500 ends with 4 samples one by one.
     */
    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void execute_vectorLanesOrOneByOne_bitIdenticalResults(SamplerKind kind) throws Exception {
        // Warms the vector code up, so that this short run uses the lanes too (VECTOR_MIN_SAMPLES).
        assertTrue(BatchEvaluator.create(MODEL).isPresent(), "tests run with --add-modules " + BatchEvaluator.MODULE);
        assertTrue(BatchEvaluator.isWarm());
        DigestSink laneRows = new DigestSink();
        RunResult lanes = MonteCarloRun.prepare(MODEL, config(2, kind)).execute(laneRows, MonteCarloRun.ChunkListener.NONE);
        String old = System.getProperty(BatchEvaluator.PROPERTY);
        System.setProperty(BatchEvaluator.PROPERTY, "false");
        RunResult scalar;
        DigestSink scalarRows = new DigestSink();
        try {
            assertTrue(BatchEvaluator.create(MODEL).isEmpty());
            scalar = MonteCarloRun.prepare(MODEL, config(2, kind)).execute(scalarRows, MonteCarloRun.ChunkListener.NONE);
        } finally {
            if (old == null) {
                System.clearProperty(BatchEvaluator.PROPERTY);
            } else {
                System.setProperty(BatchEvaluator.PROPERTY, old);
            }
        }
        assertArrayEquals(state(scalar), state(lanes), "sampler " + kind);
        assertEquals(scalar.summaryRows().toString(), lanes.summaryRows().toString());
        assertEquals(scalar.bindingRows(), lanes.bindingRows());
        assertEquals(scalar.resourceRows(), lanes.resourceRows());
        assertEquals(scalar.sensitivityRows().toString(), lanes.sensitivityRows().toString());
        assertEquals(scalar.bottleneckRows().toString(), lanes.bottleneckRows().toString());
        // what --write-samples would write: every sample's id, inputs and outputs, chunk by chunk
        assertEquals(6, scalarRows.digests.size());
        assertEquals(scalarRows.digests, laneRows.digests);
    }

    /** The run of {@code c} with and without shortfalls ordered from good: the same state and summary. */
    private static RunResult assertShortfallOrderChangesNothing(CompiledModel model, RunConfig c, QuantileMode mode)
            throws Exception {
        MonteCarloRun derived = MonteCarloRun.prepare(model, c, true);
        MonteCarloRun sorted = MonteCarloRun.prepare(model, c, false);
        assertEquals(mode, derived.quantileMode());
        assertEquals(22, derived.shortfallOrderCells(), "11 spans of blackwell-ultra-class and of all");
        assertEquals(0, sorted.shortfallOrderCells());
        RunResult a = derived.execute(null, MonteCarloRun.ChunkListener.NONE);
        RunResult b = sorted.execute(null, MonteCarloRun.ChunkListener.NONE);
        assertArrayEquals(state(b), state(a), mode + ", sampler " + c.sampler());
        assertEquals(b.summaryRows().toString(), a.summaryRows().toString());
        return a;
    }

    /**
     * In sketch mode a chunk's shortfall columns with a constant target are put in order from their good
     * columns' sorts instead of sorted again (the reference scenario's targets are constants); in exact mode
     * the same happens when every column is sorted at the end of the run (prepareQueries). The merged state
     * and the summary are those of sorting every column. Sketch: chunks of 4096 (the sorted copy is used)
     * and a short last chunk of 1000 (it is not: level 0 keeps the block); exact: chunks of 1000.
     */
    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void execute_shortfallOrderedFromGood_bitIdenticalResults(SamplerKind kind) throws Exception {
        assertShortfallOrderChangesNothing(MODEL, new RunConfig(3 * 4096 + 1000, 42, 2, kind, 4096, 0),
                QuantileMode.SKETCH);
        assertShortfallOrderChangesNothing(MODEL, config(2, kind), QuantileMode.EXACT);
    }

    /**
     * A total target that grows at a sampled rate ({@code 4e6 (1 + cowos_l.growth)^t}) varies from sample
     * to sample after the first period, so most cells of {@code all} sort their shortfall as usual while
     * those of the product with a constant target take it from their good column: in both modes the state
     * is the one of sorting every column.
     */
    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void execute_someTargetsSampled_onlyConstantTargetsOrderedFromGood_bitIdenticalResults(QuantileMode mode)
            throws Exception {
        Scenario base = ReferenceScenarioFixture.build();
        Scenario s = new Scenario(base.name(), base.description(), base.periods(), base.inputs(), base.resources(),
                base.products(), base.shares(), base.events(), base.correlations(), base.repairCorrelations(),
                Optional.of(new Profile.Ramp(Value.of(4e6), Value.ref("cowos_l.growth"), Value.of(0))));
        CompiledModel model = CompiledModel.compile(s);
        RunConfig c = new RunConfig(2 * 4096 + 300, 9, 2, SamplerKind.MC, 4096,
                mode == QuantileMode.SKETCH ? 0 : Accumulator.DEFAULT_BUDGET_BYTES);
        RunResult a = assertShortfallOrderChangesNothing(model, c, mode);
        int totalTarget = a.run().layout().column(OutputLayout.Metric.TARGET, OutputLayout.ALL, OutputLayout.ALL);
        assertTrue(a.merged().stats().moments(totalTarget).sd() > 0, "the total target varies");
    }

    private static byte[] bytes(ChunkResult r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        r.write(new DataOutputStream(b));
        return b.toByteArray();
    }

    /**
     * Chunks evaluated apart (as Spark tasks do) and merged in chunk order give the run's state; one
     * {@link MonteCarloRun.ChunkEvaluator} reused for chunks in any order gives each chunk's result bit for
     * bit, in both quantile modes.
     */
    @ParameterizedTest
    @EnumSource(QuantileMode.class)
    void chunkEvaluator_chunksInAnyOrder_sameAsAloneAndMergedAsExecute(QuantileMode mode) throws Exception {
        RunConfig c = new RunConfig(3 * 4096 + 700, 11, 2, SamplerKind.LHS, 4096,
                mode == QuantileMode.SKETCH ? 0 : Accumulator.DEFAULT_BUDGET_BYTES);
        MonteCarloRun run = MonteCarloRun.prepare(MODEL, c);
        assertEquals(mode, run.quantileMode());
        MonteCarloRun.ChunkEvaluator reused = run.chunkEvaluator();
        byte[][] alone = new byte[4][];
        ChunkResult merged = run.emptyResult();
        for (int k = 0; k < 4; k++) {
            ChunkResult r = run.evaluateChunk(k, null);
            alone[k] = bytes(r);
            merged.combine(r);
        }
        for (int k : new int[] {2, 0, 3, 1, 3}) {
            assertArrayEquals(alone[k], bytes(reused.evaluate(k, null)), "chunk " + k);
        }
        RunResult executed = run.execute(null, MonteCarloRun.ChunkListener.NONE);
        assertArrayEquals(state(executed), bytes(merged));
        assertThrows(IllegalArgumentException.class, () -> reused.evaluate(4, null));
    }

    @Test
    void warmLanesFor_aJobOfManySamples_warmsTheLanes() {
        // the tests run with the Vector API module, so a job of VECTOR_MIN_SAMPLES samples warms them
        assertTrue(MonteCarloRun.warmLanesFor(MonteCarloRun.VECTOR_MIN_SAMPLES));
        assertTrue(BatchEvaluator.isWarm());
    }

    /** A sample sink that keeps, per chunk, a digest of every sample's id, inputs and outputs in order. */
    private static final class DigestSink implements SampleSink {
        final java.util.Map<Long, String> digests = new java.util.concurrent.ConcurrentSkipListMap<>();

        @Override
        public Chunk open(long chunkIndex) {
            java.security.MessageDigest md;
            try {
                md = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
            return new Chunk() {
                private void put(double x) {
                    md.update(b.clear().putDouble(x).array());
                }

                @Override
                public void accept(long sampleId, double[] inputs, SampleOutput out) {
                    put(sampleId);
                    for (double[] a : new double[][] {inputs, out.started, out.good, out.shortfall, out.target,
                            out.available, out.used, out.inventory, out.utilisation}) {
                        for (double x : a) {
                            put(x);
                        }
                    }
                    for (int code : out.binding) {
                        put(code);
                    }
                }

                @Override
                public void close() {
                    digests.put(chunkIndex, java.util.HexFormat.of().formatHex(md.digest()));
                }

                @Override
                public void abort() {
                }
            };
        }
    }

    @Test
    void execute_differentSeeds_differentResults() throws Exception {
        RunResult a = run(config(2, SamplerKind.MC));
        RunResult b = run(new RunConfig(5_500, 43, 2, SamplerKind.MC, 1000, Accumulator.DEFAULT_BUDGET_BYTES));
        int total = a.run().layout().column(OutputLayout.Metric.GOOD, OutputLayout.ALL, OutputLayout.ALL);
        assertTrue(a.column(total).mean() != b.column(total).mean());
    }

    @Test
    void execute_listenerStops_atChunkBoundaryAndResumesToSameResult() throws Exception {
        RunConfig c = config(2, SamplerKind.MC);
        MonteCarloRun run = MonteCarloRun.prepare(MODEL, c);
        RunResult partial = run.execute(null, (done, merged) -> done < 3);
        assertTrue(partial.stoppedEarly());
        assertEquals(3, partial.chunksDone());
        assertEquals(3_000, partial.samples());
        // Serialise the state as a checkpoint would, read it back, and finish the run from chunk 3.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        partial.merged().write(new DataOutputStream(b));
        ChunkResult restored = ChunkResult.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        RunResult resumed = run.execute(3, restored, null, MonteCarloRun.ChunkListener.NONE);
        assertFalse(resumed.stoppedEarly());
        assertArrayEquals(state(run(c)), state(resumed));
    }

    @Test
    void execute_summaryRows_consistentWithSampleOutputs() throws Exception {
        // A sink that sums good packages of all products over the horizon, per sample, independently of
        // the layout code: the summary's mean of (all, all) must equal the mean of these sums.
        RunConfig c = config(2, SamplerKind.LHS);
        List<double[]> perChunk = new ArrayList<>();
        for (int i = 0; i < c.chunks(); i++) {
            perChunk.add(new double[2]);
        }
        AtomicLong opened = new AtomicLong();
        SampleSink sink = chunk -> {
            opened.incrementAndGet();
            double[] acc = perChunk.get((int) chunk);
            return new SampleSink.Chunk() {
                @Override
                public void accept(long id, double[] inputs, SampleOutput out) {
                    double s = 0;
                    for (double g : out.good) {
                        s += g;
                    }
                    acc[0] += s;
                    acc[1]++;
                }

                @Override
                public void close() {
                }

                @Override
                public void abort() {
                }
            };
        };
        RunResult r = MonteCarloRun.prepare(MODEL, c).execute(sink, MonteCarloRun.ChunkListener.NONE);
        assertEquals(c.chunks(), opened.get());
        double sum = 0;
        double n = 0;
        for (double[] a : perChunk) {
            sum += a[0];
            n += a[1];
        }
        int col = r.run().layout().column(OutputLayout.Metric.GOOD, OutputLayout.ALL, OutputLayout.ALL);
        ColumnSummary s = r.column(col);
        assertEquals(5_500, n);
        // Same values summed in a different order: equal to within rounding (1e-12 relative).
        assertEquals(sum / n, s.mean(), Math.abs(s.mean()) * 1e-12);
        assertTrue(s.min() <= s.quantiles()[0] && s.quantiles()[8] <= s.max());
        assertEquals(QuantileMode.EXACT, r.quantileMode());
    }

    @Test
    void resourceRows_meansOfEverySamplesFigures() throws Exception {
        // A sink that keeps, per (resource, period), the sums of the figures every sample reports,
        // independently of the worker's own sums: the rows' means must equal them.
        RunConfig c = config(2, SamplerKind.MC);
        int cells = MODEL.resources() * MODEL.periods();
        double[][] perChunk = new double[(int) c.chunks()][4 * cells];
        SampleSink sink = chunk -> new SampleSink.Chunk() {
            @Override
            public void accept(long id, double[] inputs, SampleOutput out) {
                double[] acc = perChunk[(int) chunk];
                for (int j = 0; j < cells; j++) {
                    acc[4 * j] += out.available[j];
                    acc[4 * j + 1] += out.used[j];
                    acc[4 * j + 2] += out.utilisation[j];
                    acc[4 * j + 3] += out.utilisation[j] > 0.99 ? 1 : 0;
                }
            }

            @Override
            public void close() {
            }

            @Override
            public void abort() {
            }
        };
        RunResult r = MonteCarloRun.prepare(MODEL, c).execute(sink, MonteCarloRun.ChunkListener.NONE);
        double[] total = new double[4 * cells];
        for (double[] a : perChunk) {
            for (int i = 0; i < total.length; i++) {
                total[i] += a[i];
            }
        }
        List<RunResult.ResourceRow> rows = r.resourceRows();
        assertEquals(cells, rows.size());
        boolean sawBusy = false;
        for (int j = 0; j < cells; j++) {
            RunResult.ResourceRow row = rows.get(j);
            double[] want = {total[4 * j] / 5_500, total[4 * j + 1] / 5_500, total[4 * j + 2] / 5_500,
                total[4 * j + 3] / 5_500};
            double[] got = {row.meanAvailable(), row.meanUsed(), row.meanUtilisation(), row.pUtilisationAbove99()};
            for (int f = 0; f < 4; f++) {
                // The same values summed in the same order within a chunk, chunks added in order: equal
                // to within rounding (1e-12 relative).
                assertEquals(want[f], got[f], Math.abs(want[f]) * 1e-12, row + " figure " + f);
            }
            sawBusy |= row.pUtilisationAbove99() > 0;
        }
        assertTrue(sawBusy, "some resource is used up in some samples");
    }

    @Test
    void bindingRows_frequenciesOfEachProductPeriodSumToOne() throws Exception {
        RunResult r = run(config(2, SamplerKind.MC));
        java.util.Map<String, Double> sums = new java.util.HashMap<>();
        for (RunResult.BindingRow b : r.bindingRows()) {
            sums.merge(b.product() + "/" + b.period(), b.frequency(), Double::sum);
        }
        assertEquals(MODEL.products() * MODEL.periods(), sums.size());
        sums.forEach((k, v) -> assertEquals(1.0, v, 1e-12, k));
    }

    @Test
    void sketchMode_stateDoesNotGrowWithTheSampleCount() throws Exception {
        // The merged state of a sketch-mode run is what a long run holds in memory (and checkpoints).
        // KLL keeps O(k log(n / k)) items per column: 16 times the samples may add a few compactor
        // levels, not 16 times the memory. Chunks of 500 keep the test fast while merging many chunks.
        long small = state(run(new RunConfig(20_000, 5, 2, SamplerKind.MC, 500, 0))).length;
        long large = state(run(new RunConfig(320_000, 5, 2, SamplerKind.MC, 500, 0))).length;
        assertTrue(large < 1.5 * small, "state grew from " + small + " to " + large + " bytes");
        // And it is small in absolute terms: under 64 KiB per column keeps even thousands of outputs
        // far below a 1 GB heap.
        int columns = MonteCarloRun.prepare(MODEL, config(1, SamplerKind.MC)).layout().columnCount();
        assertTrue(large < columns * 64L * 1024, large + " bytes for " + columns + " columns");
    }

    @Test
    void prepare_tinyBudget_usesSketch() {
        RunConfig c = new RunConfig(5_500, 42, 1, SamplerKind.MC, 1000, 1024);
        assertEquals(QuantileMode.SKETCH, MonteCarloRun.prepare(MODEL, c).quantileMode());
    }
}
