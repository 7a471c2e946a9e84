package dev.chipmc.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.chipmc.model.Correlation;

/**
 * The copula against the requested Spearman correlations.
 *
 * <p>Tolerance of the rho checks: the sample Spearman {@code r_s} of {@code n = 20000} points is
 * compared on Fisher's scale, {@code |atanh(r_s) - atanh(rho)| <= 4 SE} with the Bonett and Wright
 * (2000) standard error {@code SE = sqrt((1 + rho^2 / 2) / (n - 3))} (e.g. 0.0071 at
 * {@code rho = 0}, 0.0084 at {@code rho = 0.9}). With an exact copula a check fails with
 * probability about {@code 6.3e-5} (two-sided 4 sigma); the seed is fixed, so the test is
 * deterministic.
 */
class GaussianCopulaTest {

    static final int N = 20_000;
    static final long SEED = 20260101L;
    static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f");

    @Test
    void apply_requestedRhos_reachedWithinFourStandardErrors() {
        // Normal-scale matrix of a..e: smallest eigenvalue 1.14e-3 (numpy.linalg.eigvalsh), so
        // positive definite though close to singular; f is in no correlation.
        List<Correlation> cs = List.of(
                new Correlation("a", "b", 0.5),
                new Correlation("c", "a", -0.3),
                new Correlation("b", "d", 0.6),
                new Correlation("c", "e", 0.9));
        GaussianCopula copula = GaussianCopula.of(NAMES, cs, false);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, copula.correlatedIndices());
        assertFalse(copula.isIdentity());
        assertTrue(copula.repairWarning().isEmpty());

