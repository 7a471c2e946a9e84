package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.SampleOutput.BINDING_DEMAND;
import static dev.chipmc.model.eval.SampleOutput.bindingOfResource;
import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.plain;
import static dev.chipmc.model.eval.TestScenarios.product;
import static dev.chipmc.model.eval.TestScenarios.ramp;
import static dev.chipmc.model.eval.TestScenarios.resource;
import static dev.chipmc.model.eval.TestScenarios.row;
import static dev.chipmc.model.eval.TestScenarios.run;
import static dev.chipmc.model.eval.TestScenarios.scenario;
import static dev.chipmc.model.eval.TestScenarios.series;
import static dev.chipmc.model.eval.TestScenarios.share;
import static dev.chipmc.model.eval.TestScenarios.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chipmc.model.BomLine;
import dev.chipmc.model.Supply;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Allocation (MODEL.md section 6), inventory and lags (section 5), each on a scenario small enough to follow by hand. */
class AllocationTest {
    private static final double TOL = 1e-9;

    /**
     * X = 100 per period, no shares. a (1 X, demand 70) goes first: s = min(70, 100/1) = 70, binding
     * demand (phase 2 raise: demand 0 vs X 30 -> demand). b (2 X, no cap): s = 30/2 = 15, binding X.
     * used 70 + 30 = 100, utilisation 1.
     */
    @Test
    void noShares_isPurePriority() {
        var s = scenario(1, List.of(plain("x", constant(100))),
                List.of(product("a", constant(70), line("x", 1)), product("b", null, line("x", 2))));
        SampleOutput o = run(s);
        assertArrayEquals(new double[] {70, 15}, o.started, TOL);
        assertArrayEquals(new int[] {BINDING_DEMAND, bindingOfResource(0)}, o.binding);
        assertEquals(100, o.used[0], TOL);
        assertEquals(1, o.utilisation[0], TOL);
    }

    /**
     * X = 100 with shares a 0.6, b 0.3, so 10 unreserved; Y = 30, no shares. a needs 1 X + 1 Y,
     * demand 100; b needs 1 X, demand 100.
     * Phase 1: a: min(100, resX_a 60 / 1, poolY 30 / 1) = 30 (Y limits); resX_a 60 - 30 = 30 left, Y 0.
     *          b: min(100, resX_b 30 / 1) = 30; resX_b 0.
     * Phase 2: pool X = 10 + 30 (a's unused reservation) + 0 = 40.
     *          a: raise min(100 - 30 = 70, X 40, Y 0) = 0, binding Y.
     *          b: raise min(70, X 40) = 40, binding X; b = 70.
     * X used 30 + 30 + 40 = 100 (utilisation 1); Y used 30.
     */
    @Test
    void reservationUnusedBecauseOtherResourceLimits_goesToNextProductInPhase2() {
        var s = scenario(1, List.of(), List.of(plain("x", constant(100)), plain("y", constant(30))),
                List.of(product("a", constant(100), line("x", 1), line("y", 1)),
                        product("b", constant(100), line("x", 1))),
                List.of(share("x", "a", 0.6), share("x", "b", 0.3)), List.of());
        SampleOutput o = run(s);
        assertArrayEquals(new double[] {30, 70}, o.started, TOL);
        assertArrayEquals(new int[] {bindingOfResource(1), bindingOfResource(0)}, o.binding);
        assertArrayEquals(new double[] {100, 30}, o.used, TOL);
        assertArrayEquals(new double[] {1, 1}, o.utilisation, TOL);
    }

    /**
     * Shares protect a lower-priority product: X = 100, a (first, no cap) has no share, b has 0.4.
     * Phase 1: a takes the unreserved 60; b takes its reservation 40 (demand 50).
     * Phase 2: pool 0; a: raise 0, binding X; b: demand 10 vs X 0 -> 0, binding X.
     * Without the share a would take all 100 and b would get 0.
     */
    @Test
    void share_reservesForLowerPriorityProduct() {
        var s = scenario(1, List.of(), List.of(plain("x", constant(100))),
                List.of(product("a", null, line("x", 1)), product("b", constant(50), line("x", 1))),
                List.of(share("x", "b", 0.4)), List.of());
        SampleOutput o = run(s);
        assertArrayEquals(new double[] {60, 40}, o.started, TOL);
        assertArrayEquals(new int[] {bindingOfResource(0), bindingOfResource(0)}, o.binding);
    }

    /** X = 50, demand 50, 1 X each: phase 1 s = 50; phase 2 demand remainder 0 ties X remainder 0 -> demand. */
    @Test
    void binding_demandTiesResource_demandWins() {
        var s = scenario(1, List.of(plain("x", constant(50))), List.of(product("a", constant(50), line("x", 1))));
        SampleOutput o = run(s);
        assertEquals(50, o.started[0], TOL);
        assertEquals(BINDING_DEMAND, o.binding[0]);
    }

