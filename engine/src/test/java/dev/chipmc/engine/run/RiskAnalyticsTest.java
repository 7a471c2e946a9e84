package dev.chipmc.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.model.BomLine;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Periods;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.SampleOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rank correlations and bottleneck attribution of a run ({@link RankCorrelation}, {@code Evaluator.relaxedGood}). */
class RiskAnalyticsTest {

    /**
     * x = 1, 2, 2, 3 and y = 1, 3, 2, 4: average ranks 1, 2.5, 2.5, 4 and 1, 3, 2, 4; centred
     * (-1.5, 0, 0, 1.5) and (-1.5, 0.5, -0.5, 1.5): sxy = 4.5, sxx = 4.5, syy = 5,
     * r = 4.5 / sqrt(22.5) = 0.948683...
     */
    @Test
    void addChunk_ties_averageRanks() {
        RankCorrelation.Work w = new RankCorrelation.Work(1, 1, 4);
        System.arraycopy(new double[] {1, 2, 2, 3}, 0, w.x, 0, 4);
        System.arraycopy(new double[] {1, 3, 2, 4}, 0, w.y, 0, 4);
        double[] sums = new double[RankCorrelation.FIGURES];
        w.addChunk(4, sums);
        assertEquals(4.5 / Math.sqrt(22.5), RankCorrelation.estimate(sums, 0), 1e-15);
        assertEquals(1, sums[3]);
    }

