package dev.chipmc.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.SplittableRandom;
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
 * One chunk of the tornado's rank correlations ({@code RankCorrelation.Work.addChunk}: rank every
 * input and output column, then every input x output sum of products of centred ranks), in
 * nanoseconds per sample: the engine's code (doubled centred ranks as ints, bucketed ranking, exact
 * long sums), reached through a private lookup because {@code Work} is package-private. (Commit
 * aa99bec of this file also has a {@code legacy} benchmark, the code this replaced, copied verbatim;
 * it is gone from later commits because engine's tests keep the same copy as their reference.)
 * Columns are synthetic but shaped like the reference scenario's: inputs triangular over narrow
 * positive ranges, some centred on zero (growth rates), a few yields in (0.9, 1); outputs like
 * good packages (sums capped at a demand, so about a fifth tie at the cap) and like shortfall
 * (zero in about half the samples).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RankBenchmark {
    static final int SAMPLES = 4096;

    @Param({"50"})
    public int inputs;

    @Param({"20"})
    public int outputs;

    private Object work;
    private MethodHandle addChunk;
    private double[] sums;

    @Setup
    public void setUp() throws Throwable {
        Class<?> type = Class.forName("dev.chipmc.engine.run.RankCorrelation$Work");
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        work = lookup.findConstructor(type, MethodType.methodType(void.class, int.class, int.class, int.class))
                .invoke(inputs, outputs, SAMPLES);
        addChunk = lookup.findVirtual(type, "addChunk", MethodType.methodType(void.class, int.class, double[].class));
        double[] x = (double[]) lookup.findGetter(type, "x", double[].class).invoke(work);
        double[] y = (double[]) lookup.findGetter(type, "y", double[].class).invoke(work);
        fill(x, y, inputs, outputs, new SplittableRandom(2026));
        sums = new double[inputs * outputs * 4];
    }

    static double triangular(SplittableRandom rng, double lo, double mode, double hi) {
        double u = rng.nextDouble();
        double f = (mode - lo) / (hi - lo);
        return u < f ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
    }

    static void fill(double[] x, double[] y, int inputs, int outputs, SplittableRandom rng) {
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < SAMPLES; j++) {
                x[i * SAMPLES + j] = switch (i % 5) {
                    case 0 -> triangular(rng, 90e3, 105e3, 120e3);
                    case 1 -> triangular(rng, -0.04, 0, 0.04);
                    case 2 -> triangular(rng, 0.975, 0.982, 0.988);
                    case 3 -> triangular(rng, 0.04, 0.09, 0.14);
                    default -> triangular(rng, 1e6, 2e6, 3e6);
                };
            }
        }
        for (int o = 0; o < outputs; o++) {
            for (int j = 0; j < SAMPLES; j++) {
                double s = 0;
                for (int i = o % 5; i < inputs; i += 7) {
                    s += x[i * SAMPLES + j] / x[(i / 5) * 5 * SAMPLES + j];
                }
                double good = Math.min(1.05 * s, s * (0.9 + 0.2 * rng.nextDouble()));
                y[o * SAMPLES + j] = o % 4 == 3 ? Math.max(0, 0.95 * s - good) : Math.rint(1e6 * good);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public double current() throws Throwable {
        Arrays.fill(sums, 0);
        addChunk.invoke(work, SAMPLES, sums);
        return sums[1];
    }
}
