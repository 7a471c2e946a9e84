package dev.chipmc.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.Distribution;
import dev.chipmc.model.ReferenceScenarioFixture;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REFERENCE.md scenario evaluated with every input at its mode (the midpoint for the uniform
 * {@code quake.cut}) and every event uniform 0.99, so the outage (probability 0.02) never fires.
 * Expected values are worked out by hand below; relative tolerance 1e-12 (rounding only).
 *
 * <p>t = 0 at the modes. DPW with e = 3 mm: 800 -> 61, 700 -> 72, 360 -> 154, 110 -> 554 (dies);
 * 3400 -> 8, 2400 -> 14, 2000 -> 19, 2600 -> 13 (interposers). Available:
 * cowos-l 105000, cowos-s 48000, rdl 1.15e6, abf 2.6e6 * 0.97 = 2522000,
 * hbm3e 21e6 * 0.98 * (0.982 * 0.995)^12 = 15583327.317, hbm4 0 (ramp at 1),
 * gb-die 85000 * 61 * (1 + 0.64/2)^-2 = 2975780.533, rubin-die 0 (ramp at 2),
 * mi-xcd 2600 * 554 / 1.055^2 = 1294130.860, mi-iod 2600 * 154 / 1.108^2 = 326147.871,
 * asic-die 32000 * 72 / 1.35^2 = 1264197.531.
 * <br>Phase 1: rubin demand 0 -> 0. bwu: cowos-l reservation 0.55 * 105000 = 57750 wafers at 1/14
 * per package = 808500 (hbm3e reservation allows 0.60 * 15583327 / 8 = 1168749.5, dies 1487890).
 * asic: hbm3e reservation 0.28 * 15583327.317 / 8 = 545416.456 (dies 632098.8, demand 700000).
 * mi: mi-xcd 1294130.860 / 8 = 161766.357 (iod 163073.9, hbm3e reservation 233749.9, demand 180000).
 * <br>Phase 2: hbm3e pool = what bwu, asic and mi left of their reservations (there is no
 * unreserved hbm3e): 0.72 A - 8 (808500 + 161766.357); bwu raises by that / 8 = 0.09 A - 808500 -
 * 161766.357 = 432233.101 (cowos-l pool 10500 + 36750 allows 661500, demand 691500, dies 679390):
 * s_bwu = 1240733.101, binding hbm3e-12h. asic: hbm3e pool now 0, binding hbm3e-12h. mi: mi-xcd and
 * hbm3e both at 0, dies first in the bill of materials: binding mi-xcd.
 */
class ReferenceScenarioTest {
    private static CompiledModel model;
    private static SampleOutput out;
    private static Evaluator evaluator;

    static double mode(Distribution d) {
        return switch (d) {
            case Distribution.Triangular t -> t.mode();
            case Distribution.Pert p -> p.mode();
            case Distribution.Uniform u -> (u.lo() + u.hi()) / 2;
            default -> throw new IllegalArgumentException("no mode for " + d);
        };
    }

    static double[] modes(CompiledModel m) {
        return m.inputDistributions().stream().mapToDouble(ReferenceScenarioTest::mode).toArray();
    }

    @BeforeAll
    static void evaluateAtModes() {
        model = CompiledModel.compile(ReferenceScenarioFixture.build());
        out = model.newOutput();
        evaluator = model.newEvaluator();
        double[] u = new double[model.eventUniformCount()];
        Arrays.fill(u, 0.99);
        evaluator.evaluate(modes(model), u, out);
    }

