package dev.chipmc.engine.run;

import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.engine.stats.Moments;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * When a run may stop before its sample budget: a precision target on the headline output (total
 * good packages of all products over the horizon) and a wall-clock budget.
 *
 * <p>The precision rules are checked only at chunk boundaries, in chunk order, on the merged state,
 * so the stopping point, and with it every result, is reproducible for a seed. The quantile rule
 * sorts the stored values in exact mode, so it is checked every {@link #QUANTILE_CHECK_EVERY}
 * chunks (a fixed function of the chunk count, hence still reproducible). The wall-clock rule is by
 * nature not reproducible; a run it stops records that its precision target was not met.
 *
 * @param untilRse        stop when {@code se / |mean|} of the headline output is at most this (NaN: off)
 * @param quantile        the probability of {@code --until-quantile-ci p:X} (NaN: off)
 * @param quantileWidth   its {@code X}: the 95 % confidence interval's width relative to the quantile
 * @param maxTime         the wall-clock budget, or {@code null}
 */
public record StoppingRules(double untilRse, double quantile, double quantileWidth, Duration maxTime) {

    /** Chunks between two checks of the quantile rule. */
    public static final int QUANTILE_CHECK_EVERY = 16;
    /** Two-sided 95 % normal quantile for the confidence intervals. */
    static final double Z95 = 1.959963984540054;

    public static final StoppingRules NONE = new StoppingRules(Double.NaN, Double.NaN, Double.NaN, null);

    public StoppingRules {
        if (!Double.isNaN(untilRse) && !(untilRse > 0)) {
            throw new IllegalArgumentException("--until-rse: must be a positive number, got " + untilRse);
        }
        if (!Double.isNaN(quantile) && !(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("--until-quantile-ci: p must be in (0, 1), got " + quantile);
        }
        if (!Double.isNaN(quantile) && !(quantileWidth > 0)) {
            throw new IllegalArgumentException("--until-quantile-ci: the relative width must be positive, got " + quantileWidth);
        }
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero())) {
            throw new IllegalArgumentException("--max-time: must be positive, got " + maxTime);
        }
    }

    /** Parses {@code p:X} of {@code --until-quantile-ci}, e.g. {@code 0.05:0.01}. */
    public static double[] parseQuantileCi(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--until-quantile-ci: expected p:X (e.g. 0.05:0.01), got '" + text + "'");
        }
        try {
            return new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--until-quantile-ci: expected two numbers p:X (e.g. 0.05:0.01), got '" + text + "'");
        }
    }

    public boolean hasPrecisionTarget() {
        return !Double.isNaN(untilRse) || !Double.isNaN(quantile);
    }

    /** The relative standard error of column {@code c}'s mean in {@code stats}; NaN below 2 samples. */
    public static double relativeStandardError(Accumulator stats, int c) {
        Moments m = stats.moments(c);
        return m.count() < 2 ? Double.NaN : m.standardError() / Math.abs(m.mean());
    }

    /**
     * The 95 % confidence interval of quantile {@code p} of column {@code c}, relative to the quantile:
     * {@code (Q(p + d) - Q(p - d)) / |Q(p)|} with {@code d = z sqrt(p (1 - p) / n)} (the order-statistic
     * interval), widened by the sketch's rank error in sketch mode.
     */
    public static double relativeQuantileCi(Accumulator stats, int c, double p) {
        long n = stats.moments(c).count();
        if (n < 2) {
            return Double.NaN;
        }
        double d = Z95 * Math.sqrt(p * (1 - p) / n) + stats.quantileRankError(c);
        double lo = stats.quantile(c, Math.max(0, p - d));
        double hi = stats.quantile(c, Math.min(1, p + d));
        return (hi - lo) / Math.abs(stats.quantile(c, p));
    }

    /**
     * Whether the precision target is met after {@code chunksMerged} chunks; a reason to record if so.
     */
    public Optional<String> precisionMet(Accumulator stats, int headline, long chunksMerged) {
        boolean rseOk = true;
        StringBuilder why = new StringBuilder();
        if (!Double.isNaN(untilRse)) {
            double rse = relativeStandardError(stats, headline);
            rseOk = rse <= untilRse;
            why.append(String.format(Locale.ROOT, "relative standard error %.3g <= %.3g", rse, untilRse));
        }
        boolean qOk = true;
        if (!Double.isNaN(quantile)) {
            if (chunksMerged % QUANTILE_CHECK_EVERY != 0) {
                return Optional.empty();
            }
            double w = relativeQuantileCi(stats, headline, quantile);
            qOk = w <= quantileWidth;
            if (why.length() > 0) {
                why.append(" and ");
            }
            why.append(String.format(Locale.ROOT, "95%% CI of the %s quantile %.3g wide <= %.3g", fmtP(quantile), w, quantileWidth));
        }
        return hasPrecisionTarget() && rseOk && qOk ? Optional.of(why.toString()) : Optional.empty();
    }

    private static String fmtP(double p) {
        return java.math.BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }
}
