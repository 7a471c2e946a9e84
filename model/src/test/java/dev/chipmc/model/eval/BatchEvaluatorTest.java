package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.plain;
import static dev.chipmc.model.eval.TestScenarios.product;
import static dev.chipmc.model.eval.TestScenarios.ramp;
import static dev.chipmc.model.eval.TestScenarios.scenario;
import static dev.chipmc.model.eval.TestScenarios.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.BomLine;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When {@link BatchEvaluator} applies, and that it fails exactly as the scalar evaluator does. Its
 * figures are compared with the straight evaluation in {@link EvaluatorEquivalenceTest}.
 */
class BatchEvaluatorTest {

    /** Two products reserving shares of one resource, the shares sampled ({@code a}, {@code b}). */
    private static Scenario sampledShares() {
        List<Input> inputs = List.of(new Input("a", new Distribution.Uniform(0.1, 0.7)),
                new Input("b", new Distribution.Uniform(0.1, 0.7)));
        return scenario(2, inputs, List.of(plain("r", ramp(1000, 0.1, 0))),
                List.of(product("p", TestScenarios.constant(300), line("r", 1)),
                        product("q", TestScenarios.constant(300), line("r", 2))),
                List.of(new Share("r", "p", Value.ref("a")), new Share("r", "q", Value.ref("b"))), List.of());
    }

    private static SampleOutput[] outputs(CompiledModel m, int n) {
        SampleOutput[] out = new SampleOutput[n];
        for (int l = 0; l < n; l++) {
            out[l] = m.newOutput();
        }
        return out;
    }

    @Test
    void create_inTheTestJvm_givesLanesOfAVector() {
        // the build starts the tests with --add-modules jdk.incubator.vector
        CompiledModel m = CompiledModel.compile(sampledShares());
        BatchEvaluator b = BatchEvaluator.create(m).orElseThrow();
        assertTrue(b.lanes() >= BatchEvaluator.MIN_LANES, "lanes " + b.lanes());
        assertTrue(BatchEvaluator.isWarm(), "create warms the vector code up once per JVM");
    }

    @Test
    void create_propertyFalse_givesNothing() {
        CompiledModel m = CompiledModel.compile(sampledShares());
        String old = System.getProperty(BatchEvaluator.PROPERTY);
        System.setProperty(BatchEvaluator.PROPERTY, "false");
        try {
            assertFalse(BatchEvaluator.vectorAvailable());
            assertTrue(BatchEvaluator.create(m).isEmpty());
        } finally {
            if (old == null) {
                System.clearProperty(BatchEvaluator.PROPERTY);
            } else {
                System.setProperty(BatchEvaluator.PROPERTY, old);
            }
        }
        assertTrue(BatchEvaluator.create(m).isPresent());
    }

    @Test
    void create_sampledAmount_givesNothing() {
        List<Input> inputs = List.of(new Input("q", new Distribution.Uniform(1, 3)));
        Scenario s = scenario(2, inputs, List.of(plain("r", ramp(1000, 0.1, 0))),
                List.of(product("p", TestScenarios.constant(300),
                        BomLine.count(BomLine.Kind.OTHER, "r", Value.ref("q")))), List.of(), List.of());
        assertTrue(BatchEvaluator.create(CompiledModel.compile(s)).isEmpty());
    }

    /**
     * Lane 2's shares sum to 1.1 and lane 5's to 1.3: the batch throws lane 2's exception, word for word
     * the scalar evaluator's, after evaluating lanes 0 and 1 one by one (their outputs are the scalar ones).
     */
    @Test
    void evaluate_sharesOverOneInSomeLanes_throwsTheFirstSuchSamplesException() {
        CompiledModel m = CompiledModel.compile(sampledShares());
        BatchEvaluator b = BatchEvaluator.create(m).orElseThrow();
        int n = b.lanes();
        double[][] x = new double[n][];
        double[][] u = new double[n][0];
        SampleOutput[] out = outputs(m, n);
        for (int l = 0; l < n; l++) {
            x[l] = new double[] {0.3, 0.4};
        }
        x[2] = new double[] {0.6, 0.5};
        x[Math.min(5, n - 1)] = new double[] {0.6, 0.7};
        Evaluator scalar = m.newEvaluator();
        IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                () -> scalar.evaluate(x[2], u[2], m.newOutput()));
        IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> b.evaluate(x, u, out));
        assertEquals(expected.getMessage(), actual.getMessage());
        assertTrue(actual.getMessage().contains("more than 1"), actual.getMessage());
        SampleOutput first = m.newOutput();
        scalar.evaluate(x[0], u[0], first);
        assertArrayEquals(first.good, out[0].good, 0);
        assertArrayEquals(first.binding, out[1].binding);
    }

    @Test
    void evaluate_tooFewSamplesOrWrongOutput_throws() {
        CompiledModel m = CompiledModel.compile(sampledShares());
        BatchEvaluator b = BatchEvaluator.create(m).orElseThrow();
        int n = b.lanes();
        assertThrows(IllegalArgumentException.class,
                () -> b.evaluate(new double[n - 1][2], new double[n][0], new SampleOutput[n]));
        SampleOutput[] out = outputs(m, n);
        out[n - 1] = new SampleOutput(3, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.evaluate(new double[n][2], new double[n][0], out));
        assertTrue(e.getMessage().startsWith("out: dimensions"), e.getMessage());
    }

    @Test
    void evaluate_validBatch_equalsScalarEvaluationPerLane() {
        CompiledModel m = CompiledModel.compile(sampledShares());
        BatchEvaluator b = BatchEvaluator.create(m).orElseThrow();
        int n = b.lanes();
        double[][] x = new double[n][];
        double[][] u = new double[n][0];
        SampleOutput[] out = outputs(m, n);
        for (int l = 0; l < n; l++) {
            x[l] = new double[] {0.1 + 0.05 * l, 0.5 - 0.04 * l};
        }
        b.evaluate(x, u, out);
        Evaluator scalar = m.newEvaluator();
        for (int l = 0; l < n; l++) {
            SampleOutput expected = m.newOutput();
            scalar.evaluate(x[l], u[l], expected);
            assertArrayEquals(expected.started, out[l].started, 0, "lane " + l);
            assertArrayEquals(expected.binding, out[l].binding, "lane " + l);
            assertArrayEquals(expected.used, out[l].used, 0, "lane " + l);
            assertArrayEquals(expected.inventory, out[l].inventory, 0, "lane " + l);
        }
        // hand-computed, lane 0 (a = 0.1, b = 0.5), period 0, 1000 units: p reserves 100 and starts 100
        // (1 unit each); q reserves 500 and starts min(300, 500 / 2) = 250; the pool (400, nothing returned)
        // then raises p by min(300 - 100, 400 / 1) = 200 to 300, and q by min(300 - 250, 200 / 2) = 50 to 300.
        assertEquals(300, out[0].started[0], 0);
        assertEquals(300, out[0].started[2], 0);
    }
}
