package dev.chipmc.engine.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/** Shared helpers: seeded data and byte-level serialization for bit-identity checks. */
final class StatsTesting {
    static final long SEED = 123456789L;

    private StatsTesting() {
    }

    /** A named distribution of test data. */
    enum Data {
        UNIFORM, NORMAL, LOGNORMAL, DISCRETE;

        /** {@code n} values drawn with a fixed seed. */
        double[] sample(int n, long seed) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            DoubleSupplier g = switch (this) {
                case UNIFORM -> rng::nextDouble;
                case NORMAL -> {
                    ZigguratSampler.NormalizedGaussian s = ZigguratSampler.NormalizedGaussian.of(rng);
                    yield () -> 100.0 + 15.0 * s.sample();
                }
                case LOGNORMAL -> {
                    ZigguratSampler.NormalizedGaussian s = ZigguratSampler.NormalizedGaussian.of(rng);
                    yield () -> Math.exp(2.0 * s.sample());
                }
                // many ties, as in outputs capped at a demand: 50 distinct values
                case DISCRETE -> () -> rng.nextInt(50);
            };
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = g.getAsDouble();
            }
            return x;
        }
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] bytes(Writer w) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            w.write(out);
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DataInputStream input(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    /** Number of values in ascending {@code a} strictly below {@code v}. */
    static int countBelow(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of values in ascending {@code a} at most {@code v}. */
    static int countAtMost(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
