package dev.chipmc.benchmarks;

import dev.chipmc.engine.sampling.Marginal;
import dev.chipmc.model.Distribution;
import org.apache.commons.statistics.distribution.BetaDistribution;
import java.util.List;
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
 * One inverse-CDF evaluation per distribution family; {@code baseline} returns the uniform itself.
 * {@code pert-commons} and {@code beta-commons} are the same distributions as {@code pert} and
 * {@code beta} through commons-statistics' root-finding inverse CDF, which {@link Marginal} used
 * before it tabulated Beta quantiles: compare them within one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DistributionBenchmark {
    @Param({"uniform", "triangular", "pert", "pert-commons", "normal", "normal-truncated", "lognormal", "beta",
        "beta-commons", "discrete", "empirical"})
    public String distribution;

    private Marginal marginal;
    private final double[] u = new double[1024];
    private int i;

    @Setup
    public void setUp() {
        if (distribution.endsWith("-commons")) {
            // pert(0.07, 0.10, 0.15): alpha = 1 + 4 (0.03 / 0.08) = 2.5, beta = 1 + 4 (0.05 / 0.08) = 3.5.
            boolean pert = distribution.startsWith("pert");
            BetaDistribution b = pert ? BetaDistribution.of(2.5, 3.5) : BetaDistribution.of(2, 5);
            double lo = pert ? 0.07 : 0.9;
            double range = pert ? 0.08 : 0.1;
            marginal = u -> lo + range * b.inverseCumulativeProbability(u);
            fillUniforms();
            return;
        }
        Distribution d = switch (distribution) {
            case "uniform" -> new Distribution.Uniform(1, 2);
            case "triangular" -> new Distribution.Triangular(0.04, 0.09, 0.14);
            case "pert" -> new Distribution.Pert(0.07, 0.10, 0.15);
            case "normal" -> new Distribution.Normal(10, 2);
            case "normal-truncated" -> new Distribution.Normal(10, 2, 8, 13);
            case "lognormal" -> new Distribution.LogNormal(0, 0.5);
            case "beta" -> new Distribution.Beta(2, 5, 0.9, 1.0);
            case "discrete" -> new Distribution.Discrete(List.of(0.0, 1.0, 2.0), List.of(0.2, 0.5, 0.3));
            case "empirical" -> new Distribution.Empirical(List.of(3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0));
            default -> throw new IllegalArgumentException(distribution);
        };
        marginal = Marginal.of(d);
        fillUniforms();
    }

    private void fillUniforms() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int k = 0; k < u.length; k++) {
            u[k] = (r.nextLong() >>> 11) * 0x1.0p-53 + 0x1.0p-54;
        }
    }

    @Benchmark
    public double baseline() {
        return u[i++ & 1023];
    }

    @Benchmark
    public double inverse() {
        return marginal.inverse(u[i++ & 1023]);
    }
}
