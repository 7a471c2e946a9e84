package dev.chipmc.engine.sensitivity;

import dev.chipmc.engine.sampling.PointStream;
import dev.chipmc.engine.sampling.Points;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.sampling.Streams;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Variance-based sensitivity indices of a {@link SobolModel} on the pick-freeze design (Saltelli 2002,
 * Saltelli et al. 2010), with Poisson-bootstrap percentile intervals.
 *
 * <p><b>Design.</b> Row {@code j} of the design is point {@code j} of a {@code 2d}-dimensional
 * hypercube sample ({@link Points#forChunk}, any {@link SamplerKind}): its first {@code d} coordinates
 * are row {@code j} of matrix {@code A}, the last {@code d} row {@code j} of {@code B}. For every factor
 * {@code i}, {@code A_B^i} is {@code A} with the columns of factor {@code i} taken from {@code B}. The
 * model is evaluated at {@code A}, {@code B} and the {@code k} matrices {@code A_B^i}: {@code N (k + 2)}
 * evaluations.
 *
 * <p><b>Estimators</b> (outputs centred on {@code c}, the model's value at the centre of the cube,
 * which changes no index but keeps sums of squares accurate):
 * <pre>
 *   Var  = mean over the 2N values f(A), f(B) of f^2  -  (their mean)^2
 *   S1_i = mean_j f(B)_j (f(A_B^i)_j - f(A)_j) / Var               (Saltelli et al. 2010, table 2 (b))
 *   ST_i = mean_j (f(A)_j - f(A_B^i)_j)^2 / 2 / Var                  (Jansen 1999; Saltelli et al. 2010 (f))
 * </pre>
 *
 * <p><b>Bootstrap.</b> Replicate {@code r = 1..R} gives row {@code j} a weight {@code w ~ Poisson(1)}
 * and computes the same estimators with weighted means (Poisson bootstrap: Hanley and MacGibbon 2006;
 * Chamandy et al. 2012). Weights are drawn from the stream of {@code (seed ^ salt, chunk)}, row by row,
 * so they depend only on the seed and the row, and the analysis is streaming: each chunk keeps
 * weighted sums per replicate, output and factor ({@code (R + 1) x outputs x (5 + 2k)} doubles),
 * never the rows. The interval is the {@code (1 - confidence)/2} and {@code (1 + confidence)/2}
 * percentiles of the {@code R} replicate estimates (linear interpolation). Replicate 0 has weight 1
 * everywhere: the point estimate.
 *
 * <p><b>Reproducibility.</b> Chunks are evaluated on virtual threads (at most {@code threads} at
 * once) and their sums are added strictly in chunk order, so results are identical bit for bit for
 * any thread count.
 *
 * <p>Stateless; {@link #run} is thread-safe.
 */
public final class SobolAnalysis {

    /** XORed into the seed for the bootstrap weights, so they are not the design's streams. */
    private static final long BOOT_SALT = 0x426F6F7453747270L; // "BootStrp"
    /** Fixed sums per output: sum w, sum w fA, sum w fB, sum w fA^2, sum w fB^2. */
    private static final int FIXED = 5;
    /** Cumulative Poisson(1) probabilities, P(W <= k) for k = 0..; the last entry is 1. */
    private static final double[] POISSON_CDF = poissonCdf();

    private SobolAnalysis() {
    }

    /**
     * Runs the analysis.
     *
     * @throws IllegalArgumentException when a factor names a coordinate outside the model's, two factors
     *     share a coordinate, there are no factors, or the sampler cannot draw {@code 2d} dimensions
     */
    public static SobolIndices run(SobolModel model, List<Factor> factors, SobolConfig config)
            throws InterruptedException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        List<Factor> fs = List.copyOf(factors);
        int d = model.dimensions();
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("factors: at least one is needed");
        }
        boolean[] used = new boolean[d];
        for (Factor f : fs) {
            for (int j : f.dimensions()) {
                if (j >= d) {
                    throw new IllegalArgumentException("factors: '" + f.name() + "' names coordinate " + j
                            + " of a model with " + d);
                }
                if (used[j]) {
                    throw new IllegalArgumentException("factors: coordinate " + j + " is in two factors (second: '"
                            + f.name() + "')");
                }
                used[j] = true;
            }
        }
        if (config.sampler() == SamplerKind.SOBOL && 2 * d > 1000) {
            throw new IllegalArgumentException("sampler: the Sobol design needs 2d = " + 2 * d
                    + " dimensions, more than the Sobol sequence's 1000; use lhs or mc");
        }
        return new Execution(model, fs, config).execute();
    }

    private static final class Execution {
        final SobolModel model;
        final List<Factor> factors;
        final SobolConfig config;
        final int d;
        final int k;
        final int outputs;
        final int slots;
        final int replicates;
        final double[] centre;

        Execution(SobolModel model, List<Factor> factors, SobolConfig config) {
            this.model = model;
            this.factors = factors;
            this.config = config;
            this.d = model.dimensions();
            this.k = factors.size();
            this.outputs = model.outputNames().size();
            this.slots = FIXED + 2 * k;
            this.replicates = config.bootstrap() + 1;
            double[] mid = new double[d];
            Arrays.fill(mid, 0.5);
            this.centre = new double[outputs];
            model.newWorker().evaluate(mid, centre);
        }

        SobolIndices execute() throws InterruptedException {
            double[] total = new double[replicates * outputs * slots];
            long chunks = config.chunks();
            int threads = config.threads();
            BlockingQueue<Worker> workers = new ArrayBlockingQueue<>(threads);
            for (int i = 0; i < threads; i++) {
                workers.add(new Worker());
            }
            int window = threads * 4;
            Deque<Future<double[]>> inFlight = new ArrayDeque<>();
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            try {
                long next = 0;
                for (long done = 0; done < chunks; done++) {
                    while (next < chunks && inFlight.size() < window) {
                        long c = next++;
                        inFlight.add(executor.submit(() -> {
                            Worker w = workers.take();
                            try {
                                return w.evaluate(c);
                            } finally {
                                workers.put(w);
                            }
                        }));
                    }
                    double[] sums = inFlight.poll().get();
                    for (int i = 0; i < total.length; i++) {
                        total[i] += sums[i];
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } finally {
                for (Future<double[]> f : inFlight) {
                    f.cancel(true);
                }
                executor.shutdownNow();
                executor.close();
            }
            return indices(total);
        }

        SobolIndices indices(double[] total) {
            double[][] s1 = new double[k][outputs];
            double[][] s1Low = new double[k][outputs];
            double[][] s1High = new double[k][outputs];
            double[][] st = new double[k][outputs];
            double[][] stLow = new double[k][outputs];
            double[][] stHigh = new double[k][outputs];
            double[] mean = new double[outputs];
            double[] variance = new double[outputs];
            int r = config.bootstrap();
            double lo = (1 - config.confidence()) / 2;
            double hi = (1 + config.confidence()) / 2;
            double[] b1 = new double[k * r];
            double[] bt = new double[k * r];
            for (int o = 0; o < outputs; o++) {
                int base = o * slots;
                double n = total[base];
                double m = (total[base + 1] + total[base + 2]) / (2 * n);
                mean[o] = m + centre[o];
                variance[o] = (total[base + 3] + total[base + 4]) / (2 * n) - m * m;
                for (int i = 0; i < k; i++) {
                    s1[i][o] = firstOrder(total, base, i, variance[o]);
                    st[i][o] = totalOrder(total, base, i, variance[o]);
                }
                for (int b = 1; b <= r; b++) {
                    int bb = (b * outputs + o) * slots;
                    double nb = total[bb];
                    double mb = (total[bb + 1] + total[bb + 2]) / (2 * nb);
                    double vb = (total[bb + 3] + total[bb + 4]) / (2 * nb) - mb * mb;
                    for (int i = 0; i < k; i++) {
                        b1[i * r + b - 1] = firstOrder(total, bb, i, vb);
                        bt[i * r + b - 1] = totalOrder(total, bb, i, vb);
                    }
                }
                for (int i = 0; i < k; i++) {
                    s1Low[i][o] = percentile(b1, i * r, r, lo);
                    s1High[i][o] = percentile(b1, i * r, r, hi);
                    stLow[i][o] = percentile(bt, i * r, r, lo);
                    stHigh[i][o] = percentile(bt, i * r, r, hi);
                }
            }
            return new SobolIndices(factors, model.outputNames(), config.samples(), config.samples() * (k + 2),
                    s1, s1Low, s1High, st, stLow, stHigh, mean, variance);
        }

        private static double firstOrder(double[] sums, int base, int i, double var) {
            return var > 0 ? sums[base + FIXED + 2 * i] / sums[base] / var : Double.NaN;
        }

        private static double totalOrder(double[] sums, int base, int i, double var) {
            return var > 0 ? sums[base + FIXED + 2 * i + 1] / sums[base] / 2 / var : Double.NaN;
        }

        /** Per-thread state: the model's worker and the row buffers, reused across chunks. */
        private final class Worker {
            final SobolModel.Worker f = model.newWorker();
            final double[] u = new double[2 * d];
            final double[] a = new double[d];
            final double[] b = new double[d];
            final double[] ab = new double[d];
            final double[] fa = new double[outputs];
            final double[] fb = new double[outputs];
            final double[] fab = new double[k * outputs];
            final double[] one = new double[outputs];
            final double[] row = new double[slots * outputs];
            final int[] weights = new int[replicates];

            double[] evaluate(long c) {
                int len = config.chunkLength(c);
                SamplerKind kind = config.sampler();
                PointStream points = Points.forChunk(kind, 2 * d, config.seed(), c,
                        kind == SamplerKind.LHS ? len : config.chunkSize());
                UniformRandomProvider boot = Streams.forChunk(config.seed() ^ BOOT_SALT, c);
                double[] sums = new double[replicates * outputs * slots];
                for (int j = 0; j < len; j++) {
                    points.next(u);
                    System.arraycopy(u, 0, a, 0, d);
                    System.arraycopy(u, d, b, 0, d);
                    f.evaluate(a, fa);
                    f.evaluate(b, fb);
                    for (int i = 0; i < k; i++) {
                        System.arraycopy(a, 0, ab, 0, d);
                        Factor fi = factors.get(i);
                        for (int q = 0; q < fi.size(); q++) {
                            int col = fi.dimension(q);
                            ab[col] = b[col];
                        }
                        f.evaluate(ab, one);
                        System.arraycopy(one, 0, fab, i * outputs, outputs);
                    }
                    fillRow();
                    weights[0] = 1;
                    for (int r = 1; r < replicates; r++) {
                        weights[r] = poisson(Streams.openUniform(boot));
                    }
                    for (int r = 0; r < replicates; r++) {
                        int w = weights[r];
                        if (w == 0) {
                            continue;
                        }
                        int off = r * outputs * slots;
                        for (int x = 0; x < row.length; x++) {
                            sums[off + x] += w * row[x];
                        }
                    }
                }
                return sums;
            }

            /** The row's contributions before weighting, per output: the slots of the class comment. */
            private void fillRow() {
                for (int o = 0; o < outputs; o++) {
                    double ya = fa[o] - centre[o];
                    double yb = fb[o] - centre[o];
                    int base = o * slots;
                    row[base] = 1;
                    row[base + 1] = ya;
                    row[base + 2] = yb;
                    row[base + 3] = ya * ya;
                    row[base + 4] = yb * yb;
                    for (int i = 0; i < k; i++) {
                        double yab = fab[i * outputs + o] - centre[o];
                        row[base + FIXED + 2 * i] = yb * (yab - ya);
                        double dlt = ya - yab;
                        row[base + FIXED + 2 * i + 1] = dlt * dlt;
                    }
                }
            }
        }
    }

    private static int poisson(double u) {
        int x = 0;
        while (x < POISSON_CDF.length - 1 && u >= POISSON_CDF[x]) {
            x++;
        }
        return x;
    }

    private static double[] poissonCdf() {
        double[] c = new double[20];
        double p = Math.exp(-1);
        double acc = 0;
        for (int x = 0; x < c.length; x++) {
            acc += p;
            c[x] = acc;
            p /= x + 1;
        }
        c[c.length - 1] = 1;
        return c;
    }

    /** numpy's default (linear) percentile of {@code n} values of {@code x} from {@code from}; sorts them. */
    static double percentile(double[] x, int from, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(x, from, from + n);
        if (Double.isNaN(x[from + n - 1])) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return x[from + lo] + (h - lo) * (x[from + hi] - x[from + lo]);
    }
}
