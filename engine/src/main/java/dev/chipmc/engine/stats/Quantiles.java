package dev.chipmc.engine.stats;

/**
 * Quantiles of sorted data by linear interpolation between order statistics: numpy's default
 * ({@code numpy.quantile(x, p, method='linear')}, Hyndman and Fan 1996 definition 7, also R's
 * default {@code type = 7}).
 *
 * <p>With {@code n} sorted values {@code x[0] <= ... <= x[n-1]} and {@code h = (n - 1) p}:
 * {@code Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])}, and
 * {@code Q(1) = x[n-1]}. The interpolation uses numpy's form ({@code a + (b - a) t} for
 * {@code t < 0.5}, {@code b - (b - a)(1 - t)} otherwise), so results match numpy bit for bit;
 * the one deliberate difference is that two equal neighbours give their value even when infinite
 * (numpy gives NaN there).
 *
 * <p>Stateless and thread-safe.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The {@code p} quantile of the first {@code n} values of {@code sorted}.
     *
     * @param sorted values in ascending order (at least {@code n} of them); not checked for order
     * @param n      how many leading values of {@code sorted} to use, at least 1
     * @param p      probability in [0, 1]
     * @return the interpolated quantile
     * @throws IllegalArgumentException if {@code n} is out of range or {@code p} is not in [0, 1]
     */
    public static double linear(double[] sorted, int n, double p) {
        if (n < 1 || n > sorted.length) {
            throw new IllegalArgumentException("n must be in [1, " + sorted.length + "]: " + n);
        }
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        double h = (n - 1) * p;
        int lo = (int) h;
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double frac = h - lo;
        // numpy's _lerp: a + (b - a) t, switching to b - (b - a)(1 - t) for t >= 0.5, which keeps
        // the result inside [a, b] and equal to b at t = 1.
        double diff = b - a;
        double r = frac >= 0.5 ? b - diff * (1.0 - frac) : a + diff * frac;
        return a == b ? a : r;
    }
}
