package dev.chipmc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the model's elementary functions would cost from {@link StrictMath} (the same bits on every
 * machine) instead of {@link Math} (HotSpot's intrinsics, which may differ by an ulp between CPUs; see
 * docs/model.md, "Reproducibility"). One call per operation, on arguments of the ranges the reference
 * scenario gives them: {@code pow} a ramp's {@code (1 + g)^k}, {@code exp} a learning curve's
 * {@code exp(-k / tau)} and a Poisson yield's {@code exp(-AD)}, {@code log1p} and {@code expm1} the
 * negative-binomial and Murphy yields.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MathBenchmark {
    @Param({"exp", "pow", "log1p", "expm1"})
    public String function;

    private static final int N = 1024;
    private final double[] a = new double[N];
    private final double[] b = new double[N];
    private int i;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(20261201L);
        for (int k = 0; k < N; k++) {
            switch (function) {
                case "pow" -> {
                    a[k] = 1.04 + 0.1 * r.nextDouble();
                    b[k] = r.nextInt(8);
                }
                case "exp" -> a[k] = -2.0 * r.nextDouble();
                default -> a[k] = 2.0 * r.nextDouble();
            }
        }
    }

    @Benchmark
    public double math() {
        int k = i++ & (N - 1);
        return switch (function) {
            case "exp" -> Math.exp(a[k]);
            case "pow" -> Math.pow(a[k], b[k]);
            case "log1p" -> Math.log1p(a[k]);
            default -> Math.expm1(a[k]);
        };
    }

    @Benchmark
    public double strict() {
        int k = i++ & (N - 1);
        return switch (function) {
            case "exp" -> StrictMath.exp(a[k]);
            case "pow" -> StrictMath.pow(a[k], b[k]);
            case "log1p" -> StrictMath.log1p(a[k]);
            default -> StrictMath.expm1(a[k]);
        };
    }
}
