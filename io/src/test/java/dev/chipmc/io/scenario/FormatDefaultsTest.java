package dev.chipmc.io.scenario;

import static dev.chipmc.io.scenario.ScenarioTexts.VALID;
import static dev.chipmc.io.scenario.ScenarioTexts.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.Bonding;
import dev.chipmc.model.BomLine;
import dev.chipmc.model.Correlation;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults and alternative forms that docs/scenario-format.md promises. */
class FormatDefaultsTest {

    private static Scenario load(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "t.yaml");
    }

    @Test
    void logicDie_defaultsEdgeExclusion3AndY0One() throws ScenarioException {
        Supply.LogicDie d = (Supply.LogicDie) load(VALID).resources().get(1).supply();
        assertEquals(Value.of(3), d.edgeExclusion());
        assertEquals(Value.of(1), d.y0());
        assertEquals(new YieldModel.Poisson(), d.model());
    }

    @Test
    void carryover_defaultsByKind() throws ScenarioException {
        Scenario s = load(VALID);
        assertFalse(s.resources().get(0).carryover(), "plain");
        assertTrue(s.resources().get(1).carryover(), "logic-die");
        assertEquals("good dies", s.resources().get(1).unit());
    }

    @Test
    void hbm_yBondDefaultsFromBonding() throws ScenarioException {
        Scenario s = load(with("products:", """
                  stacks:
                    kind: hbm
                    starts: 1000
                    layers: 16
                    y_core: 0.99
                    bonding: hybrid
                products:"""));
        Supply.HbmStack h = (Supply.HbmStack) s.resources().get(2).supply();
        assertEquals(Value.of(Bonding.HYBRID.defaultInterfaceYield()), h.yBond());
        assertEquals(Value.of(1), h.yBase());
        assertEquals(16, h.layers());
    }

    @Test
    void inlineDistributions_becomeInputsNamedByPath() throws ScenarioException {
        Scenario s = load(with("production: 100", "production: {ramp: {start: 'tri(1, 2, 3)', growth: 'uni(0, 0.1)'}}")
                .replace("count: 1}", "count: 'discrete([1, 2], [0.5, 0.5])'}"));
        List<String> names = s.inputs().stream().map(Input::name).toList();
        assertEquals(List.of("g", "resources.wafers.production.start", "resources.wafers.production.growth",
                "products.p.bom.dies.die.count"), names);
        assertEquals(new Profile.Ramp(Value.ref("resources.wafers.production.start"),
                Value.ref("resources.wafers.production.growth"), Value.of(0)),
                ((Supply.Plain) s.resources().getFirst().supply()).production());
        assertEquals(new Distribution.Discrete(List.of(1.0, 2.0), List.of(0.5, 0.5)), s.inputs().get(3).distribution());
    }

    @Test
    void profiles_allForms() throws ScenarioException {
        Scenario s = load(VALID + """
                    test_yield: {constant: 0.9}
                    assembly_yield: {step: {before: 0.8, after: 0.9, at: 1}}
                    demand_cap: {series: [10, 'uni(5, 6)']}
                """);
        var p = s.products().getFirst();
        assertEquals(Profile.constant(0.9), p.testYield());
        assertEquals(new Profile.Step(Value.of(0.8), Value.of(0.9), Value.of(1)), p.assemblyYield());
        assertEquals(new Profile.Series(List.of(Value.of(10), Value.ref("products.p.demand_cap[1]"))),
                p.demandCap().orElseThrow());
    }

    @Test
    void periods_listOfLabelsAndMonthlyAndYearlyStarts() throws ScenarioException {
        assertEquals(List.of("2026Q1", "2026Q2"), load(VALID).periods().labels());
        assertEquals(List.of("2026-11", "2026-12", "2027-01"),
                load(with("[2026Q1, 2026Q2]", "{start: 2026-11, count: 3}")).periods().labels());
        assertEquals(List.of("2026", "2027"), load(with("[2026Q1, 2026Q2]", "{start: 2026, count: 2}")).periods().labels());
    }

    @Test
    void lithography_usesInterposerAreaUnlessItGivesItsOwn() throws ScenarioException {
        String withLitho = with("  die:\n", "  litho:\n    production: 1\n  die:\n");
        Scenario s = load(withLitho + "      lithography: {resource: litho, layers: 4}\n");
        BomLine l = s.products().getFirst().bom().get(2);
        assertEquals(new BomLine(BomLine.Kind.LITHOGRAPHY, "litho", Value.of(4), Value.of(1000), Value.of(3)), l);
        Scenario own = load(withLitho + "      lithography: {resource: litho, layers: 4, area: 500}\n");
        BomLine m = own.products().getFirst().bom().get(2);
        assertEquals(new BomLine(BomLine.Kind.LITHOGRAPHY, "litho", Value.of(4), Value.of(500), Value.of(3)), m);
    }

    @Test
    void correlations_matrixFormGivesNonZeroPairs() throws ScenarioException {
        Scenario s = load(with("  g: tri(0, 0.1, 0.2)\n", "  g: tri(0, 0.1, 0.2)\n  h: uni(0, 1)\n  k: uni(0, 1)\n")
                + "correlations:\n  inputs: [g, h, k]\n  matrix:\n    - [1, 0.3, 0]\n    - [0.3, 1, -0.2]\n"
                + "    - [0, -0.2, 1]\n");
        assertEquals(List.of(new Correlation("g", "h", 0.3), new Correlation("h", "k", -0.2)), s.correlations());
    }

    @Test
    void name_defaultsToFileStem() throws ScenarioException {
        assertEquals("my-case", ScenarioLoader.parse(VALID.replace("name: t\n", ""), "dir/my-case.yaml").name());
    }

    @Test
    void yieldModel_negbinWithNamedAlpha() throws ScenarioException {
        Scenario s = load(with("yield_model: poisson", "yield_model: negbin(g)").replace("tri(0, 0.1, 0.2)", "tri(1, 2, 3)"));
        assertEquals(new YieldModel.NegativeBinomial(Value.ref("g")),
                ((Supply.LogicDie) s.resources().get(1).supply()).model());
    }
}
