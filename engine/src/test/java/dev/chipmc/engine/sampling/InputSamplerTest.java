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
    void of_copulaForOtherInputs_rejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> InputSampler.of(MARGINALS, GaussianCopula.of(List.of("a", "b"), List.of(), false), 0));
        assertTrue(e.getMessage().startsWith("copula"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> InputSampler.of(MARGINALS, GaussianCopula.of(List.of("a", "b", "c"), List.of(), false), -1));
    }
}
