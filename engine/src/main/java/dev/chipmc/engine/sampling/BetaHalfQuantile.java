package dev.chipmc.engine.sampling;

import java.util.Arrays;

import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * The lower half of the quantile function of a Beta(p, q) distribution, {@code y = Q(s)} for
 * {@code s} in {@code (0, 1/2]}, tabulated once and then evaluated in a few nanoseconds, where
 * commons-statistics' root finder takes microseconds. The upper half of Beta(a, b) is one minus
 * the lower half of Beta(b, a) at {@code 1 - u}, so two tables give a quantile function that keeps
 * its precision in both tails.
 *
 * <p><b>Grid.</b> Binade {@code k = 0, 1, ..} is {@code [2^-(k+2), 2^-(k+1))}, cut into
 * {@code 2^m_k} equal intervals; the binade, the interval and the position {@code t} in it are
 * read off the bits of {@code s} (exponent, leading mantissa bits, the rest, exactly), so a lookup
 * costs no division or logarithm. Near 0 the quantile is a power law,
 * {@code Q(s) ~ (p B(p,q) s)^(1/p)}, whose unbounded derivatives (for {@code p > 1}) a uniform grid
 * in {@code s} cannot follow, but whose shape is the same in every binade: a logarithmic grid keeps
 * the relative error the same all the way down.
 *
 * <p><b>Interpolant.</b> On each interval, the degree-7 Hermite polynomial that matches {@code Q}
 * and its first three derivatives at both ends: with {@code f} the density and
 * {@code r(y) = (log f)'(y) = (p-1)/y - (q-1)/(1-y)}, {@code Q' = 1/f(Q)},
 * {@code Q'' = -r Q'^2}, {@code Q''' = (2 r^2 - r') Q'^3}. Its error on an interval of width
 * {@code h} is {@code |Q^(8)(xi)| h^8 / (8! 2^8)} at most, largest mid-interval (the Hermite
 * remainder {@code Q^(8)(xi)/8! (t (1-t))^4 h^8}).
 *
 * <p><b>Nodes and accuracy.</b> Node values solve {@code I_y(p, q) = s} (commons-numbers' regularized
 * incomplete beta, accurate to a few ulps) by Halley's method from a power-law extrapolation of
 * the neighbouring node, falling back to commons-statistics' inverse CDF. Each binade starts with
 * the previous binade's interval count, halved, and is refined until the interpolant differs from
 * a solved value at every interval's midpoint by at most {@code min(ABS_TOL, REL_TOL y)}. The
 * table stops at {@code 2^-(BINADES+1)}, or higher up at the first binade that needs more than
 * {@code 2^LOG2_M_MAX} intervals or where a derivative overflows (extreme shapes); below it,
 * {@link #at} calls commons-statistics, which for uniforms on {@code (0, 1)} happens with
 * probability {@code 2^-20} or less per half.
 *
 * <p><b>Monotonicity.</b> The floating-point value of each interval's polynomial at the last
 * double before its end is made no larger than the next node's value (by lowering the top
 * coefficient by an ulp or two where rounding put it above), and values below the table are
 * capped at the table's first value, so {@link #at} is non-decreasing across interval, binade and
 * table boundaries.
 *
 * <p>Immutable and thread-safe.
 */
final class BetaHalfQuantile {

    /** Binades tabulated at most: {@code s} in {@code [2^-21, 1/2)}. */
    static final int BINADES = 20;
    static final int LOG2_M_MIN = 1;
    static final int LOG2_M_MAX = 7;
    /** Target absolute error of the interpolant, on the {@code [0, 1]} scale. */
    static final double ABS_TOL = 5e-15;
    /** Target relative error of the interpolant; it binds in the tails, where {@code y} is small. */
    static final double REL_TOL = 1e-11;

    /** Coefficients per interval: degree 7, constant first. */
    private static final int STRIDE = 8;
    /** The biased exponent of the doubles in {@code [1/4, 1/2)}, binade 0. */
    private static final int TOP_EXPONENT = 1021;
    private static final long MANTISSA = (1L << 52) - 1;
    private static final int MAX_ITERATIONS = 60;
    /** Values too close to underflow for a relative tolerance. */
    private static final double TINY = 1e-290;

    private final BetaDistribution exact;
    /** {@code Q(1/2)}, which the grid does not reach ({@code s < 1/2} there). */
    private final double half;
    /** The smallest {@code s} the grid covers, {@code 2^-(binades + 1)}, and {@code Q} there. */
    private final double sMin;
    private final double yMin;
    private final int[] log2m;
    /** The index of each binade's first interval. */
    private final int[] first;
    private final double[] coef;

    private BetaHalfQuantile(BetaDistribution exact, double half, double sMin, double yMin, int[] log2m,
            int[] first, double[] coef) {
        this.exact = exact;
        this.half = half;
        this.sMin = sMin;
        this.yMin = yMin;
        this.log2m = log2m;
        this.first = first;
        this.coef = coef;
    }

    /**
     * The table of Beta(p, q).
     *
     * @param half the value to use for {@code Q(1/2)}, or NaN to solve for it (the upper half of a
     *     distribution takes one minus the lower half's, so that the halves meet without a step back)
     */
    static BetaHalfQuantile of(double p, double q, double half) {
        return new Builder(p, q).build(half);
    }

    /**
     * {@code Q(s)}.
     *
     * @param s in {@code (0, 1/2]}; others go to commons-statistics, which rejects those outside
     *     {@code [0, 1]}
     */
    double at(double s) {
        if (s >= sMin && s < 0.5) {
            long bits = Double.doubleToRawLongBits(s);
            int k = TOP_EXPONENT - (int) (bits >>> 52);
            int m = log2m[k];
            long mantissa = bits & MANTISSA;
            int i = STRIDE * (first[k] + (int) (mantissa >>> (52 - m)));
            double t = ((mantissa << m) & MANTISSA) * 0x1.0p-52;
            return poly(coef, i, t);
        }
        if (s == 0.5) {
            return half;
        }
        return Math.min(yMin, exact.inverseCumulativeProbability(s));
    }

    /** The number of intervals tabulated ({@value #STRIDE} doubles each). */
    int intervals() {
        return coef.length / STRIDE;
    }

    /** The smallest {@code s} the table covers; below it {@link #at} solves exactly. */
    double tableStart() {
        return sMin;
    }

    private static double poly(double[] c, int i, double t) {
        return c[i] + t * (c[i + 1] + t * (c[i + 2] + t * (c[i + 3]
                + t * (c[i + 4] + t * (c[i + 5] + t * (c[i + 6] + t * c[i + 7]))))));
    }

    /** Solves for node values and assembles the table. */
    private static final class Builder {
        private final double p;
        private final double q;
        private final double logB;
        private final BetaDistribution exact;

        Builder(double p, double q) {
            this.p = p;
            this.q = q;
            this.logB = LogBeta.value(p, q);
            this.exact = BetaDistribution.of(p, q);
        }

        BetaHalfQuantile build(double halfGiven) {
            double half = Double.isNaN(halfGiven) ? exact.inverseCumulativeProbability(0.5) : halfGiven;
            int[] log2m = new int[BINADES];
            int[] first = new int[BINADES];
            double[] coef = new double[STRIDE * 16 * BINADES];
            int used = 0;
            int binades = 0;
            Node top = node(0.5, half);
            int m = LOG2_M_MIN + 1;
            for (int k = 0; k < BINADES; k++) {
                double start = Math.scalb(1.0, -(k + 2));
                m = Math.max(LOG2_M_MIN, m - 1);
                Node[] nodes = solve(start, 1 << m, top);
                double[] c;
                while (true) {
                    c = coefficients(nodes);
                    if (c == null) {
                        break;
                    }
                    Node[] mids = midpoints(start, nodes);
                    if (accurate(c, mids)) {
                        break;
                    }
                    if (m == LOG2_M_MAX) {
                        c = null;
                        break;
                    }
                    nodes = interleave(nodes, mids);
                    m++;
                }
                if (c == null) {
                    break;
                }
                int n = 1 << m;
                if (STRIDE * (used + n) > coef.length) {
                    coef = Arrays.copyOf(coef, Math.max(2 * coef.length, STRIDE * (used + n)));
                }
                System.arraycopy(c, 0, coef, STRIDE * used, STRIDE * n);
                log2m[k] = m;
                first[k] = used;
                used += n;
                binades++;
                top = nodes[0];
            }
            return new BetaHalfQuantile(exact, half, Math.scalb(1.0, -(binades + 1)), top.y,
                    Arrays.copyOf(log2m, binades), Arrays.copyOf(first, binades), Arrays.copyOf(coef, STRIDE * used));
        }

        /** Nodes {@code start (1 + j/n)}, {@code j = 0..n}, the last being {@code top}. */
        private Node[] solve(double start, int n, Node top) {
            Node[] nodes = new Node[n + 1];
            nodes[n] = top;
            for (int j = n - 1; j >= 0; j--) {
                nodes[j] = solveNear(start * (1 + (double) j / n), nodes[j + 1]);
            }
            return nodes;
        }

        private Node[] midpoints(double start, Node[] nodes) {
            int n = nodes.length - 1;
            Node[] mids = new Node[n];
            for (int j = 0; j < n; j++) {
                mids[j] = solveNear(start * (1 + (j + 0.5) / n), nodes[j + 1]);
            }
            return mids;
        }

        private static Node[] interleave(Node[] nodes, Node[] mids) {
            int n = mids.length;
            Node[] out = new Node[2 * n + 1];
            for (int j = 0; j < n; j++) {
                out[2 * j] = nodes[j];
                out[2 * j + 1] = mids[j];
            }
            out[2 * n] = nodes[n];
            return out;
        }

        /**
         * The Hermite coefficients of each interval in {@code t = (s - s_j)/h}, derivatives scaled
         * by powers of {@code h}: {@code c_0..c_3} from the left end's Taylor terms, {@code c_4..c_7}
         * from the right end's, solving {@code sum_k binom(k, i) c_k = (Taylor residual)_i},
         * {@code i = 0..3}, whose inverse matrix has the integer rows below. Null if any is not finite.
         */
        private double[] coefficients(Node[] nodes) {
            int n = nodes.length - 1;
            double h = nodes[1].s - nodes[0].s;
            double h2 = h * h;
            double h3 = h2 * h;
            double tEnd = 1 - Math.ulp(nodes[0].s) / h;
            double[] c = new double[STRIDE * n];
            for (int j = 0; j < n; j++) {
                Node a = nodes[j];
                Node b = nodes[j + 1];
                double d0 = a.q1 * h;
                double s0 = a.q2 * h2;
                double w0 = a.q3 * h3;
                int i = STRIDE * j;
                c[i] = a.y;
                c[i + 1] = d0;
                c[i + 2] = 0.5 * s0;
                c[i + 3] = w0 / 6;
                double ra = (b.y - a.y) - d0 - c[i + 2] - c[i + 3];
                double rb = b.q1 * h - d0 - s0 - 0.5 * w0;
                double rc = b.q2 * h2 - s0 - w0;
                double rd = b.q3 * h3 - w0;
                c[i + 4] = 35 * ra - 15 * rb + 2.5 * rc - rd / 6;
                c[i + 5] = -84 * ra + 39 * rb - 7 * rc + 0.5 * rd;
                c[i + 6] = 70 * ra - 34 * rb + 6.5 * rc - 0.5 * rd;
                c[i + 7] = -20 * ra + 10 * rb - 2 * rc + rd / 6;
                for (int r = 0; r < STRIDE; r++) {
                    if (!Double.isFinite(c[i + r])) {
                        return null;
                    }
                }
                for (int tries = 0; tries < 8 && poly(c, i, tEnd) > b.y; tries++) {
                    c[i + 7] -= Math.ulp(b.y);
                }
            }
            return c;
        }

        private static boolean accurate(double[] c, Node[] mids) {
            for (int j = 0; j < mids.length; j++) {
                double v = poly(c, STRIDE * j, 0.5);
                double y = mids[j].y;
                if (!(Math.abs(v - y) <= Math.max(TINY, Math.min(ABS_TOL, REL_TOL * y)))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The node at {@code s}, solved from the guess {@code y_n (s/s_n)^e}, {@code e = s_n Q'(s_n) / y_n}
         * the elasticity of the quantile at the neighbour {@code n} (exact for a power law).
         */
        private Node solveNear(double s, Node near) {
            double y = near.y;
            if (y > 0 && near.q1 > 0 && Double.isFinite(near.q1)) {
                y = near.y * Math.pow(s / near.s, near.s * near.q1 / near.y);
            }
            double solved = halley(s, y);
            return node(s, Double.isNaN(solved) ? exact.inverseCumulativeProbability(s) : solved);
        }

        /**
         * The root of {@code I_y(p, q) = s} by Halley's method from {@code guess}, kept inside the
         * bracket the signs have established (bisecting when a step leaves it); NaN when it does
         * not converge to a relative step of {@code 1e-14} (after which the error is far below an ulp).
         */
        private double halley(double s, double guess) {
            double lo = 0;
            double hi = 1;
            double y = guess;
            if (!(y > 0 && y < 1)) {
                return Double.NaN;
            }
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double g = RegularizedBeta.value(y, p, q) - s;
                if (g == 0) {
                    return y;
                }
                if (g > 0) {
                    hi = y;
                } else {
                    lo = y;
                }
                double f = density(y);
                if (!(f > 0 && Double.isFinite(f))) {
                    return Double.NaN;
                }
                double step = g / f;
                double denominator = 1 - 0.5 * step * logDensitySlope(y);
                double next = denominator > 0.5 && denominator < 2 ? y - step / denominator : y - step;
                if (Math.abs(next - y) <= 1e-14 * y) {
                    return next;
                }
                if (!(next > lo && next < hi)) {
                    next = 0.5 * (lo + hi);
                }
                y = next;
            }
            return Double.NaN;
        }

        private double density(double y) {
            return Math.exp((p - 1) * Math.log(y) + (q - 1) * Math.log1p(-y) - logB);
        }

        /** {@code r(y) = f'(y)/f(y)}. */
        private double logDensitySlope(double y) {
            return (p - 1) / y - (q - 1) / (1 - y);
        }

        private Node node(double s, double y) {
            if (y == 0) {
                return new Node(s, 0, p < 1 ? 0 : Double.POSITIVE_INFINITY, 0, 0);
            }
            double q1 = 1 / density(y);
            if (q1 == 0) {
                return new Node(s, y, 0, 0, 0);
            }
            double r = logDensitySlope(y);
            double dr = -(p - 1) / (y * y) - (q - 1) / ((1 - y) * (1 - y));
            return new Node(s, y, q1, -r * q1 * q1, q1 * q1 * q1 * (2 * r * r - dr));
        }
    }

    /** A solved point of the quantile: {@code y = Q(s)} and its first three derivatives there. */
    private record Node(double s, double y, double q1, double q2, double q3) {
    }
}