    /**
     * X = 40 and Y = 80, the product needs 1 X and 2 Y, no cap: both allow 40 packages and are used up,
     * so phase 2 sees 0 / 1 = 0 / 2 = 0: the line listed first in the bill of materials binds.
     */
    @Test
    void binding_twoResourcesTie_firstInBomWins() {
        var resources = List.of(plain("x", constant(40)), plain("y", constant(80)));
        SampleOutput xFirst = run(scenario(1, resources, List.of(product("p", null, line("x", 1), line("y", 2)))));
        SampleOutput yFirst = run(scenario(1, resources, List.of(product("p", null, line("y", 2), line("x", 1)))));
        assertEquals(40, xFirst.started[0], TOL);
        assertEquals(bindingOfResource(0), xFirst.binding[0]);
        assertEquals(40, yFirst.started[0], TOL);
        assertEquals(bindingOfResource(1), yFirst.binding[0]);
        assertArrayEquals(new double[] {1, 1}, yFirst.utilisation, TOL);
    }

    /**
     * X = 100 per period, carryover with loss 0.25, demand 60:
     * t0: A = 100, used 60, left 40, inventory 40 * 0.75 = 30;
     * t1: A = 100 + 30 = 130, used 60, left 70, inventory 52.5;
     * t2: A = 152.5, used 60, left 92.5, inventory 69.375.
     * Y, the same without carryover, has A = 100 and inventory 0 every period.
     */
    @Test
    void carryover_withLoss_carriesUnusedLessLoss() {
        var x = resource("x", new Supply.Plain(constant(100), constant(1)), true, 0.25, 0, 0);
        var y = plain("y", constant(100));
        var s = scenario(3, List.of(x, y),
                List.of(product("a", constant(60), line("x", 1)), product("b", constant(60), line("y", 1))));
        SampleOutput o = run(s);
        assertArrayEquals(new double[] {100, 130, 152.5}, row(o.available, 0, 3), TOL);
        assertArrayEquals(new double[] {30, 52.5, 69.375}, row(o.inventory, 0, 3), TOL);
        assertArrayEquals(new double[] {0.6, 60 / 130.0, 60 / 152.5}, row(o.utilisation, 0, 3), TOL);
        assertArrayEquals(new double[] {100, 100, 100}, row(o.available, 1, 3), TOL);
        assertArrayEquals(new double[] {0, 0, 0}, row(o.inventory, 1, 3), TOL);
    }

    /**
     * Production series 10, 20, 30 with lag 1, initial inventory 50, carryover, demand 40:
     * t0: A = 50 (the pipeline fill; nothing has arrived), used 40, inventory 10, binding demand;
     * t1: A = 10 (t0's production) + 10 = 20, used 20, inventory 0, binding X;
     * t2: A = 20 (t1's production), used 20. t2's production of 30 would arrive at t3, past the horizon.
     */
    @Test
    void lag_withInitialInventory_delaysProduction() {
        var x = resource("x", new Supply.Plain(series(10, 20, 30), constant(1)), true, 0, 1, 50);
        SampleOutput o = run(scenario(3, List.of(x), List.of(product("a", constant(40), line("x", 1)))));
        assertArrayEquals(new double[] {50, 20, 20}, o.available, TOL);
        assertArrayEquals(new double[] {40, 20, 20}, o.started, TOL);
        assertArrayEquals(new double[] {10, 0, 0}, o.inventory, TOL);
        assertArrayEquals(new int[] {BINDING_DEMAND, bindingOfResource(0), bindingOfResource(0)}, o.binding);
    }

    /**
     * Lag 2 without carryover, initial inventory 50, production 100, demand 40 over 4 periods: the
     * initial inventory is usable only at t0 (A = 50, 10 lost); t1 has nothing (A = 0, utilisation 0,
     * s = 0, binding X); t2, t3 get t0's and t1's production.
     */
    @Test
    void lag_withoutCarryover_initialInventoryOnlyAtZero() {
        var x = resource("x", new Supply.Plain(constant(100), constant(1)), false, 0, 2, 50);
        SampleOutput o = run(scenario(4, List.of(x), List.of(product("a", constant(40), line("x", 1)))));
        assertArrayEquals(new double[] {50, 0, 100, 100}, o.available, TOL);
        assertArrayEquals(new double[] {40, 0, 40, 40}, o.started, TOL);
        assertArrayEquals(new double[] {0.8, 0, 0.4, 0.4}, o.utilisation, TOL);
        assertArrayEquals(new double[] {0, 0, 0, 0}, o.inventory, TOL);
        assertEquals(bindingOfResource(0), o.binding[1]);
    }

