package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.event;
import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.plain;
import static dev.chipmc.model.eval.TestScenarios.product;
import static dev.chipmc.model.eval.TestScenarios.resource;
import static dev.chipmc.model.eval.TestScenarios.row;
import static dev.chipmc.model.eval.TestScenarios.scenario;
import static dev.chipmc.model.eval.TestScenarios.series;
import static dev.chipmc.model.eval.TestScenarios.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.chipmc.model.Bonding;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Supply;
import dev.chipmc.model.YieldModel;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Good production of each supply kind (MODEL.md sections 4, 5) and disruption events (section 7). */
class SupplyAndEventTest {
    private static final double TOL = 1e-9;

    private static double[] available(int periods, List<Resource> resources, double[] uniforms,
            List<dev.chipmc.model.Event> events) {
        var s = scenario(periods, List.of(), resources, List.of(), List.of(), events);
        return TestScenarios.run(s, new double[0], uniforms).available;
    }

    /**
     * 1000 wafers of 800 mm^2 (DPW 61), y0 0.9, D0 0.08: AD = 0.64.
     * Negative binomial alpha 2: 1000 * 61 * 0.9 / 1.32^2 = 54900 / 1.7424 = 31508.26446280992.
     * Poisson: 54900 * exp(-0.64); Seeds: 54900 / 1.64; Murphy: 54900 * ((1 - e^-0.64) / 0.64)^2.
     * D0 = 0: every model gives 54900.
     */
    @Test
    void logicDie_goodDiesAreWafersTimesDpwTimesYield() {
        double[] nb = available(1, List.of(die(new YieldModel.NegativeBinomial(v(2)), 0.08)), new double[0], List.of());
        assertArrayEquals(new double[] {31508.26446280992}, nb, 1e-8);
        double m = (1 - Math.exp(-0.64)) / 0.64;
        double[] all = available(1, List.of(die(new YieldModel.Poisson(), 0.08), die(new YieldModel.Seeds(), 0.08),
                die(new YieldModel.Murphy(), 0.08)), new double[0], List.of());
        assertArrayEquals(new double[] {54900 * Math.exp(-0.64), 54900 / 1.64, 54900 * m * m}, all, 1e-8);
        double[] zero = available(1, List.of(die(new YieldModel.Poisson(), 0), die(new YieldModel.Seeds(), 0),
                die(new YieldModel.Murphy(), 0), die(new YieldModel.NegativeBinomial(v(2)), 0)), new double[0],
                List.of());
        assertArrayEquals(new double[] {54900, 54900, 54900, 54900}, zero, 1e-9);
    }

    /** D0 varying by period (0.08, 0.08, 0) uses each period's own yield: 31508.26..., 31508.26..., 54900. */
    @Test
    void logicDie_d0PerPeriod_isAppliedPerPeriod() {
        var d = new Supply.LogicDie(constant(1000), v(800), v(3), new YieldModel.NegativeBinomial(v(2)),
                series(0.08, 0.08, 0), v(0.9));
        double[] a = available(3, List.of(resource("d", d, false, 0, 0, 0)), new double[0], List.of());
        assertArrayEquals(new double[] {31508.26446280992, 31508.26446280992, 54900}, a, 1e-8);
    }

    /** 1000 starts * 0.98 * (0.99 * 0.995)^12 = 817.9474066935448 good stacks. */
    @Test
    void hbmStack_goodStacksAreStartsTimesStackYield() {
        var h = new Supply.HbmStack(constant(1000), 12, v(0.98), constant(0.99), v(0.995), Bonding.MR_MUF);
        double[] a = available(1, List.of(resource("h", h, false, 0, 0, 0)), new double[0], List.of());
        assertArrayEquals(new double[] {817.9474066935448}, a, 1e-10);
    }

