package dev.chipmc.engine.sampling;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The standard normal CDF {@code Phi(z)} by a table of Taylor polynomials, for the copula's
 * per-sample {@code u' = Phi(z')}: no branch on the data in its range, no division, no exponential,
 * where commons-statistics' {@code Phi} (Boost's {@code erfc}) picks one of several rational
 * functions, divides twice and calls {@code exp}.
 *
 * <p><b>Formula.</b> With {@code t = |z|} and {@code Q(t) = 1 - Phi(t)}, {@code [0, T)} with
 * {@code T = }{@value #T} is cut into intervals of width {@code h = 1/16}; on the interval with
 * midpoint {@code c}, {@code Q(c + d) = sum_{k=0..13} b_k d^k}, {@code b_0} held as a sum of two doubles, {@code |d| <= 1/32}, with the Taylor
 * coefficients {@code b_0 = Q(c)} and {@code b_k = (-1)^k He_{k-1}(c) phi(c) / k!} (since
 * {@code Q' = -phi} and {@code phi^(n) = (-1)^n He_n phi}, {@code He} the probabilists' Hermite
 * polynomials). They are computed once, in 60-digit decimal arithmetic, from
 * {@code Q(c) = phi(c) (sqrt(pi/2) e^(c^2/2) - S(c))}, {@code S(c) = sum_n c^(2n+1)/(2n+1)!!}, and
 * rounded to doubles. Then {@code Phi(z) = Q(t)} for {@code z <= 0}, {@code 1 - Q(t)} for
 * {@code z > 0}. Outside {@code (-T, T)} (probability below {@code 2e-17}) and for NaN it is
 * commons-statistics' {@code Phi}.
 *
 * <p><b>Accuracy.</b> The truncated terms are below {@code (c |d|)^14 / 14! < 2e-19} relative to
 * {@code Q(c)}; the polynomial's terms alternate in sign with a sum of magnitudes under
 * {@code e^(2 c |d|) < 1.8} times the value, so Horner's rounding stays near one ulp. Measured
 * against a 50-digit reference (see the test) the relative error is at most a few ulps over the
 * whole range, where commons' grows like {@code z^2} ulps in the lower tail (its argument
 * {@code -z / sqrt 2} is rounded before {@code erfc}).
 *
 * <p>Horner's steps are {@link Math#fma} (one rounding each; an intrinsic on x86-64 with FMA3 and
 * on AArch64, and the same doubles everywhere, as fma is correctly rounded).
 *
 * <p>Immutable tables, thread-safe.
 */
final class StandardNormalCdf {

    /** Where the table stops. */
    static final double T = 8.5;
    private static final int PER_UNIT = 16;
    private static final double H = 1.0 / PER_UNIT;
    private static final int DEGREE = 13;
    /** Per interval: {@code b_0} rounded, {@code b_1..b_13}, then {@code Q(c) - b_0} rounded. */
    private static final int STRIDE = DEGREE + 2;
    private static final int LO = DEGREE + 1;
    private static final int INTERVALS = (int) (T * PER_UNIT);
    /** The table, as {@link #computeTable()} gives it, stored as raw IEEE bits in a class-path resource. */
    static final String RESOURCE = "standard-normal-cdf-taylor.bin";
    private static final double[] COEF = load();

    private StandardNormalCdf() {
    }

