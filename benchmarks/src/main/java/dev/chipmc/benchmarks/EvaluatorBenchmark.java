package dev.chipmc.benchmarks;

import dev.chipmc.engine.sampling.GaussianCopula;
import dev.chipmc.engine.sampling.InputSampler;
import dev.chipmc.engine.sampling.PointStream;
import dev.chipmc.engine.sampling.Points;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.BatchEvaluator;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.Evaluator;
import dev.chipmc.model.eval.SampleOutput;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluating the reference model for one sample (MODEL.md sections 3 to 8), on 1024 pre-sampled
 * input points cycled through so the JIT cannot fold them; and, for comparison, mapping one hypercube
 * point to inputs (copula and inverse CDFs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class EvaluatorBenchmark {
    private static final int POINTS = 1024;

    private Evaluator evaluator;
    private SampleOutput out;
    private InputSampler.Worker mapper;
    private double[][] u;
    private double[][] inputs;
    private double[][] events;
    private double[] x;
    private double[] e;
    private int i;
    private BatchEvaluator batch;
    private double[][] laneX;
    private double[][] laneE;
    private SampleOutput[] laneOut;

    @Setup
    public void setUp() {
        Scenario s = ScenarioLoader.builtIn();
        CompiledModel model = CompiledModel.compile(s);
        evaluator = model.newEvaluator();
        out = model.newOutput();
        GaussianCopula copula = GaussianCopula.of(model.inputNames(), s.correlations(), s.repairCorrelations());
        InputSampler sampler = InputSampler.of(model.inputDistributions(), copula, model.eventUniformCount());
        mapper = sampler.newWorker();
        PointStream points = Points.forChunk(SamplerKind.MC, sampler.dimensions(), 1, 0, POINTS);
        u = new double[POINTS][sampler.dimensions()];
        inputs = new double[POINTS][model.inputCount()];
        events = new double[POINTS][model.eventUniformCount()];
        for (int k = 0; k < POINTS; k++) {
            points.next(u[k]);
            mapper.map(u[k], inputs[k], events[k]);
        }
        x = new double[model.inputCount()];
        e = new double[model.eventUniformCount()];
        batch = BatchEvaluator.create(model).orElseThrow(
                () -> new IllegalStateException("needs --add-modules " + BatchEvaluator.MODULE));
        laneX = new double[batch.lanes()][];
        laneE = new double[batch.lanes()][];
        laneOut = new SampleOutput[batch.lanes()];
        for (int l = 0; l < laneOut.length; l++) {
            laneOut[l] = model.newOutput();
        }
    }

    /**
     * The same evaluation, {@value #BATCH_SAMPLES} samples per invocation in batches on vector lanes
     * ({@link BatchEvaluator}, bit for bit the scalar figures); scored per sample.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH_SAMPLES)
    public double evaluateLanes() {
        double sum = 0;
        int n = batch.lanes();
        for (int b = 0; b < BATCH_SAMPLES; b += n) {
            for (int l = 0; l < n; l++) {
                int k = i++ & (POINTS - 1);
                laneX[l] = inputs[k];
                laneE[l] = events[k];
            }
            batch.evaluate(laneX, laneE, laneOut);
            sum += laneOut[0].good[0];
        }
        return sum;
    }

    private static final int BATCH_SAMPLES = 64;

    @Benchmark
    public double evaluate() {
        int k = i++ & (POINTS - 1);
        evaluator.evaluate(inputs[k], events[k], out);
        return out.good[0];
    }

    @Benchmark
    public double mapPoint() {
        int k = i++ & (POINTS - 1);
        mapper.map(u[k], x, e);
        return x[0];
    }
}
