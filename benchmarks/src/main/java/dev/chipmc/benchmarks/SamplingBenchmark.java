package dev.chipmc.benchmarks;

import dev.chipmc.engine.sampling.GaussianCopula;
import dev.chipmc.engine.sampling.InputSampler;
import dev.chipmc.engine.sampling.Marginal;
import dev.chipmc.engine.sampling.PointStream;
import dev.chipmc.engine.sampling.Points;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.sampling.Streams;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.CompiledModel;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sample's hypercube point and its mapping to inputs on the reference scenario (57 dimensions:
 * 50 inputs, 7 of them correlated, and 8 event uniforms), the engine's way against the code it
 * replaced, in the same run. {@code pointAndMap} is what a run does per sample: an MC point from
 * the chunk's stream (a new stream every {@value #CHUNK} samples, as a run's chunks) and
 * {@code InputSampler.Worker.map}. The {@code legacy*} benchmarks are the previous code: points
 * through the generator object ({@code Streams.openUniform} per coordinate), the copula with
 * commons-statistics' {@code Phi}, and one {@code Marginal.inverse} call per input. {@code point}
 * and {@code map} (on 1024 pre-drawn points, cycled) split the two parts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SamplingBenchmark {
    private static final int CHUNK = 4096;
    private static final int POINTS = 1024;
    private static final long SEED = 1;

    private InputSampler.Worker mapper;
    private GaussianCopula copula;
    private Marginal[] marginals;
    private int dimensions;
    private int inputs;
    private int events;
    private double[][] pre;
    private double[] u;
    private double[] x;
    private double[] e;
    private double[] scratch;
    private PointStream stream;
    private UniformRandomProvider legacyRng;
    private long chunk;
    private int inChunk;
    private long legacyChunk;
    private int legacyInChunk;
    private int i;

    @Setup
    public void setUp() {
        Scenario s = ScenarioLoader.builtIn();
        CompiledModel model = CompiledModel.compile(s);
        copula = GaussianCopula.of(model.inputNames(), s.correlations(), s.repairCorrelations());
        InputSampler sampler = InputSampler.of(model.inputDistributions(), copula, model.eventUniformCount());
        mapper = sampler.newWorker();
        marginals = model.inputDistributions().stream().map(Marginal::of).toArray(Marginal[]::new);
        dimensions = sampler.dimensions();
        inputs = model.inputCount();
        events = model.eventUniformCount();
        PointStream points = Points.forChunk(SamplerKind.MC, dimensions, SEED, 0, POINTS);
        pre = new double[POINTS][dimensions];
        for (double[] p : pre) {
            points.next(p);
        }
        u = new double[dimensions];
        x = new double[inputs];
        e = new double[events];
        scratch = new double[2 * inputs];
        stream = Points.forChunk(SamplerKind.MC, dimensions, SEED, 0, CHUNK);
        legacyRng = Streams.forChunk(SEED, 0);
    }

    private void nextPoint() {
        if (inChunk == CHUNK) {
            stream = Points.forChunk(SamplerKind.MC, dimensions, SEED, ++chunk, CHUNK);
            inChunk = 0;
        }
        inChunk++;
        stream.next(u);
    }

    private void legacyNextPoint() {
        if (legacyInChunk == CHUNK) {
            legacyRng = Streams.forChunk(SEED, ++legacyChunk);
            legacyInChunk = 0;
        }
        legacyInChunk++;
        for (int j = 0; j < dimensions; j++) {
            u[j] = Streams.openUniform(legacyRng);
        }
    }

    private void legacyMap(double[] p) {
        System.arraycopy(p, 0, x, 0, inputs);
        copula.applyReference(x, scratch);
        for (int j = 0; j < inputs; j++) {
            x[j] = marginals[j].inverse(x[j]);
        }
        System.arraycopy(p, inputs, e, 0, events);
    }

    @Benchmark
    public double pointAndMap() {
        nextPoint();
        mapper.map(u, x, e);
        return x[0] + e[0];
    }

    @Benchmark
    public double legacyPointAndMap() {
        legacyNextPoint();
        legacyMap(u);
        return x[0] + e[0];
    }

    @Benchmark
    public double point() {
        nextPoint();
        return u[0] + u[dimensions - 1];
    }

    @Benchmark
    public double legacyPoint() {
        legacyNextPoint();
        return u[0] + u[dimensions - 1];
    }

    @Benchmark
    public double map() {
        mapper.map(pre[i++ & (POINTS - 1)], x, e);
        return x[0] + e[0];
    }

    @Benchmark
    public double legacyMap() {
        legacyMap(pre[i++ & (POINTS - 1)]);
        return x[0] + e[0];
    }

    @Benchmark
    public double copula() {
        double[] p = pre[i++ & (POINTS - 1)];
        System.arraycopy(p, 0, x, 0, inputs);
        copula.apply(x, scratch);
        return x[0];
    }

    @Benchmark
    public double legacyCopula() {
        double[] p = pre[i++ & (POINTS - 1)];
        System.arraycopy(p, 0, x, 0, inputs);
        copula.applyReference(x, scratch);
        return x[0];
    }
}
