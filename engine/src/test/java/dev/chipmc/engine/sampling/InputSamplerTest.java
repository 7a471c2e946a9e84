package dev.chipmc.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chipmc.model.Correlation;
import dev.chipmc.model.Distribution;

class InputSamplerTest {

    static final List<Distribution> MARGINALS = List.of(
            new Distribution.Uniform(0, 10),
            new Distribution.Normal(5, 1),
            new Distribution.Fixed(3));

    @Test
    void map_noCorrelations_appliesInverseCdfsAndPassesEventUniforms() {
        InputSampler s = InputSampler.of(MARGINALS, GaussianCopula.of(List.of("a", "b", "c"), List.of(), false), 2);
        assertEquals(5, s.dimensions());
        double[] u = {0.25, 0.5, 0.9, 0.125, 0.75};
        double[] before = u.clone();
        double[] inputs = new double[3];
        double[] events = new double[2];
        s.newWorker().map(u, inputs, events);
        // uniform(0, 10) at 0.25 = 2.5; normal(5, 1) at 0.5 = 5; fixed = 3.
        assertArrayEquals(new double[] {2.5, 5, 3}, inputs, 1e-15);
        assertArrayEquals(new double[] {0.125, 0.75}, events);
        assertArrayEquals(before, u);
    }

    @Test
    void map_withCopula_correlatesOnlyTheNamedInputs() {
        GaussianCopula copula = GaussianCopula.of(List.of("a", "b", "c"), List.of(new Correlation("a", "b", -0.8)), false);
        InputSampler s = InputSampler.of(MARGINALS, copula, 1);
        InputSampler.Worker w = s.newWorker();
        int n = 20_000;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] u = new double[s.dimensions()];
        double[] inputs = new double[3];
        double[] events = new double[1];
        PointStream points = Points.forChunk(SamplerKind.MC, s.dimensions(), 99L, 0, n);
        for (int i = 0; i < n; i++) {
            points.next(u);
            double event = u[3];
            w.map(u, inputs, events);
            a[i] = inputs[0];
            b[i] = inputs[1];
            assertEquals(3.0, inputs[2]);
            assertEquals(event, events[0]);
        }
        // Same tolerance as GaussianCopulaTest: 4 Bonett-Wright standard errors on Fisher's scale.
        GaussianCopulaTest.assertSpearman(a, b, -0.8);
    }

    @Test
    void map_familiesEvaluatedBranchFree_bitIdenticalToEachMarginalsInverse() {
        // map groups the marginals by family and runs the triangular formula branch-free; every
        // input must still be exactly Marginal.inverse of the copula's output. Shapes include a
        // mode at either end, a negative and a -0.0 bound; points include u equal to a split,
        // the smallest and largest uniforms, and 1/2.
        List<Distribution> ds = List.of(
                new Distribution.Triangular(0.04, 0.09, 0.14),
                new Distribution.Uniform(-1, 3),
                new Distribution.Triangular(0, 0, 1),
                new Distribution.Pert(0.07, 0.10, 0.15),
                new Distribution.Triangular(2, 5, 5),
                new Distribution.Normal(5, 1),
                new Distribution.Triangular(-0.0, 0.25, 1),
                new Distribution.Triangular(-3e6, -1e6, 2.5e6),
                new Distribution.Fixed(3),
                new Distribution.Triangular(0.975, 0.982, 0.988));
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        GaussianCopula copula = GaussianCopula.of(names,
                List.of(new Correlation("a", "b", 0.5), new Correlation("d", "j", -0.3), new Correlation("a", "h", 0.4)),
                false);
        for (GaussianCopula c : List.of(copula, GaussianCopula.of(names, List.of(), false))) {
            InputSampler s = InputSampler.of(ds, c, 3);
            InputSampler.Worker w = s.newWorker();
            Marginal[] reference = ds.stream().map(Marginal::of).toArray(Marginal[]::new);
            double[] u = new double[s.dimensions()];
            double[] x = new double[ds.size()];
            double[] e = new double[3];
            double[] expected = new double[ds.size()];
            double[] scratch = new double[2 * ds.size()];
            PointStream points = Points.forChunk(SamplerKind.MC, s.dimensions(), 3L, 0, 20_000);
            double[] special = {0x1.0p-53, 1 - 0x1.0p-53, 0.5, 0.25 / 1, 3.0 / 7, 0.05 / 0.1, 0.007 / 0.013};
            for (int i = 0; i < 20_000 + special.length; i++) {
                if (i < 20_000) {
                    points.next(u);
                } else {
                    java.util.Arrays.fill(u, special[i - 20_000]);
                }
                System.arraycopy(u, 0, expected, 0, ds.size());
                c.apply(expected, scratch);
                for (int j = 0; j < ds.size(); j++) {
                    expected[j] = reference[j].inverse(expected[j]);
                }
                w.map(u, x, e);
                for (int j = 0; j < ds.size(); j++) {
                    assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(x[j]),
                            "input " + j + " at point " + i);
                }
                assertArrayEquals(java.util.Arrays.copyOfRange(u, ds.size(), s.dimensions()), e);
            }
        }
    }

    @Test
    void of_copulaForOtherInputs_rejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> InputSampler.of(MARGINALS, GaussianCopula.of(List.of("a", "b"), List.of(), false), 0));
        assertTrue(e.getMessage().startsWith("copula"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> InputSampler.of(MARGINALS, GaussianCopula.of(List.of("a", "b", "c"), List.of(), false), -1));
    }
}
