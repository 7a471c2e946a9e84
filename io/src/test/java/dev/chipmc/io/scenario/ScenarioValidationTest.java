package dev.chipmc.io.scenario;

import static dev.chipmc.io.scenario.ScenarioTexts.VALID;
import static dev.chipmc.io.scenario.ScenarioTexts.only;
import static dev.chipmc.io.scenario.ScenarioTexts.problems;
import static dev.chipmc.io.scenario.ScenarioTexts.with;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per validation rule: the message, its line and column, and its path. */
class ScenarioValidationTest {

    private static void assertProblem(Problem p, int line, int column, String path, String message) {
        assertEquals("t.yaml", p.source(), p::toString);
        assertEquals(path, p.path(), p::toString);
        assertEquals(message, p.message(), p::toString);
        assertEquals(line, p.line(), p::toString);
        assertEquals(column, p.column(), p::toString);
    }

    @Test
    void validText_loads() {
        assertDoesNotThrow(() -> ScenarioLoader.parse(VALID, "t.yaml"));
    }

    @Test
    void unknownKey_reportedAtKeyWithSuggestion() {
        Problem p = only(with("    unit: interposer wafers\n", "    unit: interposer wafers\n    carryover_los: 0.1\n"));
        assertProblem(p, 8, 5, "resources.wafers.carryover_los", "unknown key 'carryover_los'; did you mean "
                + "'carryover_loss'? (expected one of: kind, unit, carryover, carryover_loss, lag, initial_inventory, "
                + "production, yield)");
    }

    @Test
    void misspeltRequiredKey_reportsUnknownAndMissing() {
        List<Problem> ps = problems(with("die_area: 100", "die_aera: 100"));
        assertEquals(2, ps.size(), ps::toString);
        assertProblem(ps.get(0), 10, 5, "resources.die.die_area", "missing 'die_area' (mm^2)");
        assertTrue(ps.get(1).message().startsWith("unknown key 'die_aera'; did you mean 'die_area'?"), ps::toString);
        assertEquals(12, ps.get(1).line());
    }

    @Test
    void keyOfAnotherKind_saysWhichKindItBelongsTo() {
        Problem p = only(with("    production: 100\n", "    production: 100\n    layers: 12\n"));
        assertProblem(p, 9, 5, "resources.wafers.layers",
                "unknown key 'layers'; 'layers' belongs to kind: hbm, and this resource is plain (plain is the default kind)");
    }

    @Test
    void missingField_reportedAtEnclosingMap() {
        Problem p = only(with("    d0: 0.1\n", ""));
        assertProblem(p, 10, 5, "resources.die.d0", "missing 'd0' (defect density per cm^2)");
    }

    @Test
    void wrongType_listWhereNumberExpected() {
        Problem p = only(with("die_area: 100", "die_area: [100]"));
        assertProblem(p, 12, 15, "resources.die.die_area",
                "expected a number, a distribution such as tri(1, 2, 3), or the name of an input, got a list");
    }

    @Test
    void wrongType_fractionalLag() {
        Problem p = only(with("    production: 100\n", "    production: 100\n    lag: 1.5\n"));
        assertProblem(p, 9, 10, "resources.wafers.lag", "expected lag (a whole number), got '1.5'");
    }

    @Test
    void wrongType_booleanSpelledYes() {
        Problem p = only(with("    production: 100\n", "    production: 100\n    carryover: yes\n"));
        assertProblem(p, 9, 16, "resources.wafers.carryover", "expected true or false, got 'yes'");
    }

    @Test
    void constantYieldAboveOne_reported() {
        Problem p = only(VALID + "    test_yield: 1.2\n");
        assertProblem(p, 20, 17, "products[0].test_yield", "test_yield must be in [0, 1], got 1.2");
    }

    @Test
    void inlineYieldDistributionReachingAboveOne_reported() {
        Problem p = only(VALID + "    assembly_yield: tri(0.9, 0.95, 1.02)\n");
        assertProblem(p, 20, 21, "products[0].assembly_yield",
                "assembly_yield must be in [0, 1], but tri(0.9, 0.95, 1.02) reaches 1.02");
    }

    @Test
    void namedYieldInputBelowZero_reportedWhereUsed() {
        String yaml = with("  g: tri(0, 0.1, 0.2)\n", "  g: tri(0, 0.1, 0.2)\n  y: uni(-0.1, 0.9)\n")
                + "    test_yield: {learning: {initial: y, final: 0.99, tau: 2}}\n";
        Problem p = only(yaml);
        assertProblem(p, 21, 38, "products[0].test_yield.learning.initial",
                "test_yield initial must be in [0, 1], but input 'y' = uni(-0.1, 0.9) reaches -0.1");
    }

