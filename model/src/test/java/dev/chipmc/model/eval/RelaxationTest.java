package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.plain;
import static dev.chipmc.model.eval.TestScenarios.product;
import static dev.chipmc.model.eval.TestScenarios.resource;
import static dev.chipmc.model.eval.TestScenarios.scenario;
import static dev.chipmc.model.eval.TestScenarios.series;
import static dev.chipmc.model.eval.TestScenarios.share;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chipmc.model.Distribution;
import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Supply;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Evaluator#relaxedGood}: one resource unlimited in one period of the same sample, on scenarios followed by hand. */
class RelaxationTest {
    private static final double TOL = 1e-9;

    private record Evaluated(CompiledModel model, Evaluator evaluator, SampleOutput out) {
        double[] relaxed(int resource, int period) {
            double[] g = new double[model.products()];
            evaluator.relaxedGood(resource, period, g);
            return g;
        }
    }

    private static Evaluated evaluate(Scenario s) {
        CompiledModel m = CompiledModel.compile(s);
        Evaluator e = m.newEvaluator();
        SampleOutput out = m.newOutput();
        e.evaluate(new double[m.inputCount()], new double[m.eventUniformCount()], out);
        return new Evaluated(m, e, out);
    }

    /**
     * One product, 1 X and 2 Y a package, demand 100; X = 40, Y = 160, Z unused = 5.
     * Base: s = min(100, 40 / 1, 160 / 2) = 40, X binds.
     * X unlimited: s = min(100, 160 / 2) = 80, the next constraint (Y): 40 more.
     * Y unlimited: s = min(100, 40) = 40: nothing gained. Z unlimited: exactly the base volume.
     */
    @Test
    void relaxedGood_bindingResource_raisesVolumeToNextConstraint() {
        var ev = evaluate(scenario(1, List.of(plain("x", constant(40)), plain("y", constant(160)), plain("z", constant(5))),
                List.of(product("p", constant(100), line("x", 1), line("y", 2)))));
        assertEquals(40, ev.out.good[0], TOL);
        assertEquals(80, ev.relaxed(0, 0)[0], TOL);
        assertEquals(40, ev.relaxed(1, 0)[0], TOL);
        assertEquals(ev.out.good[0], ev.relaxed(2, 0)[0]);
    }

    /**
     * X = 100 a period with carryover (no loss), Y = 150 a period without; 1 X + 1 Y a package,
     * demand 60 then 200.
     * t0: s = 60 (demand), X left 40 carried; t1: A_X = 140, s = min(200, 140, 150) = 140, X binds.
     * X unlimited at t1: min(200, 150) = 150 (Y): 10 more. X unlimited at t0: demand still 60.
     * The relaxation starts from the inventory carried into t1 (40), not from scratch, and leaves the
     * sample's outputs and a later evaluation untouched.
     */
    @Test
    void relaxedGood_laterPeriod_startsFromCarriedInventory() {
        var x = resource("x", new Supply.Plain(constant(100), constant(1)), true, 0, 0, 0);
        Scenario s = scenario(2, List.of(x, plain("y", constant(150))),
                List.of(product("p", series(60, 200), line("x", 1), line("y", 1))));
        var ev = evaluate(s);
        double[] before = ev.out.good.clone();
        assertArrayEquals(new double[] {60, 140}, before, TOL);
        assertEquals(150, ev.relaxed(0, 1)[0], TOL);
        assertEquals(60, ev.relaxed(0, 0)[0], TOL);
        assertArrayEquals(before, ev.out.good);
        SampleOutput again = ev.model.newOutput();
        ev.evaluator.evaluate(new double[0], new double[0], again);
        assertArrayEquals(before, again.good);
        assertArrayEquals(ev.out.inventory, again.inventory);
    }

    /**
     * X = 100 with 0.4 reserved for b; a (first, no cap) needs 1 X + 1 Y (Y = 1000); b needs 1 X, demand 50.
     * Base: a takes the unreserved 60, b its reservation 40.
     * X unlimited (pool and reservation): a = min(inf, 1000 / 1) = 1000 (940 more, now Y-bound);
     * b = 50 (its demand; 10 more).
     */
    @Test
    void relaxedGood_resourceWithShares_reservationUnlimitedToo() {
        var ev = evaluate(scenario(1, List.of(), List.of(plain("x", constant(100)), plain("y", constant(1000))),
                List.of(product("a", null, line("x", 1), line("y", 1)), product("b", constant(50), line("x", 1))),
                List.of(share("x", "b", 0.4)), List.of()));
        assertArrayEquals(new double[] {60, 40}, ev.out.good, TOL);
        assertArrayEquals(new double[] {1000, 50}, ev.relaxed(0, 0), TOL);
    }

    /** A product with no demand cap whose only resource is unlimited has nothing bounding it: +Infinity. */
    @Test
    void relaxedGood_nothingElseBounds_infinite() {
        var ev = evaluate(scenario(1, List.of(plain("x", constant(40))), List.of(product("p", null, line("x", 1)))));
        assertEquals(Double.POSITIVE_INFINITY, ev.relaxed(0, 0)[0]);
    }

    @Test
    void relaxedGood_badArguments_namesThem() {
        var ev = evaluate(scenario(1, List.of(plain("x", constant(40))), List.of(product("p", null, line("x", 1)))));
        assertThrows(IllegalArgumentException.class, () -> ev.relaxed(1, 0), "resource");
        assertThrows(IllegalArgumentException.class, () -> ev.relaxed(0, 1), "period");
    }

    /**
     * On the reference scenario with random inputs (drawn as {@link EvaluatorEquivalenceTest} does):
     * no relaxation gives NaN, and relaxations leave no trace: evaluating the next sample after them
     * gives bit for bit what a fresh evaluator gives.
     */
    @Test
    void relaxedGood_referenceScenario_noNaNAndNoTraceOnLaterSamples() {
        CompiledModel m = CompiledModel.compile(ReferenceScenarioFixture.build());
        Evaluator e = m.newEvaluator();
        Evaluator fresh = m.newEvaluator();
        SampleOutput out = m.newOutput();
        SampleOutput ref = m.newOutput();
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = new double[m.inputCount()];
        double[] u = new double[m.eventUniformCount()];
        double[] g = new double[m.products()];
        for (int sample = 0; sample < 100; sample++) {
            for (int i = 0; i < x.length; i++) {
                Distribution d = m.inputDistributions().get(i);
                x[i] = rnd.nextDouble(EvaluatorEquivalenceTest.lo(d), EvaluatorEquivalenceTest.hi(d));
            }
            for (int i = 0; i < u.length; i++) {
                u[i] = rnd.nextDouble() * 0.2;
            }
            e.evaluate(x, u, out);
            fresh.evaluate(x, u, ref);
            assertArrayEquals(ref.good, out.good, 0, "sample " + sample);
            assertArrayEquals(ref.inventory, out.inventory, 0, "sample " + sample);
            for (int r = 0; r < m.resources(); r++) {
                for (int t = 0; t < m.periods(); t++) {
                    e.relaxedGood(r, t, g);
                    for (int p = 0; p < m.products(); p++) {
                        assertFalse(Double.isNaN(g[p]), "NaN relaxing " + m.resourceName(r) + " at " + t);
                    }
                }
            }
        }
    }
}
