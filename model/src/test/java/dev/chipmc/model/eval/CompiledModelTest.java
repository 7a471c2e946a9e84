package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.event;
import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.plain;
import static dev.chipmc.model.eval.TestScenarios.product;
import static dev.chipmc.model.eval.TestScenarios.scenario;
import static dev.chipmc.model.eval.TestScenarios.series;
import static dev.chipmc.model.eval.TestScenarios.share;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.Correlation;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Periods;
import dev.chipmc.model.Profile;
import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Value;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CompiledModelTest {

    private static void rejects(Scenario s, String... fragments) {
        String msg = assertThrows(IllegalArgumentException.class, () -> CompiledModel.compile(s)).getMessage();
        for (String f : fragments) {
            assertTrue(msg.contains(f), () -> "message '" + msg + "' should contain '" + f + "'");
        }
    }

    private static final Input X = new Input("x", new Distribution.Uniform(0, 1));

    @Test
    void compile_undefinedInput_namesInputAndPlace() {
        var s = scenario(1, List.of(), List.of(plain("r", Profile.constant(Value.ref("nope")))), List.of(), List.of(),
                List.of());
        rejects(s, "nope", "resource 'r' production");
    }

    @Test
    void compile_undefinedResourceInBom_isRejected() {
        rejects(scenario(1, List.of(plain("r", constant(1))), List.of(product("p", null, line("q", 1)))),
                "product 'p'", "undefined resource 'q'");
    }

    @Test
    void compile_undefinedProductOrResourceInShare_isRejected() {
        var r = List.of(plain("r", constant(1)));
        var p = List.of(product("p", null, line("r", 1)));
        rejects(scenario(1, List.of(), r, p, List.of(share("r", "zz", 0.5)), List.of()), "undefined product 'zz'");
        rejects(scenario(1, List.of(), r, p, List.of(share("zz", "p", 0.5)), List.of()), "undefined resource 'zz'");
    }

    @Test
    void compile_undefinedResourceInEvent_isRejected() {
        rejects(scenario(1, List.of(), List.of(plain("r", constant(1))), List.of(), List.of(),
                List.of(event("quake", 0.1, 1, 0.2, "r", "zz"))), "event 'quake'", "zz");
    }

    @Test
    void compile_undefinedInputInCorrelation_isRejected() {
        var s = new Scenario("t", "", Periods.quarters(2026, 1, 1), List.of(X), List.of(), List.of(), List.of(),
                List.of(), List.of(new Correlation("x", "y", 0.5)), false, Optional.empty());
        rejects(s, "correlation", "'y'");
    }

    @Test
    void compile_duplicateNames_areRejected() {
        rejects(scenario(1, List.of(X, X), List.of(), List.of(), List.of(), List.of()), "duplicate input", "'x'");
        rejects(scenario(1, List.of(plain("r", constant(1)), plain("r", constant(2))), List.of()),
                "duplicate resource", "'r'");
        var p = product("p", constant(1));
        rejects(scenario(1, List.of(), List.of(p, p)), "duplicate product", "'p'");
        rejects(scenario(1, List.of(), List.of(), List.of(), List.of(),
                List.of(event("e", 0.1, 1, 0.1), event("e", 0.1, 1, 0.1))), "duplicate event", "'e'");
    }

    @Test
    void compile_seriesLengthNotPeriods_isRejected() {
        rejects(scenario(3, List.of(plain("r", series(1, 2))), List.of()), "resource 'r' production",
                "2 values for 3 periods");
    }

    @Test
    void compile_productWithoutBomOrDemandCap_isRejected() {
        rejects(scenario(1, List.of(), List.of(product("p", null))), "product 'p'", "no demand cap");
        rejects(scenario(1, List.of(plain("r", constant(1))), List.of(product("p", null, line("r", 0)))),
                "product 'p'", "no demand cap");
    }

    @Test
    void compile_sameResourceTwiceInBom_isRejected() {
        rejects(scenario(1, List.of(plain("r", constant(1))), List.of(product("p", null, line("r", 1), line("r", 2)))),
                "product 'p'", "'r' appears twice");
    }

    @Test
    void compile_constantSharesAboveOne_areRejected() {
        var r = List.of(plain("r", constant(1)));
        var p = List.of(product("a", null, line("r", 1)), product("b", null, line("r", 1)));
        rejects(scenario(1, List.of(), r, p, List.of(share("r", "a", 0.7), share("r", "b", 0.4)), List.of()),
                "shares of 'r'", "more than 1");
        rejects(scenario(1, List.of(), r, p, List.of(share("r", "a", 0.7), share("r", "a", 0.1)), List.of()),
                "twice");
    }

    @Test
    void compile_constantsOutOfRange_areRejected() {
        rejects(scenario(1, List.of(), List.of(), List.of(), List.of(), List.of(event("e", 1.5, 1, 0.1))),
                "event 'e' probability");
        rejects(scenario(2, List.of(plain("r", new Profile.Learning(Value.of(0.5), Value.of(0.9), Value.of(0),
                Value.of(0)))), List.of()), "tau");
    }

    @Test
    void evaluate_sampledSharesAboveOne_isRejected() {
        var in = List.of(new Input("f", new Distribution.Uniform(0, 1)));
        var s = scenario(1, in, List.of(plain("r", constant(1))),
                List.of(product("a", null, line("r", 1)), product("b", null, line("r", 1))),
                List.of(new dev.chipmc.model.Share("r", "a", Value.ref("f")), share("r", "b", 0.5)), List.of());
        CompiledModel m = CompiledModel.compile(s);
        m.newEvaluator().evaluate(new double[] {0.5}, new double[0], m.newOutput());
        var ex = assertThrows(IllegalArgumentException.class,
                () -> m.newEvaluator().evaluate(new double[] {0.6}, new double[0], m.newOutput()));
        assertTrue(ex.getMessage().contains("shares of 'r'"));
    }

    @Test
    void evaluate_shortArraysOrWrongOutput_areRejected() {
        CompiledModel m = CompiledModel.compile(ReferenceScenarioFixture.build());
        Evaluator e = m.newEvaluator();
        double[] in = new double[m.inputCount()];
        double[] u = new double[m.eventUniformCount()];
        assertThrows(IllegalArgumentException.class, () -> e.evaluate(new double[3], u, m.newOutput()));
        assertThrows(IllegalArgumentException.class, () -> e.evaluate(in, new double[1], m.newOutput()));
        assertThrows(IllegalArgumentException.class, () -> e.evaluate(in, u, new SampleOutput(8, 1, 1)));
    }

    @Test
    void accessors_describeTheReferenceModel() {
        Scenario s = ReferenceScenarioFixture.build();
        CompiledModel m = CompiledModel.compile(s);
        assertEquals(s, m.scenario());
        assertEquals(s.inputs().stream().map(Input::name).toList(), m.inputNames());
        assertEquals(s.inputs().stream().map(Input::distribution).toList(), m.inputDistributions());
        assertEquals(0, m.inputIndex("cowos_l.start"));
        assertEquals(m.inputNames().indexOf("hbm4.tau"), m.inputIndex("hbm4.tau"));
        assertEquals(-1, m.inputIndex("no.such.input"));
        assertEquals(12, m.bindingCodes());
        assertEquals("demand", m.bindingName(SampleOutput.BINDING_DEMAND));
        assertEquals("cowos-l", m.bindingName(SampleOutput.bindingOfResource(0)));
        assertEquals("asic-die", m.bindingName(SampleOutput.bindingOfResource(10)));
        assertThrows(IllegalArgumentException.class, () -> m.bindingName(12));
        assertEquals("abf", m.resourceName(3));
        SampleOutput o = m.newOutput();
        assertEquals(8 * 4, o.started.length);
        assertEquals(8 * 11, o.available.length);
    }

    @Test
    void totalTarget_absent_isNaN() {
        CompiledModel m = CompiledModel.compile(scenario(2, List.of(plain("r", constant(1))), List.of()));
        assertFalse(m.hasTotalTarget());
        Evaluator e = m.newEvaluator();
        e.evaluate(new double[0], new double[0], m.newOutput());
        assertEquals(Double.NaN, e.totalTarget(1));
    }
}
