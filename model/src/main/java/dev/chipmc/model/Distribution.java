package dev.chipmc.model;

import java.util.List;
import java.util.Objects;

/**
 * The marginal distribution of an uncertain input (MODEL.md section 2), as a value. Sampling it
 * (inverse CDFs) is the engine's job. Each record checks its parameters and names the bad one in
 * an {@link IllegalArgumentException}.
 *
 * <p>Truncation bounds {@code lo, hi} of {@link Normal} and {@link LogNormal} are
 * {@code -Infinity / +Infinity} when the distribution is not truncated.
 */
public sealed interface Distribution {

    /** A constant. */
    record Fixed(double value) implements Distribution {
        public Fixed {
            Check.finite("value", value);
        }
    }

    /** Uniform on {@code [lo, hi]}. */
    record Uniform(double lo, double hi) implements Distribution {
        public Uniform {
            Check.finite("lo", lo);
            Check.finite("hi", hi);
            Check.order("lo", lo, "hi", hi, true);
        }
    }

    /** Triangular with minimum {@code lo}, mode {@code mode} and maximum {@code hi}. */
    record Triangular(double lo, double mode, double hi) implements Distribution {
        public Triangular {
            Check.finite("lo", lo);
            Check.finite("mode", mode);
            Check.finite("hi", hi);
            Check.order("lo", lo, "hi", hi, true);
            Check.order("lo", lo, "mode", mode, false);
            Check.order("mode", mode, "hi", hi, false);
        }
    }

    /**
     * Beta-PERT on {@code [lo, hi]} with the given mode and shape {@code lambda} (4 in the classic
     * PERT): {@code alpha = 1 + lambda (mode - lo) / (hi - lo)}, {@code beta = 1 + lambda (hi - mode) / (hi - lo)}.
     */
    record Pert(double lo, double mode, double hi, double lambda) implements Distribution {
        public static final double DEFAULT_LAMBDA = 4;

        public Pert {
            Check.finite("lo", lo);
            Check.finite("mode", mode);
            Check.finite("hi", hi);
            Check.order("lo", lo, "hi", hi, true);
            Check.order("lo", lo, "mode", mode, false);
            Check.order("mode", mode, "hi", hi, false);
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda: must be positive and finite, got " + lambda);
            }
        }

        public Pert(double lo, double mode, double hi) {
            this(lo, mode, hi, DEFAULT_LAMBDA);
        }
    }

    /** Normal with mean and standard deviation, optionally truncated to {@code [lo, hi]}. */
    record Normal(double mean, double sd, double lo, double hi) implements Distribution {
        public Normal {
            Check.finite("mean", mean);
            Check.positive("sd", sd);
            Check.bounds(lo, hi);
        }

        public Normal(double mean, double sd) {
            this(mean, sd, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
    }

    /**
     * Log-normal: {@code exp(N(mu, sigma))}, with {@code mu} and {@code sigma} the mean and standard
     * deviation of the logarithm, optionally truncated to {@code [lo, hi]} (in the original scale).
     */
    record LogNormal(double mu, double sigma, double lo, double hi) implements Distribution {
        public LogNormal {
            Check.finite("mu", mu);
            Check.positive("sigma", sigma);
            Check.bounds(lo, hi);
        }

        public LogNormal(double mu, double sigma) {
            this(mu, sigma, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
    }

    /** Beta with shapes {@code alpha, beta}, scaled from {@code [0, 1]} to {@code [lo, hi]}. */
    record Beta(double alpha, double beta, double lo, double hi) implements Distribution {
        public Beta {
            Check.positive("alpha", alpha);
            Check.positive("beta", beta);
            Check.finite("lo", lo);
            Check.finite("hi", hi);
            Check.order("lo", lo, "hi", hi, true);
        }
    }

    /** A discrete distribution over {@code values} with {@code probabilities} (summing to 1 within 1e-9). */
    record Discrete(List<Double> values, List<Double> probabilities) implements Distribution {
        public Discrete {
            values = List.copyOf(values);
            probabilities = List.copyOf(probabilities);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values: must not be empty");
            }
            if (values.size() != probabilities.size()) {
                throw new IllegalArgumentException("probabilities: " + probabilities.size()
                        + " given for " + values.size() + " values; give one per value");
            }
            double sum = 0;
            for (int i = 0; i < values.size(); i++) {
                Check.finite("values[" + i + "]", values.get(i));
                double p = probabilities.get(i);
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("probabilities[" + i + "]: must be in [0, 1], got " + p);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw new IllegalArgumentException("probabilities: must sum to 1, got " + sum);
            }
        }
    }

    /** The empirical distribution of observed {@code samples} (inverse CDF by linear interpolation). */
    record Empirical(List<Double> samples) implements Distribution {
        public Empirical {
            samples = List.copyOf(samples);
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("samples: must not be empty");
            }
            for (int i = 0; i < samples.size(); i++) {
                Check.finite("samples[" + i + "]", samples.get(i));
            }
        }
    }

    /**
     * A histogram: bin {@code i} is {@code [edges[i], edges[i+1])} with relative weight
     * {@code weights[i]}; uniform within a bin.
     */
    record Histogram(List<Double> edges, List<Double> weights) implements Distribution {
        public Histogram {
            edges = List.copyOf(edges);
            weights = List.copyOf(weights);
            if (edges.size() < 2) {
                throw new IllegalArgumentException("edges: need at least 2");
            }
            if (weights.size() != edges.size() - 1) {
                throw new IllegalArgumentException("weights: " + weights.size() + " given for "
                        + (edges.size() - 1) + " bins; give one per bin (edges.size() - 1)");
            }
            double total = 0;
            for (int i = 0; i < edges.size(); i++) {
                Check.finite("edges[" + i + "]", edges.get(i));
                if (i > 0 && !(edges.get(i) > edges.get(i - 1))) {
                    throw new IllegalArgumentException("edges[" + i + "]: edges must increase strictly");
                }
            }
            for (int i = 0; i < weights.size(); i++) {
                double w = weights.get(i);
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("weights[" + i + "]: must be finite and >= 0, got " + w);
                }
                total += w;
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException("weights: must not all be 0");
            }
        }
    }

    /** Argument checks shared by the records. */
    final class Check {
        private Check() {
        }

        static void finite(String name, double v) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + ": must be a finite number, got " + v);
            }
        }

        static void positive(String name, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + ": must be positive and finite, got " + v);
            }
        }

        static void order(String loName, double lo, String hiName, double hi, boolean strict) {
            if (strict ? !(lo < hi) : !(lo <= hi)) {
                throw new IllegalArgumentException(hiName + ": must be " + (strict ? "greater than " : "at least ")
                        + loName + " (" + lo + "), got " + hi);
            }
        }

        static void bounds(double lo, double hi) {
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                throw new IllegalArgumentException("lo/hi: NaN is not allowed");
            }
            order("lo", lo, "hi", hi, true);
        }

        static void nonNull(String name, Object o) {
            Objects.requireNonNull(o, name);
        }
    }
}
