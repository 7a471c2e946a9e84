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
 * nanoseconds per sample, side by side:
 * <ul>
 *   <li>{@code current}: the engine's code (doubled centred ranks as ints, bucketed ranking, exact
 *       long sums), reached through a private lookup because {@code Work} is package-private;</li>
 *   <li>{@code legacy}: the code it replaced (commit 0d3f858), copied verbatim into {@link Legacy}:
 *       11-bit LSD radix argsort of 64-bit keys, double ranks, one double accumulator per pair.</li>
 * </ul>
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
    private Legacy legacy;
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
        legacy = new Legacy(inputs, outputs, SAMPLES);
        System.arraycopy(x, 0, legacy.x, 0, x.length);
        System.arraycopy(y, 0, legacy.y, 0, y.length);
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

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public double legacy() {
        Arrays.fill(sums, 0);
        legacy.addChunk(SAMPLES, sums);
        return sums[1];
    }

    /** {@code RankCorrelation.Work} before this change, verbatim. Not thread-safe. */
    static final class Legacy {
        private static final int DIGIT_BITS = 11;
        private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

        final int inputs;
        final int outputs;
        final int capacity;
        final double[] x;
        final double[] y;
        private final long[] keys;
        private final long[] keysTmp;
        private final int[] index;
        private final int[] indexTmp;
        private final int[] count = new int[DIGIT_MASK + 1];
        private final double[] rx;
        private final double[] ry;
        private final double[] sxx;
        private final double[] syy;

        Legacy(int inputs, int outputs, int capacity) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.capacity = capacity;
            x = new double[inputs * capacity];
            y = new double[outputs * capacity];
            keys = new long[capacity];
            keysTmp = new long[capacity];
            index = new int[capacity];
            indexTmp = new int[capacity];
            rx = new double[inputs * capacity];
            ry = new double[outputs * capacity];
            sxx = new double[inputs];
            syy = new double[outputs];
        }

        void addChunk(int n, double[] sums) {
            if (n < 3) {
                return;
            }
            for (int i = 0; i < inputs; i++) {
                sxx[i] = centredRanks(x, i * capacity, n, rx);
            }
            for (int o = 0; o < outputs; o++) {
                syy[o] = centredRanks(y, o * capacity, n, ry);
            }
            for (int i = 0; i < inputs; i++) {
                if (!(sxx[i] > 0)) {
                    continue;
                }
                int xi = i * capacity;
                for (int o = 0; o < outputs; o++) {
                    if (!(syy[o] > 0)) {
                        continue;
                    }
                    int yo = o * capacity;
                    double sxy = 0;
                    for (int k = 0; k < n; k++) {
                        sxy += rx[xi + k] * ry[yo + k];
                    }
                    double r = sxy / Math.sqrt(sxx[i] * syy[o]);
                    int f = (i * outputs + o) * 4;
                    sums[f] += n;
                    sums[f + 1] += n * r;
                    sums[f + 2] += n * r * r;
                    sums[f + 3] += 1;
                }
            }
        }

        double centredRanks(double[] v, int off, int n, double[] dst) {
            long[] k0 = keys;
            long[] k1 = keysTmp;
            int[] i0 = index;
            int[] i1 = indexTmp;
            for (int j = 0; j < n; j++) {
                long bits = Double.doubleToRawLongBits(v[off + j] + 0.0);
                k0[j] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
                i0[j] = j;
            }
            for (int shift = 0; shift < 64; shift += DIGIT_BITS) {
                Arrays.fill(count, 0);
                for (int j = 0; j < n; j++) {
                    count[(int) ((k0[j] >>> shift) & DIGIT_MASK)]++;
                }
                if (count[(int) ((k0[0] >>> shift) & DIGIT_MASK)] == n) {
                    continue;
                }
                int sum = 0;
                for (int d = 0; d <= DIGIT_MASK; d++) {
                    int c = count[d];
                    count[d] = sum;
                    sum += c;
                }
                for (int j = 0; j < n; j++) {
                    int pos = count[(int) ((k0[j] >>> shift) & DIGIT_MASK)]++;
                    k1[pos] = k0[j];
                    i1[pos] = i0[j];
                }
                long[] kt = k0;
                k0 = k1;
                k1 = kt;
                int[] it = i0;
                i0 = i1;
                i1 = it;
            }
            double mid = (n + 1) / 2.0;
            for (int j = 0; j < n;) {
                int e = j + 1;
                while (e < n && k0[e] == k0[j]) {
                    e++;
                }
                double r = (j + 1 + e) / 2.0 - mid;
                for (int q = j; q < e; q++) {
                    dst[off + i0[q]] = r;
                }
                j = e;
            }
            double ss = 0;
            for (int j = 0; j < n; j++) {
                double r = dst[off + j];
                ss += r * r;
            }
            return ss;
        }
    }
}