    @Test
    void addChunk_constantColumn_contributesNothing() {
        RankCorrelation.Work w = new RankCorrelation.Work(1, 1, 4);
        System.arraycopy(new double[] {5, 5, 5, 5}, 0, w.x, 0, 4);
        System.arraycopy(new double[] {1, 3, 2, 4}, 0, w.y, 0, 4);
        double[] sums = new double[RankCorrelation.FIGURES];
        w.addChunk(4, sums);
        assertTrue(Double.isNaN(RankCorrelation.estimate(sums, 0)));
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[idx[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }

    /** Spearman's rho of all samples at once: Pearson's correlation of the average ranks. */
    static double exactSpearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double m = (x.length + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - m) * (ry[i] - m);
            sxx += (rx[i] - m) * (rx[i] - m);
            syy += (ry[i] - m) * (ry[i] - m);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /**
     * The chunk-averaged estimate against the exact global Spearman of the same 16384 samples of the
     * reference scenario (4 chunks of 4096), for every input and the horizon's total good packages.
     * Both estimate the same rho_s from the same samples; the chunked one has a bias of at most
     * 3 |tau - rho_s| / 4097 < 4e-4 and averages four estimates each of sd about
     * (1 - rho^2) / sqrt(4096) <= 0.016, so it differs from the global one by far less than its own
     * standard error. Tolerance: 3 standard errors of the chunked estimate plus 0.002 (the seed is
     * fixed, so the test is deterministic; the bound holds with room on it).
     */
    @Test
    void sensitivityRows_longRun_averageTheFirstEightChunksAndEveryFourthAfter() throws Exception {
        // 14 chunks of 512: chunks 0-7, then 8 and 12 (c % 4 == 0) count: 10 chunks, 5120 samples.
        CompiledModel model = CompiledModel.compile(ReferenceScenarioFixture.build());
        RunConfig config = new RunConfig(14 * 512, 3, 2, SamplerKind.MC, 512, Accumulator.DEFAULT_BUDGET_BYTES);
        RunResult r = MonteCarloRun.prepare(model, config).execute(null, MonteCarloRun.ChunkListener.NONE);
        assertEquals(14, config.chunks());
        long counted = 0;
        for (long c = 0; c < config.chunks(); c++) {
            counted += MonteCarloRun.tornadoChunk(c) ? 1 : 0;
        }
        assertEquals(10, counted);
        for (RunResult.SensitivityRow row : r.sensitivityRows()) {
            if (!Double.isNaN(row.spearman())) {
                assertEquals(10, row.chunks(), row.input() + " -> " + row.output());
            }
        }
    }

    /**
     * Beyond the first 1024 chunks (4,194,304 samples at the default chunk size) only every 64th chunk
     * is ranked: chunks 0-7, the 254 multiples of 4 in 8..1023 and the 16 multiples of 64 in
     * 1024..2047 make 278 of 2048.
     */
    @Test
    void tornadoChunk_everyFourthChunkThenEverySixtyFourthAfterChunk1024() {
        long counted = 0;
        for (long c = 0; c < 2048; c++) {
            counted += MonteCarloRun.tornadoChunk(c) ? 1 : 0;
        }
        assertEquals(278, counted);
        assertTrue(MonteCarloRun.tornadoChunk(1020));
        assertFalse(MonteCarloRun.tornadoChunk(1028));
        assertTrue(MonteCarloRun.tornadoChunk(1088));
        assertTrue(MonteCarloRun.tornadoChunk(64L * 1_000_000));
        assertFalse(MonteCarloRun.tornadoChunk(64L * 1_000_000 + 4));
    }

    @Test
    void sensitivityRows_matchExactSpearmanOfSameSamples() throws Exception {
        CompiledModel model = CompiledModel.compile(ReferenceScenarioFixture.build());
        int n = 16384;
        RunConfig config = new RunConfig(n, 11, 2, SamplerKind.MC, 4096, Accumulator.DEFAULT_BUDGET_BYTES);
        MonteCarloRun run = MonteCarloRun.prepare(model, config);
        double[][] x = new double[model.inputCount()][n];
        double[] total = new double[n];
        SampleSink sink = chunk -> new SampleSink.Chunk() {
            @Override
            public void accept(long id, double[] inputs, SampleOutput out) {
                for (int i = 0; i < inputs.length; i++) {
                    x[i][(int) id] = inputs[i];
                }
                double s = 0;
                for (int t = 0; t < model.periods(); t++) {
                    for (int p = 0; p < model.products(); p++) {
                        s += out.good[p * model.periods() + t];
                    }
                }
                total[(int) id] = s;
            }

            @Override
            public void close() {
            }

            @Override
            public void abort() {
            }
        };
        RunResult r = run.execute(sink, MonteCarloRun.ChunkListener.NONE);
        int compared = 0;
        double largest = 0;
        for (RunResult.SensitivityRow row : r.sensitivityRows()) {
            if (!row.output().equals("good all all") || Double.isNaN(row.spearman())) {
                continue;
            }
            double exact = exactSpearman(x[model.inputIndex(row.input())], total);
            assertEquals(exact, row.spearman(), 3 * row.standardError() + 0.002, row.input());
            assertEquals(4, row.chunks());
            largest = Math.max(largest, Math.abs(exact));
            compared++;
        }
        assertEquals(model.inputCount(), compared, "every input varies");
        assertTrue(largest > 0.3, "some input matters: " + largest);
        assertEquals(r.sensitivityRows().get(0).input(), model.inputNames().get(0));
        assertTrue(Math.abs(r.topSensitivities(10).get(0).spearman()) >= Math.abs(r.topSensitivities(10).get(9).spearman()));
    }

    /**
     * One product, demand d ~ U(90, 100) a quarter, 1 X (40 a quarter) and 2 Y (160 a quarter) a
     * package, 2 quarters. Every sample: V = min(d, 40, 80) = 40, X binds (frequency 1); X unlimited:
     * min(d, 80) = 80, so 40 lost to X; Y unlimited: min(d, 40) = 40, nothing lost.
     * 10000 samples in chunks of 1000: relaxed samples are ids 0, 64, ..: ceil(10000 / 64) = 157.
     */
    @Test
    void bottleneckRows_handScenario_volumeLostToBindingResource() throws Exception {
        Scenario s = new Scenario("bottleneck", "", Periods.quarters(2026, 1, 2),
                List.of(new Input("d", new Distribution.Uniform(90, 100))),
                List.of(plain("x", 40), plain("y", 160)),
                List.of(new Product("p", List.of(line("x", 1), line("y", 2)), Profile.constant(1), Profile.constant(1),
                        Optional.of(Profile.constant(Value.ref("d"))), Optional.empty())),
                List.of(), List.of(), List.of(), false, Optional.empty());
        CompiledModel model = CompiledModel.compile(s);
        RunResult one = MonteCarloRun.prepare(model, new RunConfig(10_000, 3, 1, SamplerKind.MC, 1000,
                Accumulator.DEFAULT_BUDGET_BYTES)).execute(null, MonteCarloRun.ChunkListener.NONE);
        List<RunResult.BottleneckRow> rows = one.bottleneckRows();
        assertEquals(4, rows.size());
        List<String> seen = new ArrayList<>();
        for (RunResult.BottleneckRow row : rows) {
            seen.add(row.period() + " " + row.resource());
            assertEquals(157, row.relaxedSamples());
            if (row.resource().equals("x")) {
                assertEquals(1.0, row.frequencyBinding());
                assertEquals(40.0, row.meanVolumeLost(), 1e-9);
                assertEquals(0.0, row.volumeLostSe(), 1e-9);
            } else {
                assertEquals(0.0, row.frequencyBinding());
                assertEquals(0.0, row.meanVolumeLost());
            }
        }
        assertEquals(List.of("2026Q1 x", "2026Q1 y", "2026Q2 x", "2026Q2 y"), seen);
        RunResult four = MonteCarloRun.prepare(model, new RunConfig(10_000, 3, 4, SamplerKind.MC, 1000,
                Accumulator.DEFAULT_BUDGET_BYTES)).execute(null, MonteCarloRun.ChunkListener.NONE);
        assertEquals(rows, four.bottleneckRows());
        assertArrayEquals(one.merged().lostSums, four.merged().lostSums, 0);
    }

    private static Resource plain(String name, double perQuarter) {
        return new Resource(name, "units", new Supply.Plain(Profile.constant(perQuarter), Profile.constant(1)), false,
                Value.of(0), 0, Value.of(0));
    }

    private static BomLine line(String resource, double quantity) {
        return BomLine.count(BomLine.Kind.OTHER, resource, Value.of(quantity));
    }
}
