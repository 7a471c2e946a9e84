package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.SampleOutput.BINDING_DEMAND;
import static dev.chipmc.model.eval.SampleOutput.bindingOfResource;
import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.ramp;
import static dev.chipmc.model.eval.TestScenarios.resource;
import static dev.chipmc.model.eval.TestScenarios.row;
import static dev.chipmc.model.eval.TestScenarios.series;
import static dev.chipmc.model.eval.TestScenarios.share;
import static dev.chipmc.model.eval.TestScenarios.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chipmc.model.Product;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Supply;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * A 2-product, 3-resource, 3-period scenario worked out by hand end to end; the working, period by
 * period and phase by phase, is in {@code src/test/resources/hand-2x3.md}. Tolerance 1e-9: the
 * expected values are exact decimals, the evaluator differs from them by rounding only.
 */
class HandWorkedScenarioTest {
    private static final double TOL = 1e-9;
    private static final int DIE = bindingOfResource(0);
    private static final int HBM = bindingOfResource(1);
    private static final int INTERPOSER = bindingOfResource(2);

    static Scenario handScenario() {
        var die = resource("die", new Supply.Plain(series(100, 30, 80), constant(0.9)), true, 0.5, 0, 0);
        var hbm = resource("hbm", new Supply.Plain(ramp(200, 0.5, 0), constant(1)), true, 0, 1, 100);
        var interposer = resource("interposer", new Supply.Plain(constant(30), constant(1)), false, 0, 0, 0);
        var big = new Product("big", List.of(line("die", 2), line("hbm", 4), line("interposer", 0.5)),
                constant(0.9), constant(1), Optional.of(constant(30)), Optional.of(constant(25)));
        var small = new Product("small", List.of(line("hbm", 1), line("interposer", 0.25)),
                constant(1), constant(0.8), Optional.of(step(0, 100, 1)), Optional.empty());
        return TestScenarios.scenario(3, List.of(), List.of(die, hbm, interposer), List.of(big, small),
                List.of(share("interposer", "big", 0.5)), List.of());
    }

    @Test
    void handScenario_everyOutput_matchesHandWorking() {
        CompiledModel m = CompiledModel.compile(handScenario());
        SampleOutput o = m.newOutput();
        m.newEvaluator().evaluate(new double[0], new double[0], o);

        assertArrayEquals(new double[] {25, 23.5, 30}, row(o.started, 0, 3), TOL);
        assertArrayEquals(new double[] {0, 73, 60}, row(o.started, 1, 3), TOL);
        assertArrayEquals(new double[] {22.5, 21.15, 27}, row(o.good, 0, 3), TOL);
        assertArrayEquals(new double[] {0, 58.4, 48}, row(o.good, 1, 3), TOL);
        assertArrayEquals(new double[] {25, 25, 25}, row(o.target, 0, 3), 0);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN}, row(o.target, 1, 3), 0);
        assertArrayEquals(new double[] {2.5, 3.85, 0}, row(o.shortfall, 0, 3), TOL);
        assertArrayEquals(new double[] {0, 0, 0}, row(o.shortfall, 1, 3), 0);
        assertArrayEquals(new int[] {HBM, DIE, BINDING_DEMAND}, row(o.binding, 0, 3));
        assertArrayEquals(new int[] {BINDING_DEMAND, INTERPOSER, INTERPOSER}, row(o.binding, 1, 3));

        assertArrayEquals(new double[] {90, 47, 72}, row(o.available, 0, 3), TOL);
        assertArrayEquals(new double[] {100, 200, 333}, row(o.available, 1, 3), TOL);
        assertArrayEquals(new double[] {30, 30, 30}, row(o.available, 2, 3), TOL);
        assertArrayEquals(new double[] {50, 47, 60}, row(o.used, 0, 3), TOL);
        assertArrayEquals(new double[] {100, 167, 180}, row(o.used, 1, 3), TOL);
        assertArrayEquals(new double[] {12.5, 30, 30}, row(o.used, 2, 3), TOL);
        assertArrayEquals(new double[] {20, 0, 6}, row(o.inventory, 0, 3), TOL);
        assertArrayEquals(new double[] {0, 33, 153}, row(o.inventory, 1, 3), TOL);
        assertArrayEquals(new double[] {0, 0, 0}, row(o.inventory, 2, 3), 0);
        assertArrayEquals(new double[] {5.0 / 9, 1, 5.0 / 6}, row(o.utilisation, 0, 3), TOL);
        assertArrayEquals(new double[] {1, 0.835, 20.0 / 37}, row(o.utilisation, 1, 3), TOL);
        assertArrayEquals(new double[] {5.0 / 12, 1, 1}, row(o.utilisation, 2, 3), TOL);

        assertEquals("interposer", m.bindingName(o.binding[3 + 1]));
        assertEquals(Double.NaN, m.newEvaluator().totalTarget(0));
    }
}