    @Test
    void untruncatedNormalYield_suggestsTruncation() {
        Problem p = only(VALID + "    test_yield: normal(0.95, 0.01)\n");
        assertEquals("test_yield must be in [0, 1], but normal(0.95, 0.01) reaches -inf (truncate it: "
                + "normal(mean, sd, 0, 1))", p.message());
    }

    @Test
    void negativeCapacity_reported() {
        Problem p = only(with("production: 100", "production: -5"));
        assertProblem(p, 8, 17, "resources.wafers.production", "production must not be negative, got -5");
    }

    @Test
    void growthBelowMinusOne_reported() {
        Problem p = only(with("production: 100", "production: {ramp: {start: 100, growth: -1.5}}"));
        assertProblem(p, 8, 45, "resources.wafers.production.ramp.growth",
                "growth must be at least -1 (a fall of 100% per period), got -1.5");
    }

    @Test
    void sharesAboveOne_reportedAtResource() {
        String yaml = VALID.replace("  - name: p\n", "  - name: p\n    target: 5\n")
                + "  - name: q\n    bom: {dies: [{resource: die, count: 2}]}\nshares:\n  die: {p: 0.7, q: 0.4}\n";
        Problem p = only(yaml);
        assertProblem(p, 24, 3, "shares.die", "shares of 'die' sum to 1.1 (p 0.7 + q 0.4); they must sum to at most 1");
    }

    @Test
    void uncertainSharesThatCanExceedOne_reportedWithLargestValues() {
        String yaml = VALID + "  - name: q\n    bom: {dies: [{resource: die, count: 2}]}\nshares:\n"
                + "  die: {p: 0.5, q: 'uni(0.3, 0.6)'}\n";
        Problem p = only(yaml);
        assertEquals("shares of 'die' can sum to 1.1 (p 0.5 + q 0.6, each at its largest value); they must sum to "
                + "at most 1", p.message());
    }

    @Test
    void shareForUndefinedProduct_reported() {
        Problem p = only(VALID + "shares:\n  die: {p: 0.5}\n  wafers: {q: 0.2}\n");
        assertProblem(p, 22, 15, "shares.wafers.q", "undefined product 'q'");
    }

    @Test
    void shareOfResourceOutsideBom_reported() {
        Problem p = only(with("  die:\n", "  spare:\n    production: 1\n  die:\n") + "shares:\n  spare: {p: 0.5}\n");
        assertProblem(p, 23, 14, "shares.spare.p", "product 'p' does not use 'spare' in its bill of materials, so a "
                + "share of it would reserve what it never consumes");
    }

    @Test
    void undefinedResource_suggestsClosest() {
        Problem p = only(with("{resource: die, count: 1}", "{resource: dye, count: 1}"));
        assertProblem(p, 18, 25, "products[0].bom.dies[0].resource", "undefined resource 'dye'; did you mean 'die'?");
    }

    @Test
    void undefinedInput_suggestsClosest() {
        Problem p = only(with("d0: 0.1", "d0: gg"));
        assertProblem(p, 14, 9, "resources.die.d0", "undefined input 'gg'; did you mean 'g'?");
    }

    @Test
    void distributionParametersOutOfOrder_reuseRecordMessage() {
        Problem p = only(with("g: tri(0, 0.1, 0.2)", "g: tri(0.2, 0.1, 0.3)"));
        assertProblem(p, 4, 6, "inputs.g", "tri: mode: must be at least lo (0.2), got 0.1");
    }

    @Test
    void inlineDistributionParametersOutOfOrder_locatedAtUse() {
        Problem p = only(with("die_area: 100", "die_area: pert(120, 100, 130)"));
        assertProblem(p, 12, 15, "resources.die.die_area", "pert: mode: must be at least lo (120.0), got 100.0");
    }

    @Test
    void unknownDistribution_suggestsClosest() {
        Problem p = only(with("g: tri(0, 0.1, 0.2)", "g: trj(0, 0.1, 0.2)"));
        assertTrue(p.message().startsWith("unknown distribution 'trj'; did you mean 'tri'?"), p::toString);
    }

    @Test
    void unquotedDistributionInFlowMap_explainsQuoting() {
        List<Problem> ps = problems(with("production: 100", "production: {ramp: {start: tri(1, 2, 3), growth: 0}}"));
        assertTrue(ps.stream().anyMatch(p -> p.path().equals("resources.wafers.production.ramp.start")
                && p.message().contains("put the distribution in quotes")), ps::toString);
    }

