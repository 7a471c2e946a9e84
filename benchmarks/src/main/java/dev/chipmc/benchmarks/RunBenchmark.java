package dev.chipmc.benchmarks;

import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.RunResult;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.eval.CompiledModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code chipmc run} end to end in summary-only mode on the reference scenario: sampling, copula,
 * evaluation, statistics and the ordered merge, for {@value #SAMPLES} samples per invocation. Reported
 * per sample (operations per invocation), so the throughput score is samples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RunBenchmark {
    static final int SAMPLES = 262_144;

    @Param({"1", "2"})
    public int threads;

    @Param({"exact", "sketch"})
    public String quantiles;

    private MonteCarloRun run;

    @Setup
    public void setUp() {
        CompiledModel model = CompiledModel.compile(ScenarioLoader.builtIn());
        long budget = quantiles.equals("exact") ? Long.MAX_VALUE : 0;
        run = MonteCarloRun.prepare(model, new RunConfig(SAMPLES, 1, threads, SamplerKind.MC,
                RunConfig.DEFAULT_CHUNK_SIZE, budget));
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long run() throws Exception {
        RunResult r = run.execute(null, MonteCarloRun.ChunkListener.NONE);
        return r.samples();
    }
}