    /** {@code Phi(z)}. */
    static double cdf(double z) {
        double t = Math.abs(z);
        if (!(t < T)) {
            return Marginals.STANDARD_NORMAL.cumulativeProbability(z);
        }
        int i = (int) (t * PER_UNIT);
        double d = t - (i + 0.5) * H;
        double[] c = COEF;
        int o = i * STRIDE;
        double q = c[o + 13];
        q = Math.fma(q, d, c[o + 12]);
        q = Math.fma(q, d, c[o + 11]);
        q = Math.fma(q, d, c[o + 10]);
        q = Math.fma(q, d, c[o + 9]);
        q = Math.fma(q, d, c[o + 8]);
        q = Math.fma(q, d, c[o + 7]);
        q = Math.fma(q, d, c[o + 6]);
        q = Math.fma(q, d, c[o + 5]);
        q = Math.fma(q, d, c[o + 4]);
        q = Math.fma(q, d, c[o + 3]);
        q = Math.fma(q, d, c[o + 2]);
        q = Math.fma(q, d, c[o + 1]);
        // Q(c) as the unevaluated sum hi + lo: the sum's only rounding is the last one.
        q = c[o] + Math.fma(q, d, c[o + LO]);
        // z <= 0 (sign bit set, or +0 where both give 1/2): Q(t); z > 0: 1 - Q(t). Selected on
        // bits, as the sign of z is a coin flip for the branch predictor.
        long negative = Double.doubleToRawLongBits(z) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(q) & negative)
                | (Double.doubleToRawLongBits(1 - q) & ~negative));
    }

    /** {@code Q(x)} in decimal arithmetic with {@code mc}'s precision, for {@code 0 <= x <= T}; also used by the test. */
    static BigDecimal upperTail(BigDecimal x, MathContext mc) {
        BigDecimal[] qPhi = upperTailAndDensity(x, mc);
        return qPhi[0];
    }

    /** {@code {Q(x), phi(x)}}. */
    private static BigDecimal[] upperTailAndDensity(BigDecimal x, MathContext mc) {
        BigDecimal half = x.multiply(x, mc).divide(BigDecimal.valueOf(2), mc);
        BigDecimal e = exp(half, mc);
        BigDecimal pi = new BigDecimal(PI);
        BigDecimal sqrtTwoPi = pi.multiply(BigDecimal.valueOf(2), mc).sqrt(mc);
        BigDecimal sqrtHalfPi = pi.divide(BigDecimal.valueOf(2), mc).sqrt(mc);
        BigDecimal x2 = x.multiply(x, mc);
        BigDecimal term = x;
        BigDecimal s = BigDecimal.ZERO;
        BigDecimal eps = e.multiply(BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5), mc);
        for (int n = 0; term.compareTo(eps) > 0 || n < 2 * x2.doubleValue() + 2; n++) {
            s = s.add(term, mc);
            term = term.multiply(x2, mc).divide(BigDecimal.valueOf(2L * n + 3), mc);
        }
        BigDecimal phi = BigDecimal.ONE.divide(sqrtTwoPi.multiply(e, mc), mc);
        BigDecimal q = phi.multiply(sqrtHalfPi.multiply(e, mc).subtract(s, mc), mc);
        return new BigDecimal[] {q, phi};
    }

    private static BigDecimal exp(BigDecimal x, MathContext mc) {
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int k = 1; term.compareTo(eps) > 0 || k < x.doubleValue() + 2; k++) {
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(k), mc);
            sum = sum.add(term, mc);
        }
        return sum;
    }

    /**
     * Reads the table from {@link #RESOURCE}: computing it in decimal arithmetic takes about 0.3 s,
     * a cost every run would pay at start-up. A test recomputes it with {@link #computeTable()} and
     * compares every bit; {@code StandardNormalCdfTest} also rewrites the resource when run with
     * {@code -Dchipmc.writePhiTable=PATH}.
     */
    private static double[] load() {
        double[] coef = new double[INTERVALS * STRIDE];
        try (var in = StandardNormalCdf.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            var data = new java.io.DataInputStream(new java.io.BufferedInputStream(in));
            for (int i = 0; i < coef.length; i++) {
                coef[i] = Double.longBitsToDouble(data.readLong());
            }
            if (data.read() != -1) {
                throw new IllegalStateException(RESOURCE + " holds more than " + coef.length + " values");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading " + RESOURCE, e);
        }
        return coef;
    }

    /** The table's coefficients, in 60-digit decimal arithmetic: see the class comment. */
    static double[] computeTable() {
        MathContext mc = new MathContext(60);
        double[] coef = new double[INTERVALS * STRIDE];
        for (int i = 0; i < INTERVALS; i++) {
            BigDecimal c = BigDecimal.valueOf(i + 0.5).divide(BigDecimal.valueOf(PER_UNIT), mc);
            BigDecimal[] qPhi = upperTailAndDensity(c, mc);
            int o = i * STRIDE;
            coef[o] = qPhi[0].doubleValue();
            coef[o + LO] = qPhi[0].subtract(new BigDecimal(coef[o]), mc).doubleValue();
            // He_0 = 1, He_1 = c, He_{n+1} = c He_n - n He_{n-1}; b_k = (-1)^k He_{k-1}(c) phi(c) / k!.
            BigDecimal hePrev = BigDecimal.ONE;
            BigDecimal he = c;
            BigDecimal factorial = BigDecimal.ONE;
            for (int k = 1; k <= DEGREE; k++) {
                factorial = factorial.multiply(BigDecimal.valueOf(k));
                BigDecimal heK1 = k == 1 ? BigDecimal.ONE : (k == 2 ? c : null);
                if (k > 2) {
                    // advance to He_{k-1}
                    BigDecimal next = c.multiply(he, mc).subtract(BigDecimal.valueOf(k - 2).multiply(hePrev), mc);
                    hePrev = he;
                    he = next;
                    heK1 = he;
                }
                BigDecimal b = heK1.multiply(qPhi[1], mc).divide(factorial, mc);
                coef[o + k] = (k % 2 == 0 ? b : b.negate()).doubleValue();
            }
        }
        return coef;
    }

    private static final String PI =
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798";
}
