package dev.chipmc.engine.sampling;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

import dev.chipmc.model.Distribution;

/** The {@link Marginal} of each {@link Distribution}; see {@link Marginal#of} for the formulas. */
final class Marginals {

    static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Marginals() {
    }

    static Marginal of(Distribution d) {
        Objects.requireNonNull(d, "distribution");
        return switch (d) {
            case Distribution.Fixed f -> new Fixed(f.value());
            case Distribution.Uniform un -> new Uniform(un.lo(), un.hi() - un.lo());
            case Distribution.Triangular t -> new Triangular(t.lo(), t.mode(), t.hi());
            case Distribution.Pert p -> {
                double range = p.hi() - p.lo();
                double alpha = 1 + p.lambda() * (p.mode() - p.lo()) / range;
                double beta = 1 + p.lambda() * (p.hi() - p.mode()) / range;
                yield ScaledBeta.of(alpha, beta, p.lo(), range);
            }
            case Distribution.Beta b -> ScaledBeta.of(b.alpha(), b.beta(), b.lo(), b.hi() - b.lo());
            case Distribution.Normal n -> normal(n);
            case Distribution.LogNormal ln -> logNormal(ln);
            case Distribution.Discrete di -> discrete(di);
            case Distribution.Empirical e -> empirical(e);
            case Distribution.Histogram h -> histogram(h);
        };
    }

    private static Marginal normal(Distribution.Normal n) {
        if (n.lo() == Double.NEGATIVE_INFINITY && n.hi() == Double.POSITIVE_INFINITY) {
            NormalDistribution dist = NormalDistribution.of(n.mean(), n.sd());
            return dist::inverseCumulativeProbability;
        }
        TruncatedStandardNormal z = TruncatedStandardNormal.of(
                (n.lo() - n.mean()) / n.sd(), (n.hi() - n.mean()) / n.sd(), "normal", n.lo(), n.hi());
        double mean = n.mean();
        double sd = n.sd();
        double lo = n.lo();
        double hi = n.hi();
        return u -> Math.max(lo, Math.min(hi, mean + sd * z.inverse(u)));
    }

    private static Marginal logNormal(Distribution.LogNormal ln) {
        if (ln.lo() <= 0 && ln.hi() == Double.POSITIVE_INFINITY) {
            LogNormalDistribution dist = LogNormalDistribution.of(ln.mu(), ln.sigma());
            return dist::inverseCumulativeProbability;
        }
        double zlo = ln.lo() > 0 ? (Math.log(ln.lo()) - ln.mu()) / ln.sigma() : Double.NEGATIVE_INFINITY;
        double zhi = ln.hi() > 0 ? (Math.log(ln.hi()) - ln.mu()) / ln.sigma() : Double.NEGATIVE_INFINITY;
        TruncatedStandardNormal z = TruncatedStandardNormal.of(zlo, zhi, "lognormal", ln.lo(), ln.hi());
        double mu = ln.mu();
        double sigma = ln.sigma();
        double lo = ln.lo();
        double hi = ln.hi();
        return u -> Math.max(lo, Math.min(hi, Math.exp(mu + sigma * z.inverse(u))));
    }

    /**
     * The standard normal restricted to {@code [zlo, zhi]}: {@code u} rescaled into the CDF range of
     * the interval. When {@code zlo > 0} the interval lies in the upper tail, where {@code Phi} is
     * close to 1 and loses digits, so the rescaling runs on survival probabilities instead.
     */
    private record TruncatedStandardNormal(boolean upper, double p0, double width, double zlo, double zhi) {

        static TruncatedStandardNormal of(double zlo, double zhi, String what, double lo, double hi) {
            boolean upper = zlo > 0;
            double p0;
            double p1;
            if (upper) {
                p0 = STANDARD_NORMAL.survivalProbability(zlo);
                p1 = STANDARD_NORMAL.survivalProbability(zhi);
            } else {
                p0 = STANDARD_NORMAL.cumulativeProbability(zlo);
                p1 = STANDARD_NORMAL.cumulativeProbability(zhi);
            }
            double width = p1 - p0;
            if (width == 0) {
                throw new IllegalArgumentException(what + ": the truncation interval [" + lo + ", " + hi
                        + "] holds no probability (it lies beyond 37 standard deviations or is empty)");
            }
            return new TruncatedStandardNormal(upper, p0, width, zlo, zhi);
        }

        double inverse(double u) {
            double p = p0 + u * width;
            if (p <= 0) {
                p = Double.MIN_VALUE;
            } else if (p >= 1) {
                p = Streams.ONE_BELOW;
            }
            double z = upper ? STANDARD_NORMAL.inverseSurvivalProbability(p) : STANDARD_NORMAL.inverseCumulativeProbability(p);
            return Math.max(zlo, Math.min(zhi, z));
        }
    }

    private record Fixed(double value) implements Marginal {
        @Override
        public double inverse(double u) {
            return value;
        }
    }

    record Uniform(double lo, double range) implements Marginal {
        @Override
        public double inverse(double u) {
            return lo + u * range;
        }
    }

    /** Package-private so that {@link InputSampler} can run its formula branch-free over many at once. */
    static final class Triangular implements Marginal {
        final double lo;
        final double hi;
        final double split;
        final double left;
        final double right;

        Triangular(double lo, double mode, double hi) {
            this.lo = lo;
            this.hi = hi;
            this.split = (mode - lo) / (hi - lo);
            this.left = (hi - lo) * (mode - lo);
            this.right = (hi - lo) * (hi - mode);
        }