        double[][] cols = sample(copula, NAMES.size());
        assertSpearman(cols[0], cols[1], 0.5);
        assertSpearman(cols[2], cols[0], -0.3);
        assertSpearman(cols[1], cols[3], 0.6);
        assertSpearman(cols[2], cols[4], 0.9);
        // Pairs not listed are 0 on the normal scale, so independent.
        assertSpearman(cols[0], cols[3], 0.0);
        assertSpearman(cols[5], cols[0], 0.0);
    }

    @Test
    void apply_tablePhi_withinCommonsErrorOfTheCommonsPath() {
        // apply uses StandardNormalCdf (<= 0.8 ulps), applyReference commons-statistics' Phi
        // (<= 85 ulps, in the far lower tail; about 1 ulp in the body): on 100,000 points of the
        // reference scenario's 7-input copula shape they must agree to 2e-14 relative (90 ulps),
        // and the inputs that are not correlated must be the same doubles.
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        GaussianCopula copula = GaussianCopula.of(names, List.of(new Correlation("a", "b", 0.5),
                new Correlation("c", "d", -0.3), new Correlation("e", "f", 0.6), new Correlation("a", "g", 0.4)), false);
        PointStream points = Points.forChunk(SamplerKind.MC, names.size(), 5L, 0, 100_000);
        double[] u = new double[names.size()];
        double[] a = new double[names.size()];
        double[] r = new double[names.size()];
        double[] scratch = new double[2 * names.size()];
        int same = 0;
        for (int i = 0; i < 100_000; i++) {
            points.next(u);
            System.arraycopy(u, 0, a, 0, u.length);
            System.arraycopy(u, 0, r, 0, u.length);
            copula.apply(a, scratch);
            copula.applyReference(r, scratch);
            for (int j = 0; j < u.length; j++) {
                assertTrue(Math.abs(a[j] - r[j]) <= 2e-14 * r[j], a[j] + " vs " + r[j]);
                same += a[j] == r[j] ? 1 : 0;
            }
            assertEquals(u[7], a[7]);
        }
        System.out.println("GaussianCopula: " + same + " of 800000 coordinates identical to the commons path");
    }

    @Test
    void apply_uncorrelatedInput_isLeftBitForBit() {
        GaussianCopula copula = GaussianCopula.of(NAMES, List.of(new Correlation("a", "b", 0.7)), false);
        double[] u = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        double[] before = u.clone();
        copula.apply(u, new double[4]);
        assertArrayEquals(Arrays.copyOfRange(before, 2, 6), Arrays.copyOfRange(u, 2, 6));
        // a is the first of the pair: z'_a = L_00 z_a = z_a, so u_a comes back up to Phi(Phi^-1(u)) rounding.
        assertEquals(0.1, u[0], 1e-15);
        assertTrue(u[1] != 0.2);
    }

    @Test
    void apply_noCorrelations_leavesPointUnchanged() {
        GaussianCopula none = GaussianCopula.of(NAMES, List.of(), false);
        GaussianCopula zero = GaussianCopula.of(NAMES, List.of(new Correlation("a", "b", 0.0)), false);
        assertTrue(none.isIdentity());
        assertTrue(zero.isIdentity());
        assertEquals(0, none.correlatedIndices().length);
        double[] u = {Streams.TWO_POW_M53, 0.2, 0.3, 0.4, 0.5, Streams.ONE_BELOW};
        double[] before = u.clone();
        none.apply(u, new double[0]);
        zero.apply(u, new double[4]);
        assertArrayEquals(before, u);
    }

    @Test
    void apply_extremeUniforms_staysStrictlyInside() {
        GaussianCopula copula = GaussianCopula.of(List.of("a", "b"), List.of(new Correlation("a", "b", 0.99)), false);
        double[] scratch = new double[4];
        for (double[] u : new double[][] {{Streams.ONE_BELOW, Streams.ONE_BELOW}, {Streams.TWO_POW_M53, Streams.TWO_POW_M53},
                {Streams.TWO_POW_M53, Streams.ONE_BELOW}}) {
            copula.apply(u, scratch);
            for (double v : u) {
                assertTrue(v > 0 && v < 1, "left (0,1): " + v);
            }
        }
    }

    @Test
    void of_notPositiveDefinite_rejectedWithSmallestEigenvalue() {
        // r = 2 sin(0.9 pi / 6) = 0.907981; R = [[1, r, r], [r, 1, -r], [r, -r, 1]] has eigenvalues
        // 1 + r (twice) and 1 - 2r = -0.815962 (eigenvector (1, -1, -1)).
        List<Correlation> cs = List.of(new Correlation("x", "y", 0.9), new Correlation("x", "z", 0.9),
                new Correlation("y", "z", -0.9));
        var e = assertThrows(IllegalArgumentException.class, () -> GaussianCopula.of(List.of("x", "y", "z"), cs, false));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        assertTrue(e.getMessage().contains("-0.815962"), e.getMessage());
        assertTrue(e.getMessage().contains("repair_correlations: true"), e.getMessage());
    }

    @Test
    void of_notPositiveDefiniteWithRepair_repairedWithWarningAndPositiveDefinite() {
        List<Correlation> cs = List.of(new Correlation("x", "y", 0.9), new Correlation("x", "z", 0.9),
                new Correlation("y", "z", -0.9));
        GaussianCopula copula = GaussianCopula.of(List.of("x", "y", "z"), cs, true);
        String w = copula.repairWarning().orElseThrow();
        assertTrue(w.contains("-0.815962") && w.contains("largest change of any Spearman rho"), w);

        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            r[i][i] = 1;
        }
        double f = 2 * Math.sin(Math.PI * 0.9 / 6);
        r[0][1] = r[1][0] = f;
        r[0][2] = r[2][0] = f;
        r[1][2] = r[2][1] = -f;
        double[][] repaired = GaussianCopula.nearestCorrelation(r);
        assertNotNull(GaussianCopula.cholesky(repaired), "repaired matrix must factor");
        assertTrue(GaussianCopula.smallestEigenvalue(repaired) > 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, repaired[i][i]);
            for (int j = 0; j < 3; j++) {
                assertEquals(repaired[i][j], repaired[j][i], 1e-15);
            }
        }
        // The problem is symmetric under x -> -x, so all three pairs move by the same amount,
        // and the nearest PSD matrix puts the eigenvalue 1 - 2r at ~0: |r'| = 1/2, i.e. a
        // Spearman rho of (6/pi) asin(1/4) = 0.4826; the change 0.9 - 0.4826 = 0.4174 is reported.
        double rhoPrime = 6 / Math.PI * Math.asin(repaired[0][1] / 2);
        assertEquals(0.4826, rhoPrime, 1e-3);
        assertTrue(w.contains("0.417"), w);

        double[][] cols = sample(copula, 3);
        assertSpearman(cols[0], cols[1], rhoPrime);
        assertSpearman(cols[1], cols[2], -rhoPrime);
    }

    @Test
    void of_badNames_rejectedNamingTheProblem() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> GaussianCopula.of(NAMES, List.of(new Correlation("a", "zz", 0.1)), false));
        assertTrue(unknown.getMessage().contains("correlations[0]") && unknown.getMessage().contains("'zz'"),
                unknown.getMessage());
        var dup = assertThrows(IllegalArgumentException.class, () -> GaussianCopula.of(NAMES,
                List.of(new Correlation("a", "b", 0.1), new Correlation("b", "a", 0.2)), false));
        assertTrue(dup.getMessage().contains("correlations[1]") && dup.getMessage().contains("correlations[0]"),
                dup.getMessage());
        var self = assertThrows(IllegalArgumentException.class,
                () -> GaussianCopula.of(NAMES, List.of(new Correlation("c", "c", 0.1)), false));
        assertTrue(self.getMessage().contains("itself"), self.getMessage());
        var dupName = assertThrows(IllegalArgumentException.class,
                () -> GaussianCopula.of(List.of("a", "a"), List.of(), false));
        assertTrue(dupName.getMessage().contains("inputNames[1]"), dupName.getMessage());
    }

    @Test
    void of_perfectCorrelation_isNotPositiveDefinite() {
        // rho = 1 makes R singular (eigenvalue 1 - r = 0 up to rounding): an input error unless repaired.
        List<Correlation> cs = List.of(new Correlation("a", "b", 1.0));
        assertThrows(IllegalArgumentException.class, () -> GaussianCopula.of(List.of("a", "b"), cs, false));
        GaussianCopula repaired = GaussianCopula.of(List.of("a", "b"), cs, true);
        assertTrue(repaired.repairWarning().isPresent());
    }

    /** Columns of N MC points (fixed seed) after the copula. */
    static double[][] sample(GaussianCopula copula, int d) {
        PointStream points = Points.forChunk(SamplerKind.MC, d, SEED, 0, N);
        double[] u = new double[d];
        double[] scratch = new double[2 * d];
        double[][] cols = new double[d][N];
        for (int i = 0; i < N; i++) {
            points.next(u);
            copula.apply(u, scratch);
            for (int j = 0; j < d; j++) {
                cols[j][i] = u[j];
            }
        }
        return cols;
    }

    static void assertSpearman(double[] x, double[] y, double rho) {
        double rs = spearman(x, y);
        double se = Math.sqrt((1 + rho * rho / 2) / (x.length - 3));
        double dz = Math.abs(atanh(rs) - atanh(rho));
        assertTrue(dz <= 4 * se, "Spearman " + rs + " vs requested " + rho + ": " + dz / se + " standard errors");
    }

    static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }

    /** Pearson correlation of the ranks (no ties among continuous uniforms). */
    static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        for (int k = 0; k < order.length; k++) {
            r[order[k]] = k + 1;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void inverseStandardNormal_as241_within2e15RelativeOfCommons() {
        // AS 241 claims about 1e-16 relative; commons' inverse (Boost's erfc_inv) is itself good to
        // an ulp or two, so 2e-15 bounds their disagreement. Every k/2^16, and 2^-k for k up to
        // 1074 in both tails (the 0.425 and r = 5 splits of AS 241 are crossed).
        var ref = org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1);
        int n = 1 << 16;
        for (int k = 1; k < n; k++) {
            double p = (double) k / n;
            double expected = ref.inverseCumulativeProbability(p);
            assertEquals(expected, GaussianCopula.inverseStandardNormal(p), 2e-15 * Math.abs(expected), "p = " + p);
        }
        for (int k = 2; k <= 1074; k++) {
            double p = Math.scalb(1.0, -k);
            double expected = ref.inverseCumulativeProbability(p);
            assertEquals(expected, GaussianCopula.inverseStandardNormal(p), 2e-15 * Math.abs(expected), "p = " + p);
            if (k <= 53) {
                double upper = 1 - p;
                double e2 = ref.inverseCumulativeProbability(upper);
                assertEquals(e2, GaussianCopula.inverseStandardNormal(upper), 2e-15 * Math.abs(e2), "p = 1 - " + p);
            }
        }
        assertEquals(0.0, GaussianCopula.inverseStandardNormal(0.5));
        assertEquals(Double.NEGATIVE_INFINITY, GaussianCopula.inverseStandardNormal(0.0));
        assertEquals(Double.POSITIVE_INFINITY, GaussianCopula.inverseStandardNormal(1.0));
    }
}
