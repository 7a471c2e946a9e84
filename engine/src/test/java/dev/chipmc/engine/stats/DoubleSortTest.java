package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleSort} against {@link Arrays#sort}: the arrays must be equal bit for bit
 * ({@code assertArrayEquals} on doubles compares as {@link Double#equals}, which tells
 * {@code -0.0} from {@code 0.0}), on data shaped to hit every path: bucketed, crowded buckets
 * sorted by {@link Arrays#sort}, constant ranges, signed zeros, infinities, overflowing spans.
 */
class DoubleSortTest {
    private static final int[] SIZES = {0, 1, 2, 3, 63, 64, 65, 100, 1000, 4095, 4096, 4097, 50_000};

    private static void check(String name, IntFunction<double[]> data) {
        DoubleSort sorter = new DoubleSort();
        for (int n : SIZES) {
            double[] x = data.apply(n);
            double[] expected = x.clone();
            Arrays.sort(expected);

            double[] inPlace = x.clone();
            sorter.sort(inPlace, 0, n);
            assertArrayEquals(expected, inPlace, name + ", n = " + n + ", in place");

            // a sub-range, with guards that must stay untouched
            double[] padded = new double[n + 6];
            Arrays.fill(padded, 42.0);
            System.arraycopy(x, 0, padded, 3, n);
            sorter.sort(padded, 3, 3 + n);
            assertArrayEquals(expected, Arrays.copyOfRange(padded, 3, 3 + n), name + ", n = " + n + ", range");
            for (int g : new int[] {0, 1, 2, n + 3, n + 4, n + 5}) {
                assertArrayEquals(new double[] {42.0}, new double[] {padded[g]}, name + " guard " + g);
            }

            if (n > 0) {
                double lo = x[0];
                double hi = x[0];
                for (double v : x) {
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                }
                double[] dst = new double[n + 2];
                sorter.sortInto(x.clone(), 0, n, dst, 1, lo, hi);
                assertArrayEquals(expected, Arrays.copyOfRange(dst, 1, 1 + n), name + ", n = " + n + ", into");
            }
        }
    }

    private static IntFunction<double[]> random(long seed, java.util.function.ToDoubleFunction<UniformRandomProvider> g) {
        return n -> {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + n);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = g.applyAsDouble(rng);
            }
            return x;
        };
    }

    private static double gaussian(UniformRandomProvider rng) {
        return Math.sqrt(-2.0 * Math.log(1.0 - rng.nextDouble())) * Math.cos(2.0 * Math.PI * rng.nextDouble());
    }

    @Test
    void sort_uniformNormalLognormal_sameAsArraysSort() {
        check("uniform", random(1, UniformRandomProvider::nextDouble));
        check("normal", random(2, DoubleSortTest::gaussian));
        check("lognormal", random(3, r -> 1000.0 * Math.exp(0.5 * gaussian(r))));
        check("wide lognormal", random(4, r -> Math.exp(8.0 * gaussian(r))));
    }

    @Test
    void sort_heavyTies_sameAsArraysSort() {
        check("capped", random(5, r -> Math.min(1000.0 * Math.exp(0.5 * gaussian(r)), 1200.0)));
        check("discrete", random(6, r -> r.nextInt(50)));
        check("two values", random(7, r -> r.nextBoolean() ? 1.0 : 2.0));
        check("mostly zero", random(8, r -> r.nextDouble() < 0.7 ? 0.0 : 50.0 * Math.exp(gaussian(r))));
    }

    @Test
    void sort_constantRanges_sameAsArraysSort() {
        check("constant", n -> {
            double[] x = new double[n];
            Arrays.fill(x, 7.25);
            return x;
        });
        check("constant zero", n -> new double[n]);
        check("already sorted", n -> {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i * 0.5;
            }
            return x;
        });
        check("descending", n -> {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = -i;
            }
            return x;
        });
    }

    @Test
    void sort_signedZeros_negativeZeroFirst() {
        check("signed zeros only", random(9, r -> r.nextBoolean() ? -0.0 : 0.0));
        check("signed zeros among normals", random(10, r -> {
            double u = r.nextDouble();
            return u < 0.3 ? -0.0 : u < 0.6 ? 0.0 : gaussian(r);
        }));
        check("zeros at the bottom", random(11, r -> {
            double u = r.nextDouble();
            return u < 0.2 ? -0.0 : u < 0.4 ? 0.0 : r.nextDouble();
        }));
        check("zeros at the top", random(12, r -> {
            double u = r.nextDouble();
            return u < 0.2 ? -0.0 : u < 0.4 ? 0.0 : -r.nextDouble();
        }));
    }

    @Test
    void sort_infinitiesAndExtremeRanges_sameAsArraysSort() {
        check("infinities", random(13, r -> {
            double u = r.nextDouble();
            return u < 0.01 ? Double.POSITIVE_INFINITY : u > 0.99 ? Double.NEGATIVE_INFINITY : gaussian(r);
        }));
        check("overflowing span", random(14, r -> gaussian(r) * 1e308));
        check("tiny span", random(15, r -> Double.MIN_VALUE * r.nextInt(1000)));
        check("subnormal and normal", random(16, r -> r.nextBoolean() ? Double.MIN_VALUE * r.nextInt(10) : r.nextDouble()));
        check("one outlier", random(17, r -> r.nextDouble() < 0.001 ? 1e12 : r.nextDouble()));
    }

    @Test
    void orderZeros_mixedRun_negativeFirst() {
        // ascending under <, zeros unordered: -1, 0.0, -0.0, 0.0, -0.0, 2 -> -1, -0.0, -0.0, 0.0, 0.0, 2
        double[] a = {-1.0, 0.0, -0.0, 0.0, -0.0, 2.0};
        DoubleSort.orderZeros(a, 0, a.length);
        assertArrayEquals(new double[] {-1.0, -0.0, -0.0, 0.0, 0.0, 2.0}, a);
    }

    @Test
    void sort_badRange_throws() {
        DoubleSort sorter = new DoubleSort();
        assertThrows(IndexOutOfBoundsException.class, () -> sorter.sort(new double[3], 2, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> sorter.sortInto(new double[3], 0, 3, new double[2], 0, 0.0, 1.0));
    }
}
