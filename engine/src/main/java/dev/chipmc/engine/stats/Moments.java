package dev.chipmc.engine.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Count, mean, sum of squared deviations, minimum and maximum of a stream of values, mergeable.
 *
 * <p>{@link #add} is Welford's update (Welford 1962): {@code n += 1; d = x - mean;
 * mean += d / n; M2 += d (x - mean)}. {@link #combine} is the pairwise formula of Chan, Golub and
 * LeVeque (1979): with {@code d = mean_b - mean_a} and {@code n = n_a + n_b},
 * {@code mean = mean_a + d n_b / n} and {@code M2 = M2_a + M2_b + d^2 n_a n_b / n}.
 * Floating-point results depend on the order of calls, so the engine always adds values and
 * combines chunks in the same order; for a given order the state is bit-for-bit reproducible.
 *
 * <p>NaN values propagate into the mean and variance; infinities make the variance NaN.
 *
 * <p>Not thread-safe: one instance per chunk or per merged run state.
 */
public final class Moments {
    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** An empty accumulator. */
    public Moments() {
    }

    /** Adds one value. */
    public void add(double x) {
        long k = ++n;
        double d = x - mean;
        mean += d / k;
        m2 += d * (x - mean);
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
    }

    /**
     * Appends the values summarized by {@code later} to this one, as if they had been added here
     * after this accumulator's own values. {@code later} is not modified.
     */
    public void combine(Moments later) {
        long nb = later.n;
        if (nb == 0) {
            return;
        }
        if (n == 0) {
            n = nb;
            mean = later.mean;
            m2 = later.m2;
            min = later.min;
            max = later.max;
            return;
        }
        long na = n;
        long total = na + nb;
        double d = later.mean - mean;
        double fb = (double) nb / total;
        mean += d * fb;
        m2 += later.m2 + d * d * ((double) na * fb);
        n = total;
        min = Math.min(min, later.min);
        max = Math.max(max, later.max);
    }

    /** Number of values added. */
    public long count() {
        return n;
    }

    /** Arithmetic mean; NaN when empty. */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Unbiased sample variance {@code M2 / (n - 1)}; NaN when fewer than two values. */
    public double variance() {
        return n < 2 ? Double.NaN : m2 / (n - 1);
    }

    /** Sample standard deviation {@code sqrt(variance())}; NaN when fewer than two values. */
    public double sd() {
        return Math.sqrt(variance());
    }

    /** Standard error of the mean {@code sd / sqrt(n)}; NaN when fewer than two values. */
    public double standardError() {
        return sd() / Math.sqrt((double) n);
    }

    /** Smallest value; NaN when empty. */
    public double min() {
        return n == 0 ? Double.NaN : min;
    }

    /** Largest value; NaN when empty. */
    public double max() {
        return n == 0 ? Double.NaN : max;
    }

    /** Writes the exact state (raw IEEE 754 bits), for {@link #read}. */
    public void write(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeLong(Double.doubleToRawLongBits(mean));
        out.writeLong(Double.doubleToRawLongBits(m2));
        out.writeLong(Double.doubleToRawLongBits(min));
        out.writeLong(Double.doubleToRawLongBits(max));
    }

    /**
     * Reads a state written by {@link #write}; the result is bit-for-bit the written state.
     *
     * @throws IOException if the input fails or holds a negative count
     */
    public static Moments read(DataInput in) throws IOException {
        Moments m = new Moments();
        m.n = in.readLong();
        if (m.n < 0) {
            throw new IOException("corrupt Moments: negative count " + m.n);
        }
        m.mean = Double.longBitsToDouble(in.readLong());
        m.m2 = Double.longBitsToDouble(in.readLong());
        m.min = Double.longBitsToDouble(in.readLong());
        m.max = Double.longBitsToDouble(in.readLong());
        return m;
    }
}