    private static int r(String name) {
        for (int i = 0; i < model.resources(); i++) {
            if (model.resourceName(i).equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    private static int p(String name) {
        for (int i = 0; i < model.products(); i++) {
            if (model.productName(i).equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    private static double available(String res, int t) {
        return out.available[r(res) * 8 + t];
    }

    private static double used(String res, int t) {
        return out.used[r(res) * 8 + t];
    }

    private static double started(String prod, int t) {
        return out.started[p(prod) * 8 + t];
    }

    private static String binding(String prod, int t) {
        return model.bindingName(out.binding[p(prod) * 8 + t]);
    }

    private static void near(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12);
    }

    @Test
    void shape_matchesReference() {
        assertEquals(8, model.periods());
        assertEquals(4, model.products());
        assertEquals(11, model.resources());
        assertEquals(1, model.events());
        assertEquals(50, model.inputCount());
        assertEquals(8, model.eventUniformCount());
        assertEquals(List.of("rubin-class", "blackwell-ultra-class", "asic-class", "mi-class"),
                List.of(model.productName(0), model.productName(1), model.productName(2), model.productName(3)));
        assertTrue(model.hasTarget(p("blackwell-ultra-class")));
        assertTrue(!model.hasTarget(p("rubin-class")));
        assertTrue(model.hasTotalTarget());
    }

    @Test
    void available_atZero_matchesHandComputation() {
        near(105_000, available("cowos-l", 0));
        near(105_000 * 1.09, available("cowos-l", 1));
        near(48_000, available("cowos-s", 0));
        near(2_522_000, available("abf", 0));
        near(21e6 * 0.98 * Math.pow(0.982 * 0.995, 12), available("hbm3e-12h", 0));
        assertEquals(0, available("hbm4-12h", 0));
        near(85_000 * 61 / (1.32 * 1.32), available("gb-die", 0));
        assertEquals(0, available("rubin-die", 0));
        assertEquals(0, available("rubin-die", 1));
        near(2600 * 554 / (1.055 * 1.055), available("mi-xcd", 0));
        near(2600 * 154 / (1.108 * 1.108), available("mi-iod", 0));
        near(32_000 * 72 / (1.35 * 1.35), available("asic-die", 0));
    }

    /**
     * hbm4 at t = 1 (launch): 2e6 starts * 0.98 * (0.96 * 0.992)^12 (core yield holds at its initial
     * value at k = 0); at t = 2: core 0.988 - 0.028 exp(-1/3), starts 2e6 * 1.3.
     */
    @Test
    void hbm4_launchesAtOneWithLearningCoreYield() {
        near(2e6 * 0.98 * Math.pow(0.96 * 0.992, 12), available("hbm4-12h", 1));
        double core2 = 0.988 - 0.028 * Math.exp(-1.0 / 3);
        // inventory from t = 1 is nil: no product uses hbm4 before rubin launches at 2
        double carried = 2e6 * 0.98 * Math.pow(0.96 * 0.992, 12);
        near(carried + 2.6e6 * 0.98 * Math.pow(core2 * 0.992, 12), available("hbm4-12h", 2));
    }

    @Test
    void started_atZero_matchesHandAllocation() {
        double aHbm = 21e6 * 0.98 * Math.pow(0.982 * 0.995, 12);
        double mi = 2600 * 554 / (1.055 * 1.055) / 8;
        assertEquals(0, started("rubin-class", 0));
        assertEquals(0, started("rubin-class", 1));
        assertEquals("demand", binding("rubin-class", 0));
        assertEquals("demand", binding("rubin-class", 1));
        near(0.09 * aHbm - mi, started("blackwell-ultra-class", 0));
        assertEquals("hbm3e-12h", binding("blackwell-ultra-class", 0));
        near(0.28 * aHbm / 8, started("asic-class", 0));
        assertEquals("hbm3e-12h", binding("asic-class", 0));
        near(mi, started("mi-class", 0));
        assertEquals("mi-xcd", binding("mi-class", 0));
    }

    /**
     * Per-package amounts from DPW: at t = 0 (rubin 0) cowos-l used = s_bwu / 14 and RDL passes =
     * 6 s_bwu / 14; cowos-s used = s_asic / 19 + s_mi / 13 (0 RDL layers: no passes). At t = 3 rubin
     * runs: cowos-l = s_rubin / 8 + s_bwu / 14, RDL = 8 s_rubin / 8 + 6 s_bwu / 14.
     */
    @Test
    void used_followsDpwDerivedAmounts() {
        double bwu0 = started("blackwell-ultra-class", 0);
        near(bwu0 / 14, used("cowos-l", 0));
        near(6 * bwu0 / 14, used("rdl-litho", 0));
        near(started("asic-class", 0) / 19 + started("mi-class", 0) / 13, used("cowos-s", 0));
        double rubin3 = started("rubin-class", 3);
        double bwu3 = started("blackwell-ultra-class", 3);
        assertTrue(rubin3 > 0);
        assertEquals(used("cowos-l", 3), rubin3 / 8 + bwu3 / 14, 1e-9 * used("cowos-l", 3));
        assertEquals(used("rdl-litho", 3), rubin3 + 6 * bwu3 / 14, 1e-9 * used("rdl-litho", 3));
    }

    /**
     * bwu good = s * 0.95 * 0.96 = 0.912 s = 1131548.6 >= 1e6: no shortfall at t = 0. abf carries
     * 2522000 - (s_bwu + s_asic + s_mi) = 574084.085 into t = 1. Total target 2e6 each quarter.
     */
    @Test
    void goodShortfallInventoryAndTotalTarget_atZero() {
        int b = p("blackwell-ultra-class") * 8;
        near(0.912 * out.started[b], out.good[b]);
        assertEquals(1e6, out.target[b]);
        assertEquals(0, out.shortfall[b]);
        double sum = started("blackwell-ultra-class", 0) + started("asic-class", 0) + started("mi-class", 0);
        near(2_522_000 - sum, out.inventory[r("abf") * 8]);
        assertEquals(574_084.085, out.inventory[r("abf") * 8], 1e-3);
        assertEquals(0, out.inventory[r("cowos-l") * 8]);
        for (int t = 0; t < 8; t++) {
            assertEquals(2.0e6, evaluator.totalTarget(t));
        }
    }

    /** Sanity over the whole horizon: every output finite, used within available, utilisation in [0, 1]. */
    @Test
    void allOutputs_areConsistent() {
        for (int i = 0; i < out.available.length; i++) {
            assertTrue(Double.isFinite(out.available[i]) && out.available[i] >= 0);
            assertTrue(out.used[i] >= 0 && out.used[i] <= out.available[i]);
            assertTrue(out.utilisation[i] >= 0 && out.utilisation[i] <= 1);
            assertTrue(out.inventory[i] >= 0);
        }
        for (int i = 0; i < out.started.length; i++) {
            assertTrue(Double.isFinite(out.started[i]) && out.started[i] >= 0);
            assertTrue(out.good[i] <= out.started[i]);
        }
    }
}
