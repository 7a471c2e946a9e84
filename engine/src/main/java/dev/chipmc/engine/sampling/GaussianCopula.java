package dev.chipmc.engine.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import dev.chipmc.model.Correlation;

/**
 * The Gaussian copula that gives the inputs the scenario's Spearman rank correlations
 * (MODEL.md section 2). Each requested Spearman {@code rho} becomes the normal correlation
 * {@code r = 2 sin(pi rho / 6)}, the correlation of a bivariate normal whose Spearman correlation is
 * {@code rho} (Pearson 1907; Kruskal 1958); unlisted pairs of correlated inputs have {@code r = 0}.
 * The matrix {@code R} of the inputs named in any correlation is factored once, {@code R = L L^T}
 * (Cholesky), and {@link #apply} maps a point {@code u} by {@code z = Phi^-1(u)}, {@code z' = L z},
 * {@code u' = Phi(z')} on those inputs only ({@code Phi^-1} by Wichura's AS 241, {@code Phi} by
 * the Taylor table of {@code StandardNormalCdf}, within 0.8 ulps); the others keep their
 * uniforms. Because the marginals' inverse CDFs are monotone, the inputs get the requested rank
 * correlations.
 *
 * <p>A matrix that is not positive definite (a Cholesky pivot at or below {@code 1e-10}, which
 * also rejects {@code rho = +-1}) is an input error, unless repair is asked for: then it is replaced
 * by the nearest correlation matrix in the Frobenius norm by Higham's (2002) alternating
 * projections with Dykstra's correction, its eigenvalues floored at {@code 1e-8} and its diagonal
 * rescaled to 1 so that it factors, and {@link #repairWarning()} says by how much the rank
 * correlations moved.
 *
 * <p>Immutable and thread-safe; {@link #apply} does not allocate.
 */
public final class GaussianCopula {

    private static final double PIVOT_MIN = 1e-10;
    private static final double EIGEN_FLOOR = 1e-8;
    private static final int HIGHAM_MAX_ITERATIONS = 2_000;
    private static final double HIGHAM_TOLERANCE = 1e-10;

    private final int inputCount;
    private final int[] indices;
    /** Rows of the lower-triangular {@code L}, packed: row {@code i} starts at {@code i (i + 1) / 2}. */
    private final double[] lower;
    private final boolean identity;
    private final String warning;

    private GaussianCopula(int inputCount, int[] indices, double[] lower, boolean identity, String warning) {
        this.inputCount = inputCount;
        this.indices = indices;
        this.lower = lower;
        this.identity = identity;
        this.warning = warning;
    }