    /**
     * Demand ramp(100, 0, at 2): 0 at t0, t1 (before launch) so s = 0, binding demand, nothing used;
     * 100 from t2. b, with no cap, takes what is left: 1000, 1000, 900.
     */
    @Test
    void zeroDemandBeforeLaunch_startsNothingAndDemandBinds() {
        var s = scenario(3, List.of(plain("x", constant(1000))),
                List.of(product("a", ramp(100, 0, 2), line("x", 1)), product("b", null, line("x", 1))));
        SampleOutput o = run(s);
        assertArrayEquals(new double[] {0, 0, 100}, row(o.started, 0, 3), TOL);
        assertArrayEquals(new int[] {BINDING_DEMAND, BINDING_DEMAND, BINDING_DEMAND}, row(o.binding, 0, 3));
        assertArrayEquals(new double[] {1000, 1000, 900}, row(o.started, 1, 3), TOL);
    }

    /**
     * Lines with amount 0 (0 RDL layers, here on an RDL resource with nothing available) consume
     * nothing and never bind: a is limited by X = 10 only.
     */
    @Test
    void zeroAmountLine_neverBindsNorConsumes() {
        var rdl = new BomLine(BomLine.Kind.LITHOGRAPHY, "rdl", v(0), v(2000), v(3));
        var s = scenario(1, List.of(plain("x", constant(10)), plain("rdl", constant(0))),
                List.of(product("a", null, line("x", 1), rdl)));
        SampleOutput o = run(s);
        assertEquals(10, o.started[0], TOL);
        assertEquals(bindingOfResource(0), o.binding[0]);
        assertEquals(0, o.used[1]);
        assertEquals(0, o.utilisation[1]);
    }

    /** An interposer of 40000 mm^2 has DPW 0: the amount is infinite, nothing is started and the interposer binds. */
    @Test
    void siteThatDoesNotFitOnWafer_blocksTheProduct() {
        var interposer = new BomLine(BomLine.Kind.INTERPOSER, "cowos", v(1), v(40_000), v(3));
        var s = scenario(1, List.of(plain("x", constant(10)), plain("cowos", constant(1000))),
                List.of(product("a", constant(5), line("x", 1), interposer)));
        SampleOutput o = run(s);
        assertEquals(0, o.started[0]);
        assertEquals(bindingOfResource(1), o.binding[0]);
        assertArrayEquals(new double[] {0, 0}, o.used, 0);
    }

    /**
     * Per-package amounts from site areas: 1 interposer of 2400 mm^2 is 1/14 wafer and 6 RDL layers
     * are 6/14 passes (DPW(2400) = 14). With 1 interposer wafer and 3 passes available: interposer
     * allows 14 packages, RDL 3 / (6/14) = 7, so s = 7, RDL binds, interposer used 7/14 = 0.5.
     */
    @Test
    void siteAreaLines_useQuantityOverDpw() {
        var interposer = new BomLine(BomLine.Kind.INTERPOSER, "cowos", v(1), v(2400), v(3));
        var rdl = new BomLine(BomLine.Kind.LITHOGRAPHY, "rdl", v(6), v(2400), v(3));
        var s = scenario(1, List.of(plain("cowos", constant(1)), plain("rdl", constant(3))),
                List.of(product("a", null, interposer, rdl)));
        SampleOutput o = run(s);
        assertEquals(7, o.started[0], TOL);
        assertEquals(bindingOfResource(1), o.binding[0]);
        assertArrayEquals(new double[] {0.5, 3}, o.used, TOL);
    }

    /**
     * Good packages and shortfall: s = 100 (demand), assembly 0.9, test 0.95 -> V = 85.5; target 90
     * -> shortfall 4.5; target 80 -> shortfall 0. Without a target: target NaN, shortfall 0.
     */
    @Test
    void goodPackagesAndShortfall_followYieldsAndTarget() {
        var withTarget = new dev.chipmc.model.Product("a", List.of(line("x", 1)), constant(0.9), constant(0.95),
                java.util.Optional.of(constant(100)), java.util.Optional.of(TestScenarios.series(90, 80)));
        var s = scenario(2, List.of(plain("x", constant(1000))),
                List.of(withTarget, product("b", constant(1), line("x", 1))));
        SampleOutput o = run(s);
        assertArrayEquals(new double[] {85.5, 85.5}, row(o.good, 0, 2), TOL);
        assertArrayEquals(new double[] {90, 80}, row(o.target, 0, 2), 0);
        assertArrayEquals(new double[] {4.5, 0}, row(o.shortfall, 0, 2), TOL);
        assertEquals(Double.NaN, o.target[2]);
        assertEquals(0, o.shortfall[2]);
    }
}
