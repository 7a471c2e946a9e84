package dev.chipmc.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chipmc.model.ReferenceScenarioFixture;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** An evaluator keeps scratch state between calls; none of it may leak from one sample into the next. */
class EvaluatorReuseTest {

    private static SampleOutput copy(CompiledModel m, SampleOutput o) {
        SampleOutput c = m.newOutput();
        System.arraycopy(o.started, 0, c.started, 0, o.started.length);
        System.arraycopy(o.good, 0, c.good, 0, o.good.length);
        System.arraycopy(o.shortfall, 0, c.shortfall, 0, o.shortfall.length);
        System.arraycopy(o.target, 0, c.target, 0, o.target.length);
        System.arraycopy(o.binding, 0, c.binding, 0, o.binding.length);
        System.arraycopy(o.available, 0, c.available, 0, o.available.length);
        System.arraycopy(o.used, 0, c.used, 0, o.used.length);
        System.arraycopy(o.inventory, 0, c.inventory, 0, o.inventory.length);
        System.arraycopy(o.utilisation, 0, c.utilisation, 0, o.utilisation.length);
        return c;
    }

    private static void assertSame(SampleOutput a, SampleOutput b) {
        assertArrayEquals(a.started, b.started, 0);
        assertArrayEquals(a.good, b.good, 0);
        assertArrayEquals(a.shortfall, b.shortfall, 0);
        assertArrayEquals(a.target, b.target, 0);
        assertArrayEquals(a.binding, b.binding);
        assertArrayEquals(a.available, b.available, 0);
        assertArrayEquals(a.used, b.used, 0);
        assertArrayEquals(a.inventory, b.inventory, 0);
        assertArrayEquals(a.utilisation, b.utilisation, 0);
    }

    /**
     * Sample A: every input at its mode, no outage. Sample B: every input at its upper bound and the
     * outage firing in every quarter (different availability, inventories, bindings). A, then B, then
     * A again on one evaluator and one output must reproduce A bit for bit, as must a fresh evaluator.
     */
    @Test
    void evaluate_aThenBThenA_givesIdenticalOutputs() {
        CompiledModel m = CompiledModel.compile(ReferenceScenarioFixture.build());
        double[] inA = ReferenceScenarioTest.modes(m);
        double[] uA = new double[m.eventUniformCount()];
        Arrays.fill(uA, 0.99);
        double[] inB = m.inputDistributions().stream().mapToDouble(d -> switch (d) {
            case dev.chipmc.model.Distribution.Triangular t -> t.hi();
            case dev.chipmc.model.Distribution.Pert p -> p.hi();
            case dev.chipmc.model.Distribution.Uniform u -> u.hi();
            default -> throw new IllegalArgumentException(d.toString());
        }).toArray();
        double[] uB = new double[m.eventUniformCount()];

        Evaluator e = m.newEvaluator();
        SampleOutput out = m.newOutput();
        e.evaluate(inA, uA, out);
        SampleOutput first = copy(m, out);
        e.evaluate(inB, uB, out);
        SampleOutput b = copy(m, out);
        e.evaluate(inA, uA, out);
        assertSame(first, out);

        assertFalse(Arrays.equals(first.available, b.available), "B should differ from A");

        SampleOutput fresh = m.newOutput();
        m.newEvaluator().evaluate(inB, uB, fresh);
        assertSame(b, fresh);
    }
}