    /**
     * The copula of {@code correlations} among the inputs {@code inputNames} (in the order of the
     * input vector).
     *
     * @param inputNames the names of the inputs, distinct
     * @param correlations Spearman correlations between named inputs, each pair at most once
     * @param repair whether a matrix that is not positive definite is replaced by the nearest one
     *     (with a {@link #repairWarning()}) instead of rejected
     * @throws IllegalArgumentException naming an unknown input, a pair given twice, an input
     *     correlated with itself, or a matrix that is not positive definite (with its smallest
     *     eigenvalue)
     */
    public static GaussianCopula of(List<String> inputNames, List<Correlation> correlations, boolean repair) {
        Objects.requireNonNull(inputNames, "inputNames");
        Objects.requireNonNull(correlations, "correlations");
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < inputNames.size(); i++) {
            String name = Objects.requireNonNull(inputNames.get(i), "inputNames[" + i + "]");
            if (position.putIfAbsent(name, i) != null) {
                throw new IllegalArgumentException("inputNames[" + i + "]: duplicate name '" + name + "'");
            }
        }
        TreeSet<Integer> used = new TreeSet<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (int c = 0; c < correlations.size(); c++) {
            Correlation k = Objects.requireNonNull(correlations.get(c), "correlations[" + c + "]");
            int a = find(position, k.a(), c);
            int b = find(position, k.b(), c);
            if (a == b) {
                throw new IllegalArgumentException("correlations[" + c + "]: correlates '" + k.a() + "' with itself");
            }
            long key = pairKey(a, b);
            Integer earlier = seen.putIfAbsent(key, c);
            if (earlier != null) {
                throw new IllegalArgumentException("correlations[" + c + "]: the pair '" + k.a() + "', '" + k.b()
                        + "' is already given in correlations[" + earlier + "]");
            }
            used.add(a);
            used.add(b);
        }
        int[] indices = used.stream().mapToInt(Integer::intValue).toArray();
        int m = indices.length;
        Map<Integer, Integer> local = new HashMap<>();
        for (int i = 0; i < m; i++) {
            local.put(indices[i], i);
        }
        double[][] r = new double[m][m];
        double[][] spearman = new double[m][m];
        boolean identity = true;
        for (int i = 0; i < m; i++) {
            r[i][i] = 1;
            spearman[i][i] = 1;
        }
        for (Correlation k : correlations) {
            int i = local.get(position.get(k.a()));
            int j = local.get(position.get(k.b()));
            double v = 2 * Math.sin(Math.PI * k.rho() / 6);
            r[i][j] = v;
            r[j][i] = v;
            spearman[i][j] = k.rho();
            spearman[j][i] = k.rho();
            identity &= v == 0;
        }
        String warning = null;
        double[] lower = cholesky(r);
        if (lower == null) {
            double smallest = smallestEigenvalue(r);
            if (!repair) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "correlations: the correlation matrix is not positive definite (smallest eigenvalue %.6g"
                                + " of the normal-scale matrix r = 2 sin(pi rho / 6)); the correlations contradict"
                                + " each other. Fix the matrix, or set repair_correlations: true to use the"
                                + " nearest valid one", smallest));
            }
            double[][] repaired = nearestCorrelation(r);
            lower = cholesky(repaired);
            if (lower == null) {
                throw new IllegalStateException("correlations: repair did not give a positive definite matrix");
            }
            warning = describeRepair(smallest, repaired, spearman, indices, inputNames);
        }
        return new GaussianCopula(inputNames.size(), indices, lower, identity, warning);
    }

    private static int find(Map<String, Integer> position, String name, int c) {
        Integer i = position.get(name);
        if (i == null) {
            throw new IllegalArgumentException("correlations[" + c + "]: unknown input '" + name
                    + "'; correlations must name uncertain inputs; known: " + new TreeSet<>(position.keySet()));
        }
        return i;
    }

    private static long pairKey(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    /** The packed lower Cholesky factor of {@code a}, or null when a pivot is at or below {@link #PIVOT_MIN}. */
    static double[] cholesky(double[][] a) {
        int m = a.length;
        double[] l = new double[m * (m + 1) / 2];
        for (int i = 0; i < m; i++) {
            int ri = i * (i + 1) / 2;
            for (int j = 0; j <= i; j++) {
                int rj = j * (j + 1) / 2;
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[ri + k] * l[rj + k];
                }
                if (i == j) {
                    if (!(s > PIVOT_MIN)) {
                        return null;
                    }
                    l[ri + i] = Math.sqrt(s);
                } else {
                    l[ri + j] = s / l[rj + j];
                }
            }
        }
        return l;
    }

    static double smallestEigenvalue(double[][] a) {
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(a, true)).getRealEigenvalues();
        double min = Double.POSITIVE_INFINITY;
        for (double v : ev) {
            min = Math.min(min, v);
        }
        return min;
    }

    /**
     * Higham (2002), Algorithm 3.3: alternate the projection onto symmetric matrices with
     * eigenvalues {@code >= EIGEN_FLOOR} (Dykstra-corrected) and onto unit-diagonal matrices; then
     * one last eigenvalue floor and a congruence {@code D^-1/2 X D^-1/2} back to unit diagonal,
     * which keeps it positive definite.
     */
    static double[][] nearestCorrelation(double[][] a) {
        int m = a.length;
        double[][] y = copy(a);
        double[][] ds = new double[m][m];
        for (int it = 0; it < HIGHAM_MAX_ITERATIONS; it++) {
            double[][] rr = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    rr[i][j] = y[i][j] - ds[i][j];
                }
            }
            double[][] x = floorEigenvalues(rr);
            double change = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    ds[i][j] = x[i][j] - rr[i][j];
                    double next = i == j ? 1 : x[i][j];
                    double d = next - y[i][j];
                    change += d * d;
                    y[i][j] = next;
                }
            }
            if (Math.sqrt(change) < HIGHAM_TOLERANCE * m) {
                break;
            }
        }
        double[][] x = floorEigenvalues(y);
        double[] scale = new double[m];
        for (int i = 0; i < m; i++) {
            scale[i] = 1 / Math.sqrt(x[i][i]);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                x[i][j] = i == j ? 1 : x[i][j] * scale[i] * scale[j];
            }
        }
        return x;
    }

    private static double[][] floorEigenvalues(double[][] a) {
        int m = a.length;
        double[][] sym = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                sym[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(sym, false));
        RealMatrix v = eig.getV();
        double[] lambda = eig.getRealEigenvalues();
        double[][] out = new double[m][m];
        for (int k = 0; k < m; k++) {
            double lk = Math.max(lambda[k], EIGEN_FLOOR);
            double[] col = v.getColumn(k);
            for (int i = 0; i < m; i++) {
                double ci = lk * col[i];
                for (int j = 0; j < m; j++) {
                    out[i][j] += ci * col[j];
                }
            }
        }
        return out;
    }

    private static String describeRepair(double smallest, double[][] repaired, double[][] spearman, int[] indices,
            List<String> names) {
        double worst = -1;
        int wi = 0;
        int wj = 1;
        double wNew = 0;
        int m = repaired.length;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double rho = 6 / Math.PI * Math.asin(Math.max(-1, Math.min(1, repaired[i][j] / 2)));
                double change = Math.abs(rho - spearman[i][j]);
                if (change > worst) {
                    worst = change;
                    wi = i;
                    wj = j;
                    wNew = rho;
                }
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT,
                "correlations: the correlation matrix was not positive definite (smallest eigenvalue %.6g);"
                        + " repaired to the nearest correlation matrix (Higham 2002)", smallest));
        parts.add(String.format(Locale.ROOT,
                "the largest change of any Spearman rho is %.4f ('%s', '%s': %.4f -> %.4f)", worst,
                names.get(indices[wi]), names.get(indices[wj]), spearman[wi][wj], wNew));
        return String.join("; ", parts);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /**
     * {@code Phi^-1(p)} by Wichura's (1988) algorithm AS 241 (PPND16): a rational function of
     * {@code (p - 1/2)^2} for {@code |p - 1/2| <= 0.425}, else of {@code sqrt(-log(min(p, 1 - p)))}
     * in two pieces split at 5; relative error about {@code 1e-16}, within {@code 1e-15} of
     * commons-statistics on a grid of {@code 2e6} points and at every {@code 2^-k}. About twice as
     * fast as commons' {@code InverseErfc}-based inverse. {@code p} outside {@code (0, 1)} goes to
     * commons.
     */
    public static double inverseStandardNormal(double p) {
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
                    + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
                    + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
                    + 1.3314166789178437745e+2) * r + 3.3871328727963666080e0)
                    / (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
                    + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
                    + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
                    + 4.2313330701600911252e+1) * r + 1.0);
        }
        double tail = q < 0 ? p : 1 - p;
        if (!(tail > 0)) {
            return Marginals.STANDARD_NORMAL.inverseCumulativeProbability(p);
        }
        double r = Math.sqrt(-Math.log(tail));
        double z;
        if (r <= 5) {
            r -= 1.6;
            z = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                    + 2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r
                    + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
                    + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
                    / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                    + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
                    + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
                    + 2.05319162663775882187e0) * r + 1.0);
        } else {
            r -= 5;
            z = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                    + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
                    + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
                    + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
                    / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                    + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
                    + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                    + 5.99832206555887937690e-1) * r + 1.0);
        }
        return q < 0 ? -z : z;
    }

    /** The warning that says how the matrix was repaired, when it was. */
    public Optional<String> repairWarning() {
        return Optional.ofNullable(warning);
    }

    /** The sorted indices, into the input vector, of the inputs named in any correlation (a copy). */
    public int[] correlatedIndices() {
        return indices.clone();
    }

    /** Whether the copula leaves every point unchanged (no correlation, or all {@code rho = 0}). */
    public boolean isIdentity() {
        return identity;
    }

    /** The number of inputs, {@code inputNames.size()}. */
    int inputCount() {
        return inputCount;
    }

    /**
     * Imposes the correlations on {@code u}, in place, at {@link #correlatedIndices()} only; the
     * results are clamped into {@code [2^-53, 1 - 2^-53]}, so stay strictly inside {@code (0,1)}.
     * Does nothing when {@link #isIdentity()}.
     *
     * @param u a point, strictly inside {@code (0,1)} at the correlated indices
     * @param scratch work space of length {@code >= 2 * correlatedIndices().length}
     */
    public void apply(double[] u, double[] scratch) {
        if (identity) {
            return;
        }
        int m = indices.length;
        correlate(u, scratch, m);
        for (int i = 0; i < m; i++) {
            double p = StandardNormalCdf.cdf(scratch[m + i]);
            u[indices[i]] = Math.max(Streams.TWO_POW_M53, Math.min(Streams.ONE_BELOW, p));
        }
    }

    /**
     * {@link #apply} with commons-statistics' {@code Phi} (Boost's {@code erfc}), as the copula
     * computed it before {@code StandardNormalCdf}: within a few ulps of {@link #apply}, more in
     * the far lower tail where this one is the less accurate. Kept for tests and benchmarks.
     */
    public void applyReference(double[] u, double[] scratch) {
        if (identity) {
            return;
        }
        int m = indices.length;
        correlate(u, scratch, m);
        for (int i = 0; i < m; i++) {
            double p = Marginals.STANDARD_NORMAL.cumulativeProbability(scratch[m + i]);
            u[indices[i]] = Math.max(Streams.TWO_POW_M53, Math.min(Streams.ONE_BELOW, p));
        }
    }

    /** {@code scratch[m..2m) = L Phi^-1(u)} at the correlated indices. */
    private void correlate(double[] u, double[] scratch, int m) {
        for (int i = 0; i < m; i++) {
            scratch[i] = inverseStandardNormal(u[indices[i]]);
        }
        for (int i = 0; i < m; i++) {
            int ri = i * (i + 1) / 2;
            double s = 0;
            for (int k = 0; k <= i; k++) {
                s += lower[ri + k] * scratch[k];
            }
            scratch[m + i] = s;
        }
    }
}
