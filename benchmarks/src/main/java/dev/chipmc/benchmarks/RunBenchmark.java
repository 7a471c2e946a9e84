package dev.chipmc.benchmarks;

import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.RunResult;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.run.SampleParts;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.eval.BatchEvaluator;
import dev.chipmc.model.eval.CompiledModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code chipmc run} end to end on the reference scenario: sampling, copula, evaluation, statistics,
 * the ordered merge and the computation of the result tables (quantiles and all), for
 * {@value #SAMPLES} samples per invocation. Reported per sample
 * (operations per invocation), so the throughput score is samples per second.
 * {@code summaryOnly} is the default run; {@code writeSamples} adds the per-sample Parquet parts
 * ({@code --write-samples}: 32 sample rows and one input row per sample). {@code evaluator}: {@code lanes}
 * evaluates batches of samples on vector lanes ({@link BatchEvaluator}, warmed up in the setup, as a
 * long run or a warm JVM does), {@code scalar} one sample at a time ({@code -Dchipmc.vector=false}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RunBenchmark {
    static final int SAMPLES = 131_072;

    @Param({"1", "2"})
    public int threads;

    @Param({"exact", "sketch"})
    public String quantiles;

    @Param({"lanes", "scalar"})
    public String evaluator;

    private MonteCarloRun run;
    private CompiledModel model;
    private Path dir;

    @Setup
    public void setUp() {
        model = CompiledModel.compile(ScenarioLoader.builtIn());
        if (evaluator.equals("scalar")) {
            System.setProperty(BatchEvaluator.PROPERTY, "false");
        } else if (BatchEvaluator.create(model).isEmpty()) {
            throw new IllegalStateException("no vector lanes in this JVM (needs --add-modules "
                    + BatchEvaluator.MODULE + ")");
        }
        long budget = quantiles.equals("exact") ? Long.MAX_VALUE / 1024 : 0;
        run = MonteCarloRun.prepare(model, new RunConfig(SAMPLES, 1, threads, SamplerKind.MC,
                RunConfig.DEFAULT_CHUNK_SIZE, budget));
    }

    @Setup(Level.Invocation)
    public void newDirectory() throws IOException {
        dir = Files.createTempDirectory("chipmc-bench-");
    }

    @TearDown(Level.Invocation)
    public void deleteDirectory() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long summaryOnly() throws Exception {
        RunResult r = run.execute(null, MonteCarloRun.ChunkListener.NONE);
        return r.samples() + tables(r);
    }

    /**
     * What a run computes for its tables after the last chunk (quantiles of every column, binding
     * frequencies, resource means, the tornado and the bottlenecks): part of its wall time, so part of
     * the figure. Returns the row count so that nothing is optimised away.
     */
    private static long tables(RunResult r) {
        return r.summaryRows().size() + r.bindingRows().size() + r.resourceRows().size()
                + r.sensitivityRows().size() + r.bottleneckRows().size();
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long writeSamples() throws Exception {
        RunResult r = run.execute(new SampleParts(dir, model, Map.of("chipmc.benchmark", "1")),
                MonteCarloRun.ChunkListener.NONE);
        return r.samples() + tables(r);
    }
}