    @Test
    void correlationMatrixNotSymmetric_reportedAtCell() {
        String yaml = with("  g: tri(0, 0.1, 0.2)\n", "  g: tri(0, 0.1, 0.2)\n  h: uni(0, 1)\n")
                + "correlations:\n  inputs: [g, h]\n  matrix:\n    - [1, 0.3]\n    - [0.2, 1]\n";
        Problem p = only(yaml);
        assertProblem(p, 25, 8, "correlations.matrix[1][0]",
                "the matrix is not symmetric: matrix[1][0] = 0.2 but matrix[0][1] = 0.3");
    }

    @Test
    void correlationMatrixDiagonalNotOne_reported() {
        String yaml = with("  g: tri(0, 0.1, 0.2)\n", "  g: tri(0, 0.1, 0.2)\n  h: uni(0, 1)\n")
                + "correlations:\n  inputs: [g, h]\n  matrix: [[0.9, 0.3], [0.3, 1]]\n";
        Problem p = only(yaml);
        assertProblem(p, 23, 13, "correlations.matrix[0][0]", "the diagonal of a correlation matrix is 1, got 0.9");
    }

    @Test
    void correlationOutsideMinusOneOne_reported() {
        String yaml = with("  g: tri(0, 0.1, 0.2)\n", "  g: tri(0, 0.1, 0.2)\n  h: uni(0, 1)\n")
                + "correlations:\n  - [g, h, 1.5]\n";
        Problem p = only(yaml);
        assertProblem(p, 22, 12, "correlations[0].rho", "a correlation must be in [-1, 1], got 1.5");
    }

    /** rho 0.9, 0.9, -0.9 between three inputs: r = 2 sin(0.15 pi) = 0.908; the matrix has det < 0. */
    private static final String INCONSISTENT = with("  g: tri(0, 0.1, 0.2)\n",
            "  g: tri(0, 0.1, 0.2)\n  h: uni(0, 1)\n  k: uni(0, 1)\n")
            + "correlations:\n  - [g, h, 0.9]\n  - [h, k, 0.9]\n  - {a: g, b: k, rho: -0.9}\n";

    @Test
    void correlationMatrixNotPositiveDefinite_reported() {
        Problem p = only(INCONSISTENT);
        assertEquals("correlations", p.path());
        assertEquals(23, p.line());
        assertTrue(p.message().startsWith("the correlations are not a valid correlation matrix: it is not positive "
                + "definite"), p::toString);
        assertTrue(p.message().endsWith("or set repair_correlations: true to use the nearest valid matrix"));
    }

    @Test
    void correlationMatrixNotPositiveDefinite_acceptedWithRepair() {
        var s = assertDoesNotThrow(() -> ScenarioLoader.parse(INCONSISTENT + "repair_correlations: true\n", "t.yaml"));
        assertTrue(s.repairCorrelations());
        assertEquals(3, s.correlations().size());
    }

    @Test
    void correlationOfUndefinedInput_reported() {
        Problem p = only(VALID + "correlations:\n  - [g, gx, 0.5]\n");
        assertProblem(p, 21, 5, "correlations[0]", "undefined input 'gx'; did you mean 'g'?");
    }

    @Test
    void seriesShorterThanPeriods_reported() {
        Problem p = only(with("production: 100", "production: {series: [1, 2, 3]}"));
        assertProblem(p, 8, 26, "resources.wafers.production.series",
                "series has 3 values but the scenario has 2 periods (2026Q1 .. 2026Q2); give one per period");
    }

    @Test
    void duplicateProductName_reported() {
        Problem p = only(VALID + "  - name: p\n    bom: {dies: [{resource: die, count: 2}]}\n");
        assertProblem(p, 20, 11, "products[1].name", "duplicate product name 'p' (first at line 16)");
    }

    @Test
    void duplicateResourceKey_reported() {
        Problem p = only(with("  die:\n", "  wafers:\n    production: 1\n  die:\n"));
        assertEquals(9, p.line());
        assertEquals(3, p.column());
        assertEquals("duplicate key 'wafers' (first at line 6)", p.message());
    }

    @Test
    void inlineInputNameCollidingWithNamedInput_reported() {
        String yaml = with("  g: tri(0, 0.1, 0.2)\n", "  g: tri(0, 0.1, 0.2)\n  resources.wafers.production: uni(1, 2)\n")
                .replace("production: 100", "production: uni(3, 4)");
        Problem p = only(yaml);
        assertProblem(p, 9, 17, "resources.wafers.production", "the input name 'resources.wafers.production' that this "
                + "inline distribution gets is already taken by the input at line 5; rename that input");
    }

