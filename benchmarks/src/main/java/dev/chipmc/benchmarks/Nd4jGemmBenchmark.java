package dev.chipmc.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * Whether ND4J's dense {@code gemm} beats plain Java at the engine's two matrix products.
 *
 * <p><b>Rank correlation</b> ({@link Xty}): per chunk of {@code n} samples the engine forms
 * {@code S = Rx Ry^T}, {@code S[i][o] = sum_k rx[i][k] ry[o][k]}, from the centred rank columns of
 * {@code inputs} inputs and {@code outputs} outputs (each column contiguous, {@code n} long).
 * {@code RankCorrelation} is package-private in {@code dev.chipmc.engine.run}, so
 * {@link #xtyJavaEngineLoop} repeats its loop verbatim (one dot product per pair);
 * {@link #xtyJavaBlocked} is the same sum blocked 2 inputs x 4 outputs, which plain Java could do
 * instead. {@link #xtyNd4jGemm} calls {@code Nd4j.gemm} into a reused result with the columns
 * already in ND4J buffers; {@link #xtyNd4jGemmWithCopy} first copies the Java {@code double[]}
 * columns into those buffers, as the engine would have to.
 *
 * <p><b>Copula</b> ({@link Copula}): the correlated normals of a block of 4096 samples,
 * {@code Y = L Z} with {@code L} the {@code k x k} lower-triangular Cholesky factor. The Java path
 * is the loop of {@code GaussianCopula.apply} (packed rows of {@code L}, one sample at a time);
 * ND4J computes the same block, stored sample-major as the engine holds it ({@code 4096 x k}), as
 * {@code Y = Z L^T} with the dense {@code L} (zeros above the diagonal), so copying in is a plain
 * bulk copy with no transpose.
 *
 * <p>{@link Ranks} times what ND4J cannot help with: the sort and search that give one chunk's
 * centred ranks of 50 inputs and 32 outputs, the rest of the engine's per-chunk cost.
 *
 * <p>JMH's benchmark threads are platform threads, which ND4J needs (its per-thread workspaces
 * leak for each virtual thread). Each setup checks ND4J's result against Java's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class Nd4jGemmBenchmark {

    /** Rank columns of one chunk, in Java arrays and in ND4J buffers, and the reused results. */
    @State(Scope.Thread)
    public static class Xty {
        @Param({"4096", "65536"})
        public int n;

        @Param({"50", "200"})
        public int inputs;

        @Param({"16", "64"})
        public int outputs;

        double[] rx;
        double[] ry;
        double[] sxy;
        INDArray x;
        INDArray y;
        INDArray s;
        DoublePointer xPointer;
        DoublePointer yPointer;

        @Setup
        public void setUp() {
            SplittableRandom r = new SplittableRandom(11);
            rx = columns(r, inputs, n);
            ry = columns(r, outputs, n);
            sxy = new double[inputs * outputs];
            x = Nd4j.create(DataType.DOUBLE, inputs, n);
            y = Nd4j.create(DataType.DOUBLE, outputs, n);
            s = Nd4j.create(DataType.DOUBLE, inputs, outputs);
            xPointer = (DoublePointer) x.data().addressPointer();
            yPointer = (DoublePointer) y.data().addressPointer();
            copyIn(this);
            Nd4j.gemm(x, y, s, false, true, 1.0, 0.0);
            engineLoop(this);
            double[] expected = sxy.clone();
            double[] got = s.data().asDouble();
            check("X Y^T", expected, got, n);
            blocked(this);
            check("blocked X Y^T", expected, sxy, n);
        }
    }

    /** A block of 4096 standard normals for {@code k} correlated inputs, and {@code L}. */
    @State(Scope.Thread)
    public static class Copula {
        static final int BLOCK = 4096;

        @Param({"7", "64"})
        public int k;

        double[] packedLower;
        double[] zSampleMajor;
        double[] ySampleMajor;
        INDArray l;
        INDArray z;
        INDArray y;
        DoublePointer zPointer;

        @Setup
        public void setUp() {
            SplittableRandom r = new SplittableRandom(13);
            double[][] dense = randomLower(r, k);
            packedLower = new double[k * (k + 1) / 2];
            for (int i = 0; i < k; i++) {
                System.arraycopy(dense[i], 0, packedLower, i * (i + 1) / 2, i + 1);
            }
            zSampleMajor = new double[BLOCK * k];
            for (int j = 0; j < zSampleMajor.length; j++) {
                zSampleMajor[j] = r.nextDouble() * 2 - 1;
            }
            ySampleMajor = new double[BLOCK * k];
            l = Nd4j.create(dense);
            z = Nd4j.create(DataType.DOUBLE, BLOCK, k);
            y = Nd4j.create(DataType.DOUBLE, BLOCK, k);
            zPointer = (DoublePointer) z.data().addressPointer();
            zPointer.put(zSampleMajor);
            Nd4j.gemm(z, l, y, false, true, 1.0, 0.0);
            copulaLoop(this);
            check("Z L^T", ySampleMajor, y.data().asDouble(), k);
        }
    }

    /** One chunk of raw values, 4096 samples of 50 inputs and 32 outputs, and the rank buffers. */
    @State(Scope.Thread)
    public static class Ranks {
        static final int N = 4096;
        static final int COLUMNS = 50 + 32;

        double[] values;
        double[] ranks;
        double[] sorted;

        @Setup
        public void setUp() {
            SplittableRandom r = new SplittableRandom(17);
            values = new double[COLUMNS * N];
            for (int j = 0; j < values.length; j++) {
                values[j] = r.nextDouble();
            }
            ranks = new double[COLUMNS * N];
            sorted = new double[N];
        }
    }

    @Benchmark
    public double[] xtyJavaEngineLoop(Xty st) {
        engineLoop(st);
        return st.sxy;
    }

    @Benchmark
    public double[] xtyJavaBlocked(Xty st) {
        blocked(st);
        return st.sxy;
    }

    @Benchmark
    public INDArray xtyNd4jGemm(Xty st) {
        return Nd4j.gemm(st.x, st.y, st.s, false, true, 1.0, 0.0);
    }

    @Benchmark
    public INDArray xtyNd4jGemmWithCopy(Xty st) {
        copyIn(st);
        return Nd4j.gemm(st.x, st.y, st.s, false, true, 1.0, 0.0);
    }

    @Benchmark
    public double[] copulaJava(Copula st) {
        copulaLoop(st);
        return st.ySampleMajor;
    }

    @Benchmark
    public INDArray copulaNd4jGemm(Copula st) {
        return Nd4j.gemm(st.z, st.l, st.y, false, true, 1.0, 0.0);
    }

    @Benchmark
    public INDArray copulaNd4jGemmWithCopy(Copula st) {
        st.zPointer.put(st.zSampleMajor);
        return Nd4j.gemm(st.z, st.l, st.y, false, true, 1.0, 0.0);
    }

    @Benchmark
    public double ranksJava(Ranks st) {
        double ss = 0;
        for (int c = 0; c < Ranks.COLUMNS; c++) {
            ss += centredRanks(st.values, c * Ranks.N, Ranks.N, st.sorted, st.ranks);
        }
        return ss;
    }

    /** {@code RankCorrelation.Work.addChunk}'s product loop, without the per-pair sums after it. */
    static void engineLoop(Xty st) {
        int n = st.n;
        int outputs = st.outputs;
        double[] rx = st.rx;
        double[] ry = st.ry;
        for (int i = 0; i < st.inputs; i++) {
            int xi = i * n;
            for (int o = 0; o < outputs; o++) {
                int yo = o * n;
                double sxy = 0;
                for (int k = 0; k < n; k++) {
                    sxy += rx[xi + k] * ry[yo + k];
                }
                st.sxy[i * outputs + o] = sxy;
            }
        }
    }

    /** The same sums, 2 inputs x 4 outputs per pass over the samples (8 accumulators, 6 loads). */
    static void blocked(Xty st) {
        int n = st.n;
        int inputs = st.inputs;
        int outputs = st.outputs;
        double[] rx = st.rx;
        double[] ry = st.ry;
        double[] out = st.sxy;
        int i = 0;
        for (; i + 1 < inputs; i += 2) {
            int x0 = i * n;
            int x1 = x0 + n;
            int o = 0;
            for (; o + 3 < outputs; o += 4) {
                int y0 = o * n;
                int y1 = y0 + n;
                int y2 = y1 + n;
                int y3 = y2 + n;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                for (int k = 0; k < n; k++) {
                    double a0 = rx[x0 + k];
                    double a1 = rx[x1 + k];
                    double b0 = ry[y0 + k];
                    double b1 = ry[y1 + k];
                    double b2 = ry[y2 + k];
                    double b3 = ry[y3 + k];
                    s00 += a0 * b0;
                    s01 += a0 * b1;
                    s02 += a0 * b2;
                    s03 += a0 * b3;
                    s10 += a1 * b0;
                    s11 += a1 * b1;
                    s12 += a1 * b2;
                    s13 += a1 * b3;
                }
                int r0 = i * outputs + o;
                int r1 = r0 + outputs;
                out[r0] = s00;
                out[r0 + 1] = s01;
                out[r0 + 2] = s02;
                out[r0 + 3] = s03;
                out[r1] = s10;
                out[r1 + 1] = s11;
                out[r1 + 2] = s12;
                out[r1 + 3] = s13;
            }
            for (; o < outputs; o++) {
                out[i * outputs + o] = dot(rx, x0, ry, o * n, n);
                out[(i + 1) * outputs + o] = dot(rx, x1, ry, o * n, n);
            }
        }
        for (; i < inputs; i++) {
            for (int o = 0; o < outputs; o++) {
                out[i * outputs + o] = dot(rx, i * n, ry, o * n, n);
            }
        }
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += a[ao + k] * b[bo + k];
        }
        return s;
    }

    static void copyIn(Xty st) {
        st.xPointer.put(st.rx);
        st.yPointer.put(st.ry);
    }

    /** {@code GaussianCopula.apply}'s product of packed {@code L} with each sample's normals. */
    static void copulaLoop(Copula st) {
        int k = st.k;
        double[] lower = st.packedLower;
        double[] z = st.zSampleMajor;
        double[] y = st.ySampleMajor;
        for (int s = 0; s < Copula.BLOCK; s++) {
            int base = s * k;
            for (int i = 0; i < k; i++) {
                int ri = i * (i + 1) / 2;
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    sum += lower[ri + j] * z[base + j];
                }
                y[base + i] = sum;
            }
        }
    }

    /** {@code RankCorrelation.Work.centredRanks}: average ranks minus {@code (n + 1)/2}. */
    static double centredRanks(double[] v, int off, int n, double[] sorted, double[] dst) {
        for (int k = 0; k < n; k++) {
            sorted[k] = v[off + k] + 0.0;
        }
        Arrays.sort(sorted, 0, n);
        double mid = (n + 1) / 2.0;
        double ss = 0;
        for (int k = 0; k < n; k++) {
            double value = v[off + k] + 0.0;
            int lo = bound(sorted, n, value, false);
            int hi = bound(sorted, n, value, true);
            double r = (lo + 1 + hi) / 2.0 - mid;
            dst[off + k] = r;
            ss += r * r;
        }
        return ss;
    }

    private static int bound(double[] a, int n, double v, boolean upper) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (upper ? a[m] <= v : a[m] < v) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /** {@code rows} columns of {@code n} centred ranks of uniform values, each column contiguous. */
    private static double[] columns(SplittableRandom r, int rows, int n) {
        double[] v = new double[rows * n];
        double[] sorted = new double[n];
        double[] raw = new double[rows * n];
        for (int j = 0; j < raw.length; j++) {
            raw[j] = r.nextDouble();
        }
        for (int c = 0; c < rows; c++) {
            centredRanks(raw, c * n, n, sorted, v);
        }
        return v;
    }

    private static double[][] randomLower(SplittableRandom r, int k) {
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                l[i][j] = r.nextDouble() * 2 - 1;
            }
        }
        return l;
    }

    /** Fails setup when ND4J and Java disagree beyond rounding ({@code 1e-9} relative to the scale). */
    private static void check(String what, double[] expected, double[] got, double scale) {
        if (expected.length != got.length) {
            throw new IllegalStateException(what + ": length " + got.length + " != " + expected.length);
        }
        double max = 0;
        for (double e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        double tol = 1e-9 * Math.max(max, scale);
        for (int j = 0; j < expected.length; j++) {
            if (!(Math.abs(expected[j] - got[j]) <= tol)) {
                throw new IllegalStateException(what + ": element " + j + " is " + got[j] + ", Java gives " + expected[j]);
            }
        }
    }
}
