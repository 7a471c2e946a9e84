package dev.chipmc.engine.sampling;

import dev.chipmc.model.Distribution;

/**
 * The inverse CDF of one uncertain input's distribution: maps a uniform {@code u} in
 * {@code (0,1)} to a value of the input (MODEL.md section 2). Every implementation is
 * non-decreasing in {@code u}, so rank correlations imposed on the uniforms carry over to the
 * inputs. See {@link #of} for the formula of each distribution. Immutable and thread-safe.
 */
public interface Marginal {

    /**
     * The quantile at {@code u}.
     *
     * @param u strictly inside {@code (0,1)}
     * @return {@code F^-1(u)}
     */
    double inverse(double u);

    /**
     * The inverse CDF of {@code d}, with everything that does not depend on {@code u} computed here:
     * <ul>
     *   <li>fixed: the value; uniform: {@code lo + u (hi - lo)};</li>
     *   <li>triangular: {@code lo + sqrt(u (hi - lo)(mode - lo))} for {@code u < (mode - lo)/(hi - lo)},
     *   else {@code hi - sqrt((1 - u)(hi - lo)(hi - mode))};</li>
     *   <li>PERT: {@code lo + (hi - lo) B^-1(u)} with {@code B} the Beta of
     *   {@code alpha = 1 + lambda (mode - lo)/(hi - lo)}, {@code beta = 1 + lambda (hi - mode)/(hi - lo)};</li>
     *   <li>beta: {@code lo + (hi - lo) B^-1(u)};</li>
     *   <li>for PERT and beta, {@code B^-1} is tabulated once, here, on a grid in {@code u} that is
     *   logarithmic towards both tails, and interpolated (see {@code BetaHalfQuantile}): within
     *   {@code 1e-14 (hi - lo)} of the exact quantile, within {@code 1e-10} relative in either tail,
     *   non-decreasing in {@code u}; for {@code min(u, 1 - u) < 2^-21} (and for extreme shapes, where
     *   the table stops early) it is commons-statistics' root finder;</li>
     *   <li>normal and log-normal: commons-statistics' inverse CDF; when truncated to
     *   {@code [lo, hi]}, {@code u} is rescaled into {@code [F(lo), F(hi)]} (computed on survival
     *   probabilities when the interval lies in the upper tail, so far-tail truncation keeps its
     *   precision), the result clamped into {@code [lo, hi]}; a log-normal's bounds apply to the
     *   value, not its logarithm;</li>
     *   <li>discrete: values sorted ascending (equal values merged), the first whose cumulative
     *   probability exceeds {@code u};</li>
     *   <li>empirical samples: the sorted samples {@code x_0..x_{n-1}} interpolated linearly at
     *   {@code h = (n - 1) u} (numpy's default quantile);</li>
     *   <li>histogram: the bin whose cumulative weight brackets {@code u}, uniform within it.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when a truncation interval holds no probability
     */
    static Marginal of(Distribution d) {
        return Marginals.of(d);
    }
}