    /** Plain good units = production * yield: 200 * 0.97 = 194. */
    @Test
    void plain_goodUnitsAreProductionTimesYield() {
        var p = resource("p", new Supply.Plain(constant(200), constant(0.97)), false, 0, 0, 0);
        assertArrayEquals(new double[] {194}, available(1, List.of(p), new double[0], List.of()), TOL);
    }

    /**
     * Two events on X = 100 (probability 0.5 each, duration 1): e1 (cut 0.2) fires at t0 (u 0.1 < 0.5),
     * e2 (cut 0.5) at t0 and t1. t0: 100 * 0.8 * 0.5 = 40; t1: 100 * 0.5 = 50; t2: u = 0.5 is not
     * below 0.5, so 100. Y, not named by any event, stays 100.
     */
    @Test
    void events_overlappingEvents_multiply() {
        var ev = List.of(event("e1", 0.5, 1, 0.2, "x"), event("e2", 0.5, 1, 0.5, "x"));
        double[] u = {0.1, 0.9, 0.5, /* e2 */ 0.1, 0.1, 0.9};
        double[] a = available(3, List.of(plain("x", constant(100)), plain("y", constant(100))), u, ev);
        assertArrayEquals(new double[] {40, 50, 100, 100, 100, 100}, a, TOL);
    }

    /**
     * One event of duration 2, cut 0.1, starting at t0 and again at t1 over 4 periods: t0 covered
     * once (90), t1 twice (100 * 0.9^2 = 81), t2 once (90), t3 not (100). Starting at t3 (the last
     * period) of a 4-period horizon is clipped and cuts only t3.
     */
    @Test
    void events_sameEventConsecutiveStarts_overlapAndClipAtHorizon() {
        var ev = List.of(event("e", 0.5, 2, 0.1, "x"));
        double[] a = available(4, List.of(plain("x", constant(100))), new double[] {0.1, 0.2, 0.9, 0.9}, ev);
        assertArrayEquals(new double[] {90, 81, 90, 100}, a, TOL);
        double[] last = available(4, List.of(plain("x", constant(100))), new double[] {0.9, 0.9, 0.9, 0.1}, ev);
        assertArrayEquals(new double[] {100, 100, 100, 90}, last, TOL);
    }

    /**
     * Inventory already held is not cut: X = 100 with carryover, demand 60. t0: used 60, inventory 40.
     * t1 an event cuts production by half: A = 50 + 40 = 90 (not 0.5 * 140 = 70).
     */
    @Test
    void events_doNotCutInventory() {
        var x = resource("x", new Supply.Plain(constant(100), constant(1)), true, 0, 0, 0);
        var s = scenario(2, List.of(), List.of(x), List.of(product("a", constant(60), line("x", 1))), List.of(),
                List.of(event("e", 0.5, 1, 0.5, "x")));
        SampleOutput o = TestScenarios.run(s, new double[0], new double[] {0.9, 0.1});
        assertArrayEquals(new double[] {100, 90}, o.available, TOL);
        assertArrayEquals(new double[] {40, 30}, row(o.inventory, 0, 2), TOL);
    }

    /**
     * An event on a lagged resource cuts the production of the period it covers, which arrives
     * later: production 100 with lag 1, initial inventory 0, event at t0 (cut 0.3) -> A = 0, 70, 100.
     */
    @Test
    void events_onLaggedResource_cutProductionNotArrivals() {
        var x = resource("x", new Supply.Plain(constant(100), constant(1)), false, 0, 1, 0);
        double[] a = available(3, List.of(x), new double[] {0.1, 0.9, 0.9}, List.of(event("e", 0.5, 1, 0.3, "x")));
        assertArrayEquals(new double[] {0, 70, 100}, a, TOL);
    }

    private static Resource die(YieldModel model, double d0) {
        return resource("d" + model.getClass().getSimpleName() + d0,
                new Supply.LogicDie(constant(1000), v(800), v(3), model, constant(d0), v(0.9)), false, 0, 0, 0);
    }
}
