package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chipmc.model.Distribution;
import dev.chipmc.model.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverridesTest {
    private static final Scenario REF = ScenarioLoader.builtIn();

    private static Distribution input(Scenario s, String name) {
        return s.inputs().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().distribution();
    }

    @Test
    void number_becomesFixedInput() throws ScenarioException {
        Scenario s = Overrides.apply(REF, List.of("cowos_l.growth=0.12"));
        assertEquals(new Distribution.Fixed(0.12), input(s, "cowos_l.growth"));
        assertEquals(REF.inputs().size(), s.inputs().size());
        assertEquals(REF.inputs().indexOf(REF.inputs().stream().filter(i -> i.name().equals("cowos_l.growth"))
                .findFirst().orElseThrow()), s.inputs().stream().map(i -> i.name()).toList().indexOf("cowos_l.growth"));
    }

    @Test
    void distribution_replacesInputOthersUnchanged() throws ScenarioException {
        Scenario s = Overrides.apply(REF, List.of("hbm4.tau = tri(2, 4, 6)", "quake.cut=uni(0.2, 0.5)"));
        assertEquals(new Distribution.Triangular(2, 4, 6), input(s, "hbm4.tau"));
        assertEquals(new Distribution.Uniform(0.2, 0.5), input(s, "quake.cut"));
        assertEquals(input(REF, "n3p.d0"), input(s, "n3p.d0"));
        assertSame(REF.products(), s.products());
    }

    @Test
    void none_returnsEqualScenario() throws ScenarioException {
        assertEquals(REF, Overrides.apply(REF, List.of()));
    }

    @Test
    void unknownName_suggestsClosest() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Overrides.apply(REF, List.of("cowos_l.growth=0.1", "cowos_l.grwth=0.1")));
        assertEquals(List.of(new Problem("--set", 2, 1, "cowos_l.grwth",
                "unknown input 'cowos_l.grwth'; did you mean 'cowos_l.growth'?")), e.problems());
        assertEquals("--set:2:1: cowos_l.grwth: unknown input 'cowos_l.grwth'; did you mean 'cowos_l.growth'?",
                e.getMessage());
    }

    @Test
    void badDistribution_locatedAtValue() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Overrides.apply(REF, List.of("hbm4.tau=tri(3, 2, 4)")));
        assertEquals(List.of(new Problem("--set", 1, 10, "hbm4.tau", "tri: mode: must be at least lo (3.0), got 2.0")),
                e.problems());
    }

    @Test
    void yieldOutOfRange_reportedWithPlaceOfUse() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Overrides.apply(REF, List.of("bwu.test=uni(0.9, 1.1)")));
        assertEquals(List.of(new Problem("--set", 1, 10, "products[1].test_yield",
                "test_yield must be in [0, 1], but input 'bwu.test' = uni(0.9, 1.1) reaches 1.1")), e.problems());
    }

    @Test
    void missingEquals_reported() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Overrides.apply(REF, List.of("hbm4.tau")));
        assertEquals("expected name=value, e.g. cowos_l.growth=0.1 or 'hbm4.tau=tri(2, 3, 4)'",
                e.problems().getFirst().message());
    }

    @Test
    void sameNameTwice_reported() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Overrides.apply(REF, List.of("hbm4.tau=3", "hbm4.tau=4")));
        assertEquals("'hbm4.tau' is already set by assignment 1", e.problems().getFirst().message());
    }

    @Test
    void notANumber_reported() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Overrides.apply(REF, List.of("hbm4.tau=abc")));
        assertEquals("expected a number or a distribution such as tri(1, 2, 3), got 'abc'",
                e.problems().getFirst().message());
    }
}
