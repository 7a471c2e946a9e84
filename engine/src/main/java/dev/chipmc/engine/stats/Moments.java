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
 * {@link #addBlock} summarizes a block of values by the corrected two-pass algorithm (Chan, Golub
 * and LeVeque 1983, eq. 1.7): {@code mean_b = sum(x) / m}, then with {@code d_i = x_i - mean_b},
 * {@code M2_b = sum(d_i^2) - (sum d_i)^2 / m}, each sum kept in eight (the sum of values) or
 * four (the others) interleaved partial sums that are added together at the end in a fixed
 * order, so that they run in parallel; the block is then combined as above. This is more
 * accurate than Welford's update and, without its division per value, several times faster.
 * Floating-point results depend on the order of calls, so the engine always adds values and
 * combines chunks in the same order; for a given order the state is bit-for-bit reproducible.
 *
 * <p>NaN values propagate into the mean and variance; infinities make the variance NaN.
 *
 * <p>Not thread-safe: one instance per chunk or per merged run state.
 */
public final class Moments {
    /** Length of the array {@link #blockStats} fills. */
    static final int BLOCK_STATS = 4;

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
     * Adds {@code values[from .. from + count)} as one block: their count, two-pass mean and
     * {@code M2}, minimum and maximum (see the class comment), combined into this accumulator.
     * The result is a deterministic function of this state and the block's values in order; it
     * is not bit-for-bit the state that {@link #add}ing the values one by one would give.
     *
     * @throws IllegalArgumentException  if a value is NaN (nothing is added then)
     * @throws IndexOutOfBoundsException if the range is outside {@code values}
     */
    public void addBlock(double[] values, int from, int count) {
        java.util.Objects.checkFromIndexSize(from, count, values.length);
        if (count == 0) {
            return;
        }
        double[] s = new double[BLOCK_STATS];
        blockStats(values, from, count, s);
        combine(count, s[0], s[1], s[2], s[3]);
    }

    /**
     * Writes mean, {@code M2}, minimum and maximum of {@code values[from .. from + count)},
     * {@code count >= 1}, to {@code out[0 .. 3]} (class comment: corrected two-pass).
     *
     * @throws IllegalArgumentException if a value is NaN
     */
    static void blockStats(double[] values, int from, int count, double[] out) {
        int end = from + count;
        int end8 = from + (count & ~7);
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        double s4 = 0.0;
        double s5 = 0.0;
        double s6 = 0.0;
        double s7 = 0.0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        // as in add: a NaN is never below or above, and the first of -0.0 and 0.0 stays
        for (int i = from; i < end8; i += 8) {
            double a = values[i];
            double b = values[i + 1];
            double c = values[i + 2];
            double d = values[i + 3];
            double e = values[i + 4];
            double f = values[i + 5];
            double g = values[i + 6];
            double h = values[i + 7];
            s0 += a;
            s1 += b;
            s2 += c;
            s3 += d;
            s4 += e;
            s5 += f;
            s6 += g;
            s7 += h;
            if (a < lo) {
                lo = a;
            }
            if (a > hi) {
                hi = a;
            }
            if (b < lo) {
                lo = b;
            }
            if (b > hi) {
                hi = b;
            }
            if (c < lo) {
                lo = c;
            }
            if (c > hi) {
                hi = c;
            }
            if (d < lo) {
                lo = d;
            }
            if (d > hi) {
                hi = d;
            }
            if (e < lo) {
                lo = e;
            }
            if (e > hi) {
                hi = e;
            }
            if (f < lo) {
                lo = f;
            }
            if (f > hi) {
                hi = f;
            }
            if (g < lo) {
                lo = g;
            }
            if (g > hi) {
                hi = g;
            }
            if (h < lo) {
                lo = h;
            }
            if (h > hi) {
                hi = h;
            }
        }
        for (int i = end8; i < end; i++) {
            double x = values[i];
            s0 += x;
            if (x < lo) {
                lo = x;
            }
            if (x > hi) {
                hi = x;
            }
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        if (sum != sum) {
            // NaN from a NaN value, or from +inf and -inf together (allowed, as in add)
            for (int i = from; i < end; i++) {
                if (values[i] != values[i]) {
                    throw new IllegalArgumentException("values[" + i + "] is NaN");
                }
            }
        }
        double mean = sum / count;
        double d0 = 0.0;
        double d1 = 0.0;
        double d2 = 0.0;
        double d3 = 0.0;
        double q0 = 0.0;
        double q1 = 0.0;
        double q2 = 0.0;
        double q3 = 0.0;
        int end4 = from + (count & ~3);
        for (int i = from; i < end4; i += 4) {
            double a = values[i] - mean;
            double b = values[i + 1] - mean;
            double c = values[i + 2] - mean;
            double d = values[i + 3] - mean;
            d0 += a;
            d1 += b;
            d2 += c;
            d3 += d;
            q0 += a * a;
            q1 += b * b;
            q2 += c * c;
            q3 += d * d;
        }
        for (int i = end4; i < end; i++) {
            double a = values[i] - mean;
            d0 += a;
            q0 += a * a;
        }
        double dev = (d0 + d1) + (d2 + d3);
        out[0] = mean;
        // >= 0 in exact arithmetic (Cauchy-Schwarz); max keeps rounding of equal values from
        // giving a negative M2, and keeps NaN (from infinite values) as NaN.
        out[1] = Math.max(0.0, ((q0 + q1) + (q2 + q3)) - dev * dev / count);
        out[2] = lo;
        out[3] = hi;
    }

    /**
     * Appends the values summarized by {@code later} to this one, as if they had been added here
     * after this accumulator's own values. {@code later} is not modified.
     */
    public void combine(Moments later) {
        combine(later.n, later.mean, later.m2, later.min, later.max);
    }

    /** {@link #combine(Moments)} with the later part given by its fields. */
    void combine(long nb, double meanB, double m2B, double minB, double maxB) {
        if (nb == 0) {
            return;
        }
        if (n == 0) {
            n = nb;
            mean = meanB;
            m2 = m2B;
            min = minB;
            max = maxB;
            return;
        }
        long na = n;
        long total = na + nb;
        double d = meanB - mean;
        double fb = (double) nb / total;
        mean += d * fb;
        m2 += m2B + d * d * ((double) na * fb);
        n = total;
        min = Math.min(min, minB);
        max = Math.max(max, maxB);
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
