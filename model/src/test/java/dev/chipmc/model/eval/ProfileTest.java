package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.learning;
import static dev.chipmc.model.eval.TestScenarios.plain;
import static dev.chipmc.model.eval.TestScenarios.ramp;
import static dev.chipmc.model.eval.TestScenarios.row;
import static dev.chipmc.model.eval.TestScenarios.series;
import static dev.chipmc.model.eval.TestScenarios.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Value;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Profiles (MODEL.md section 3), observed as the availability of a resource whose production is the
 * profile, with yield 1, no consumer and no carryover, over T = 5 periods.
 */
class ProfileTest {
    private static final double TOL = 1e-12;

    private static double[] eval(Profile p, List<Input> inputs, double... inputValues) {
        var s = TestScenarios.scenario(5, inputs, List.of(plain("x", p)), List.of(), List.of(), List.of());
        return row(TestScenarios.run(s, inputValues, new double[0]).available, 0, 5);
    }

    private static double[] eval(Profile p) {
        return eval(p, List.of());
    }

    @Test
    void constant_isTheSameEveryPeriod() {
        assertArrayEquals(new double[] {7, 7, 7, 7, 7}, eval(constant(7)), 0);
    }

    /** 100 * 1.1^t: 100, 110, 121, 133.1, 146.41. */
    @Test
    void ramp_atZero_compoundsFromStart() {
        assertArrayEquals(new double[] {100, 110, 121, 133.1, 146.41}, eval(ramp(100, 0.1, 0)), TOL);
    }

    /** at = 2: 0 for t < 2, then 100 * 1.1^(t - 2). */
    @Test
    void ramp_integerAt_isZeroBeforeLaunch() {
        assertArrayEquals(new double[] {0, 0, 100, 110, 121}, eval(ramp(100, 0.1, 2)), TOL);
    }

    /**
     * at = 1.5: t = 0, 1 are before launch (0); t = 2: k = 0.5, 100 * 1.1^0.5 = 104.88088481701516;
     * t = 3: 100 * 1.1^1.5 = 115.3689732987167; t = 4: 100 * 1.1^2.5 = 126.90587062858836.
     */
    @Test
    void ramp_fractionalAt_usesFractionalExponent() {
        assertArrayEquals(new double[] {0, 0, 104.88088481701516, 115.3689732987167, 126.90587062858836},
                eval(ramp(100, 0.1, 1.5)), TOL);
    }

    /** Negative growth 100 * 0.8^t: 100, 80, 64, 51.2, 40.96. */
    @Test
    void ramp_negativeGrowth_declines() {
        assertArrayEquals(new double[] {100, 80, 64, 51.2, 40.96}, eval(ramp(100, -0.2, 0)), TOL);
    }

    /**
     * 0.9 - 0.4 exp(-t / 2): t = 0: 0.5; 1: 0.9 - 0.4 * 0.60653066 = 0.6573877361149466;
     * 2: 0.9 - 0.4 * 0.36787944 = 0.7528482235314231; 3: 0.8107479359406281; 4: 0.8458658867053549.
     */
    @Test
    void learning_atZero_approachesFinal() {
        assertArrayEquals(new double[] {0.5, 0.6573877361149466, 0.7528482235314231, 0.8107479359406281,
            0.8458658867053549}, eval(learning(0.5, 0.9, 2, 0)), TOL);
    }

    /** at = 2: holds at initial 0.5 for t <= 2, then the curve above shifted by 2. */
    @Test
    void learning_beforeAt_holdsAtInitial() {
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.6573877361149466, 0.7528482235314231},
                eval(learning(0.5, 0.9, 2, 2)), TOL);
    }

    /**
     * at = 1.5: 0.5 for t = 0, 1; t = 2: 0.9 - 0.4 exp(-0.25) = 0.588479686771438; t = 3: 0.9 - 0.4
     * exp(-0.75) = 0.7110533789035941; t = 4: 0.9 - 0.4 exp(-1.25) = 0.785398081255924.
     */
    @Test
    void learning_fractionalAt_usesFractionalK() {
        assertArrayEquals(new double[] {0.5, 0.5, 0.588479686771438, 0.7110533789035941, 0.785398081255924},
                eval(learning(0.5, 0.9, 2, 1.5)), TOL);
    }

    @Test
    void series_givesEachEntry_includingInputs() {
        Profile p = new Profile.Series(List.of(Value.of(1), Value.of(2), Value.ref("x2"), Value.of(4), Value.of(5)));
        assertArrayEquals(new double[] {1, 2, 33, 4, 5},
                eval(p, List.of(new Input("x2", new Distribution.Uniform(0, 50))), 33), 0);
    }

    /** before 3 for t < at, after 8 from at on; at = 2 and at = 1.5 both switch at t = 2; at = 0 never uses before. */
    @Test
    void step_switchesAtFirstPeriodNotBeforeAt() {
        assertArrayEquals(new double[] {3, 3, 8, 8, 8}, eval(step(3, 8, 2)), 0);
        assertArrayEquals(new double[] {3, 3, 8, 8, 8}, eval(step(3, 8, 1.5)), 0);
        assertArrayEquals(new double[] {8, 8, 8, 8, 8}, eval(step(3, 8, 0)), 0);
    }

    /** Parameters named as inputs are read from the inputs vector: start 200, growth 0.5, at 1 -> 0, 200, 300, 450, 675. */
    @Test
    void ramp_parametersFromInputs_areResolved() {
        var inputs = List.of(new Input("s", new Distribution.Uniform(0, 1000)),
                new Input("g", new Distribution.Uniform(0, 1)), new Input("at", new Distribution.Uniform(0, 4)));
        Profile p = new Profile.Ramp(Value.ref("s"), Value.ref("g"), Value.ref("at"));
        assertArrayEquals(new double[] {0, 200, 300, 450, 675}, eval(p, inputs, 200, 0.5, 1), TOL);
    }

    /** Learning with tau an input: tau = 1, at 0: 0.9 - 0.4 e^-t. */
    @Test
    void learning_tauFromInput_isResolved() {
        var inputs = List.of(new Input("tau", new Distribution.Uniform(0.5, 5)));
        Profile p = new Profile.Learning(Value.of(0.5), Value.of(0.9), Value.ref("tau"), Value.of(0));
        double[] expected = new double[5];
        for (int t = 0; t < 5; t++) {
            expected[t] = 0.9 - 0.4 * Math.exp(-t);
        }
        assertArrayEquals(expected, eval(p, inputs, 1), TOL);
    }
}
