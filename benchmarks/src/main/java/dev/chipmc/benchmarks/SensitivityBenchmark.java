package dev.chipmc.benchmarks;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.sensitivity.Factor;
import dev.chipmc.engine.sensitivity.ScenarioSobolModel;
import dev.chipmc.engine.sensitivity.SobolAnalysis;
import dev.chipmc.engine.sensitivity.SobolConfig;
import dev.chipmc.engine.sensitivity.SobolIndices;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.eval.CompiledModel;
import java.util.List;
import java.util.Map;
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
 * {@code chipmc sensitivity}'s analysis on the reference scenario, as the command runs it (its 51
 * factors, 200 bootstrap replicates): 2,048 design rows, that is 2,048 x 53 model evaluations, per
 * invocation; the score is microseconds per design row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SensitivityBenchmark {
    private static final int ROWS = 2048;

    @Param({"1", "2"})
    public int threads;

    private ScenarioSobolModel model;
    private List<Factor> factors;
    private SobolConfig config;

    @Setup
    public void setUp() {
        model = ScenarioSobolModel.of(CompiledModel.compile(ScenarioLoader.builtIn()));
        factors = model.factors(Map.of());
        config = SobolConfig.of(ROWS, 20261201L, threads, SamplerKind.MC);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public SobolIndices analysis() throws InterruptedException {
        return SobolAnalysis.run(model, factors, config);
    }
}