    @Test
    void duplicatePeriod_reported() {
        Problem p = only(with("[2026Q1, 2026Q2]", "[2026Q1, 2026Q1]"));
        assertProblem(p, 2, 19, "periods[1]", "duplicate period '2026Q1' (also periods[0])");
    }

    @Test
    void yamlSyntaxError_located() {
        Problem p = only(with("    production: 100\n", "    production: : 100\n"));
        assertEquals(8, p.line());
        assertEquals(17, p.column());
        assertEquals("YAML syntax error: mapping values are not allowed here", p.message());
    }

    @Test
    void tabIndentation_located() {
        Problem p = only(with("    production: 100\n", "\tproduction: 100\n"));
        assertEquals(8, p.line());
        assertTrue(p.message().startsWith("YAML syntax error: found character '\\t(TAB)'"), p::toString);
    }

    @Test
    void aliases_refusedWithAdvice() {
        Problem p = only(with("production: 100", "production: &x 100\n    yield: *x"));
        assertEquals(9, p.line());
        assertTrue(p.message().startsWith("aliases (*x) are not supported"), p::toString);
    }

    @Test
    void noProducts_reported() {
        Problem p = only(VALID.substring(0, VALID.indexOf("products:")) + "products: []\n");
        assertProblem(p, 15, 11, "products", "no products; define at least one");
    }

    @Test
    void unknownTopLevelKey_suggestsClosest() {
        Problem p = only(VALID + "event: {}\n");
        assertTrue(p.message().startsWith("unknown key 'event'; did you mean 'events'?"), p::toString);
        assertEquals(20, p.line());
    }

    @Test
    void emptyFile_reported() {
        Problem p = only("# nothing\n");
        assertTrue(p.message().startsWith("the file is empty"));
    }

    @Test
    void lithographyWithoutAreaOrInterposer_reported() {
        Problem p = only(with("      interposer: {resource: wafers, area: 1000}\n",
                "      lithography: {resource: wafers, layers: 4}\n"));
        assertProblem(p, 19, 20, "products[0].bom.lithography",
                "missing 'area': the product has no interposer to take the site area from");
    }

    @Test
    void diesFromNonLogicResource_reported() {
        Problem p = only(with("  die:\n", "  abf:\n    production: 5\n  die:\n")
                .replace("{resource: die, count: 1}", "{resource: abf, count: 1}"));
        assertProblem(p, 20, 25, "products[0].bom.dies[0].resource",
                "dies must name a logic-die resource; 'abf' is plain (list it under other: instead)");
    }

    @Test
    void interposerTooLargeForWafer_reported() {
        Problem p = only(with("area: 1000", "area: 80000"));
        assertProblem(p, 19, 44, "products[0].bom.interposer.area",
                "80000 mm^2 leaves no whole sites on a 300 mm wafer with 3 mm edge exclusion");
    }

    @Test
    void carryoverLossOnPlainResource_reported() {
        Problem p = only(with("    production: 100\n", "    production: 100\n    carryover_loss: 0.1\n"));
        assertProblem(p, 9, 21, "resources.wafers.carryover_loss", "carryover_loss has no effect: a plain resource "
                + "does not carry over unless it says carryover: true");
    }

    @Test
    void manyProblems_allReportedAtOnceInFileOrder() {
        String yaml = VALID.replace("[2026Q1, 2026Q2]", "{start: 2026Q1, count: 0}")
                .replace("g: tri(0, 0.1, 0.2)", "g: tri(0.3, 0.1, 0.2)")
                .replace("production: 100", "production: -1")
                .replace("die_area: 100", "die_area: 100\n    colour: red")
                .replace("d0: 0.1", "d0: n3.d0")
                .replace("{resource: die, count: 1}", "{resource: dei, count: 1}")
                + "    test_yield: 2\n";
        List<Problem> ps = problems(yaml);
        List<String> where = ps.stream().map(p -> p.line() + ":" + p.path()).toList();
        assertEquals(List.of("2:periods.count", "4:inputs.g", "8:resources.wafers.production", "13:resources.die.colour",
                "15:resources.die.d0", "19:products[0].bom.dies[0].resource", "21:products[0].test_yield"), where,
                () -> new ScenarioException(ps).getMessage());
        String all = new ScenarioException(ps).getMessage();
        assertEquals(7, all.lines().count());
        assertTrue(all.lines().allMatch(l -> l.startsWith("t.yaml:")), all);
    }
}
