package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.Bonding;
import dev.chipmc.model.BomLine;
import dev.chipmc.model.Correlation;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Event;
import dev.chipmc.model.Input;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code scenarios/reference-2026.yaml} carries the numbers and names of {@code REFERENCE.md}. */
class ReferenceScenarioTest {
    static final Path FILE = Path.of("..", "scenarios", "reference-2026.yaml");
    private static Scenario s;

    @BeforeAll
    static void load() throws ScenarioException {
        s = ScenarioLoader.load(FILE);
    }

    private static Distribution input(String name) {
        return s.inputs().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().distribution();
    }

    private static Resource resource(String name) {
        return s.resources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Product product(String name) {
        return s.products().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static Value ref(String name) {
        return Value.ref(name);
    }

    @Test
    void builtIn_equalsTheFile() {
        assertEquals(s, ScenarioLoader.builtIn());
    }

    @Test
    void periods_eightQuartersFrom2026Q1() {
        assertEquals(8, s.periods().count());
        assertEquals("2026Q1", s.periods().label(0));
        assertEquals("2027Q4", s.periods().label(7));
    }

    @Test
    void inputs_carryReferenceDistributions() {
        assertEquals(new Distribution.Triangular(90e3, 105e3, 120e3), input("cowos_l.start"));
        assertEquals(new Distribution.Triangular(0.04, 0.09, 0.14), input("cowos_l.growth"));
        assertEquals(new Distribution.Triangular(-0.04, 0, 0.04), input("cowos_s.growth"));
        assertEquals(new Distribution.Triangular(0.95e6, 1.15e6, 1.35e6), input("rdl_litho.start"));
        assertEquals(new Distribution.Triangular(2.2e6, 2.6e6, 3.0e6), input("abf.start"));
        assertEquals(new Distribution.Triangular(18e6, 21e6, 24e6), input("hbm3e.start"));
        assertEquals(new Distribution.Triangular(0.990, 0.995, 0.998), input("hbm3e.bond"));
        assertEquals(new Distribution.Triangular(2, 3, 5), input("hbm4.tau"));
        assertEquals(new Distribution.Pert(0.07, 0.10, 0.15), input("n3p.d0"));
        assertEquals(new Distribution.Triangular(0.04, 0.06, 0.08), input("n6.d0"));
        assertEquals(new Distribution.Triangular(0.12e6, 0.18e6, 0.24e6), input("mi.demand_start"));
        assertEquals(new Distribution.Uniform(0.10, 0.40), input("quake.cut"));
        // 2 (cowos) x 2 + 2 (rdl) + 2 (abf) + 5 (hbm3e) + 6 (hbm4) + 10 (dies) + 3 (d0)
        // + 9 (assembly/test) + 8 (demand) + 1 (cut) = 50, all named, none inline.
        assertEquals(50, s.inputs().size());
    }

    @Test
    void cowosL_plainRampWithoutCarryover() {
        Resource r = resource("cowos-l");
        assertEquals(new Supply.Plain(new Profile.Ramp(ref("cowos_l.start"), ref("cowos_l.growth"), Value.of(0)),
                Profile.constant(1)), r.supply());
        assertFalse(r.carryover());
        assertEquals("interposer wafers", r.unit());
        assertEquals(0, r.lag());
        assertEquals(Value.of(0), r.initialInventory());
    }

    @Test
    void abf_yield097WithCarryover() {
        Resource r = resource("abf");
        assertEquals(Profile.constant(0.97), ((Supply.Plain) r.supply()).yield());
        assertTrue(r.carryover());
        assertEquals(Value.of(0), r.carryoverLoss());
    }

    @Test
    void hbm4_learningCoreYieldFromPeriodOneWithUncertainTau() {
        Supply.HbmStack h = (Supply.HbmStack) resource("hbm4-12h").supply();
        assertEquals(new Profile.Ramp(ref("hbm4.start"), ref("hbm4.growth"), Value.of(1)), h.starts());
        assertEquals(12, h.layers());
        assertEquals(Value.of(0.98), h.yBase());
        assertEquals(new Profile.Learning(ref("hbm4.core_initial"), ref("hbm4.core_final"), ref("hbm4.tau"),
                Value.of(1)), h.yCore());
        assertEquals(Bonding.TC_NCF, h.bonding());
        assertEquals(ref("hbm4.bond"), h.yBond());
        assertTrue(resource("hbm4-12h").carryover());
    }

    @Test
    void hbm3e_learningCoreYieldWithTau4() {
        Supply.HbmStack h = (Supply.HbmStack) resource("hbm3e-12h").supply();
        assertEquals(new Profile.Learning(ref("hbm3e.core_initial"), ref("hbm3e.core_final"), Value.of(4),
                Value.of(0)), h.yCore());
        assertEquals(Bonding.MR_MUF, h.bonding());
    }

    @Test
    void logicDies_negbinAlpha2WithNodeDefectDensities() {
        Supply.LogicDie rubin = (Supply.LogicDie) resource("rubin-die").supply();
        assertEquals(new Supply.LogicDie(new Profile.Ramp(ref("rubin_die.start"), ref("rubin_die.growth"), Value.of(2)),
                Value.of(800), Value.of(3), new YieldModel.NegativeBinomial(Value.of(2)), new Profile.Constant(ref("n3p.d0")),
                Value.of(1)), rubin);
        assertEquals(Value.of(110), ((Supply.LogicDie) resource("mi-xcd").supply()).dieArea());
        assertEquals(Value.of(360), ((Supply.LogicDie) resource("mi-iod").supply()).dieArea());
        assertEquals(new Profile.Constant(ref("n6.d0")), ((Supply.LogicDie) resource("mi-iod").supply()).d0());
        assertEquals(Value.of(700), ((Supply.LogicDie) resource("asic-die").supply()).dieArea());
        assertEquals(new Profile.Constant(ref("n4p.d0")), ((Supply.LogicDie) resource("gb-die").supply()).d0());
        assertEquals(List.of("cowos-l", "cowos-s", "rdl-litho", "abf", "hbm3e-12h", "hbm4-12h", "gb-die", "rubin-die",
                "mi-xcd", "mi-iod", "asic-die"), s.resources().stream().map(Resource::name).toList());
    }

    @Test
    void rubinClass_bomInTieBreakingOrder() {
        Product p = product("rubin-class");
        Value area = Value.of(3400);
        assertEquals(List.of(
                BomLine.count(BomLine.Kind.DIE, "rubin-die", Value.of(2)),
                BomLine.count(BomLine.Kind.HBM, "hbm4-12h", Value.of(8)),
                new BomLine(BomLine.Kind.INTERPOSER, "cowos-l", Value.of(1), area, Value.of(3)),
                new BomLine(BomLine.Kind.LITHOGRAPHY, "rdl-litho", Value.of(8), area, Value.of(3)),
                BomLine.count(BomLine.Kind.SUBSTRATE, "abf", Value.of(1))), p.bom());
        assertEquals(new Profile.Learning(ref("rubin.assembly_initial"), ref("rubin.assembly_final"), Value.of(3),
                Value.of(2)), p.assemblyYield());
        assertEquals(new Profile.Constant(ref("rubin.test")), p.testYield());
        assertEquals(Optional.of(new Profile.Ramp(ref("rubin.demand_start"), ref("rubin.demand_growth"), Value.of(2))),
                p.demandCap());
        assertEquals(Optional.empty(), p.target());
    }

    @Test
    void products_inPriorityOrderWithTargets() {
        assertEquals(List.of("rubin-class", "blackwell-ultra-class", "asic-class", "mi-class"),
                s.products().stream().map(Product::name).toList());
        assertEquals(Optional.of(Profile.constant(1.0e6)), product("blackwell-ultra-class").target());
        assertEquals(Optional.of(Profile.constant(2.0e6)), s.totalTarget());
        List<BomLine> mi = product("mi-class").bom();
        assertEquals(BomLine.count(BomLine.Kind.DIE, "mi-xcd", Value.of(8)), mi.get(0));
        assertEquals(BomLine.count(BomLine.Kind.DIE, "mi-iod", Value.of(2)), mi.get(1));
        assertTrue(mi.stream().noneMatch(l -> l.kind() == BomLine.Kind.LITHOGRAPHY), "CoWoS-S: 0 RDL layers");
        assertEquals(new BomLine(BomLine.Kind.LITHOGRAPHY, "rdl-litho", Value.of(6), Value.of(2400), Value.of(3)),
                product("blackwell-ultra-class").bom().get(3));
    }

    @Test
    void shares_asReference() {
        assertEquals(List.of(
                new Share("cowos-l", "blackwell-ultra-class", Value.of(0.55)),
                new Share("cowos-l", "rubin-class", Value.of(0.35)),
                new Share("hbm3e-12h", "blackwell-ultra-class", Value.of(0.60)),
                new Share("hbm3e-12h", "asic-class", Value.of(0.28)),
                new Share("hbm3e-12h", "mi-class", Value.of(0.12))), s.shares());
    }

    @Test
    void event_taiwanOutageCutsPackagingAndLogic() {
        assertEquals(List.of(new Event("taiwan-outage", Value.of(0.02), 1, List.of("cowos-l", "cowos-s", "rdl-litho",
                "gb-die", "rubin-die", "mi-xcd", "mi-iod", "asic-die"), ref("quake.cut"))), s.events());
    }

    @Test
    void correlations_fourPairs() {
        assertEquals(List.of(new Correlation("cowos_l.growth", "cowos_s.growth", 0.5),
                new Correlation("hbm3e.growth", "hbm4.growth", -0.3),
                new Correlation("n3p.d0", "n4p.d0", 0.6),
                new Correlation("cowos_l.growth", "rdl_litho.growth", 0.4)), s.correlations());
        assertFalse(s.repairCorrelations());
    }

    @Test
    void everyReference_isADefinedInput() {
        List<String> names = s.inputs().stream().map(Input::name).toList();
        assertEquals(names.size(), names.stream().distinct().count());
        assertEquals("reference-2026", s.name());
    }
}
