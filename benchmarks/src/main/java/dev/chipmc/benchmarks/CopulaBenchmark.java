package dev.chipmc.benchmarks;

import dev.chipmc.engine.sampling.GaussianCopula;
import dev.chipmc.model.Correlation;
import org.apache.commons.statistics.distribution.NormalDistribution;
import java.util.ArrayList;
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
 * The Gaussian copula on one point, for {@code correlated} inputs in a chain of pairwise
 * correlations of 0.3 (the reference scenario has 7 correlated inputs). {@code inverseNormal*}
 * time one {@code Phi^-1} (AS 241, which the copula uses, against commons-statistics' inverse,
 * which it used before); they do not depend on {@code correlated}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CopulaBenchmark {
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    @Param({"2", "7", "32"})
    public int correlated;

    private GaussianCopula copula;
    private double[][] points;
    private double[] u;
    private double[] scratch;
    private int i;

    @Setup
    public void setUp() {
        List<String> names = new ArrayList<>();
        List<Correlation> corr = new ArrayList<>();
        for (int k = 0; k < correlated; k++) {
            names.add("x" + k);
            if (k > 0) {
                corr.add(new Correlation("x" + (k - 1), "x" + k, 0.3));
            }
        }
        copula = GaussianCopula.of(names, corr, false);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        points = new double[256][correlated];
        for (double[] p : points) {
            for (int k = 0; k < correlated; k++) {
                p[k] = (r.nextLong() >>> 11) * 0x1.0p-53 + 0x1.0p-54;
            }
        }
        u = new double[correlated];
        scratch = new double[2 * correlated];
    }

    @Benchmark
    public double inverseNormalAs241() {
        return GaussianCopula.inverseStandardNormal(points[i++ & 255][0]);
    }

    @Benchmark
    public double inverseNormalCommons() {
        return STANDARD_NORMAL.inverseCumulativeProbability(points[i++ & 255][0]);
    }

    @Benchmark
    public double apply() {
        double[] p = points[i++ & 255];
        System.arraycopy(p, 0, u, 0, correlated);
        copula.apply(u, scratch);
        return u[0];
    }
}