        @Override
        public double inverse(double u) {
            return u < split ? lo + Math.sqrt(u * left) : hi - Math.sqrt((1 - u) * right);
        }
    }

    /**
     * {@code lo + range B^-1(u)}: {@code B^-1(u)} from the table of Beta(alpha, beta) for
     * {@code u <= 1/2}, and {@code 1 - B'^-1(1 - u)} from the table of Beta(beta, alpha) above
     * ({@code 1 - u} is exact there). The upper table's {@code Q(1/2)} is one minus the lower's,
     * rounded down where needed so that {@code 1 - Q'(1/2) >= Q(1/2)}: the halves meet without a
     * step back. A symmetric shape uses one table, with {@code Q(1/2) = 1/2}.
     */
    private record ScaledBeta(BetaHalfQuantile lower, BetaHalfQuantile upper, double lo, double range)
            implements Marginal {

        static ScaledBeta of(double alpha, double beta, double lo, double range) {
            if (alpha == beta) {
                BetaHalfQuantile both = BetaHalfQuantile.of(alpha, alpha, 0.5);
                return new ScaledBeta(both, both, lo, range);
            }
            BetaHalfQuantile lower = BetaHalfQuantile.of(alpha, beta, Double.NaN);
            double median = lower.at(0.5);
            double upperMedian = 1 - median;
            if (1 - upperMedian < median) {
                upperMedian = Math.nextDown(upperMedian);
            }
            return new ScaledBeta(lower, BetaHalfQuantile.of(beta, alpha, upperMedian), lo, range);
        }

        @Override
        public double inverse(double u) {
            double x = u <= 0.5 ? lower.at(u) : 1 - upper.at(1 - u);
            return lo + range * x;
        }
    }

    /** Sorted distinct values and their cumulative probabilities, the last exactly 1. */
    private record Discrete(double[] values, double[] cumulative) implements Marginal {
        @Override
        public double inverse(double u) {
            int n = cumulative.length;
            if (n <= 8) {
                for (int i = 0; i < n - 1; i++) {
                    if (u < cumulative[i]) {
                        return values[i];
                    }
                }
                return values[n - 1];
            }
            int k = Arrays.binarySearch(cumulative, u);
            // first index with cumulative > u
            int i = k >= 0 ? k + 1 : -k - 1;
            while (i < n - 1 && !(u < cumulative[i])) {
                i++;
            }
            return values[Math.min(i, n - 1)];
        }
    }

    private static Marginal discrete(Distribution.Discrete d) {
        TreeMap<Double, Double> byValue = new TreeMap<>();
        for (int i = 0; i < d.values().size(); i++) {
            double v = d.values().get(i);
            byValue.merge(v == 0 ? 0.0 : v, d.probabilities().get(i), Double::sum);
        }
        byValue.values().removeIf(p -> p == 0);
        double total = byValue.values().stream().mapToDouble(Double::doubleValue).sum();
        double[] values = new double[byValue.size()];
        double[] cumulative = new double[byValue.size()];
        double acc = 0;
        int i = 0;
        for (var e : byValue.entrySet()) {
            acc += e.getValue();
            values[i] = e.getKey();
            cumulative[i] = acc / total;
            i++;
        }
        cumulative[cumulative.length - 1] = 1;
        if (values.length == 1) {
            return new Fixed(values[0]);
        }
        return new Discrete(values, cumulative);
    }

    private record Empirical(double[] sorted, double last) implements Marginal {
        @Override
        public double inverse(double u) {
            double h = last * u;
            int i = (int) h;
            if (i >= sorted.length - 1) {
                return sorted[sorted.length - 1];
            }
            double lower = sorted[i];
            return lower + (h - i) * (sorted[i + 1] - lower);
        }
    }

    private static Marginal empirical(Distribution.Empirical e) {
        double[] sorted = e.samples().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 1) {
            return new Fixed(sorted[0]);
        }
        return new Empirical(sorted, sorted.length - 1);
    }

    /**
     * Bins with positive weight: {@code left[k]}, {@code widths[k]}, cumulative probability
     * {@code start[k]} before the bin and {@code mass[k]} in it.
     */
    private record Histogram(double[] left, double[] widths, double[] start, double[] mass) implements Marginal {
        @Override
        public double inverse(double u) {
            int k = Arrays.binarySearch(start, u);
            if (k < 0) {
                k = -k - 2;
            }
            k = Math.max(0, Math.min(k, start.length - 1));
            double t = (u - start[k]) / mass[k];
            return left[k] + Math.max(0, Math.min(1, t)) * widths[k];
        }
    }

    private static Marginal histogram(Distribution.Histogram h) {
        int bins = h.weights().size();
        double total = 0;
        int used = 0;
        for (double w : h.weights()) {
            total += w;
            if (w > 0) {
                used++;
            }
        }
        double[] left = new double[used];
        double[] widths = new double[used];
        double[] start = new double[used];
        double[] mass = new double[used];
        double acc = 0;
        int k = 0;
        for (int i = 0; i < bins; i++) {
            double w = h.weights().get(i);
            if (w > 0) {
                left[k] = h.edges().get(i);
                widths[k] = h.edges().get(i + 1) - left[k];
                start[k] = acc / total;
                mass[k] = w / total;
                acc += w;
                k++;
            }
        }
        return new Histogram(left, widths, start, mass);
    }
}
