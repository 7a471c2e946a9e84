package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

/** A small valid scenario to break one rule at a time, and helpers to read the problems. */
final class ScenarioTexts {
    private ScenarioTexts() {
    }

    /**
     * Valid. The tests count lines in it: {@code wafers:} is line 6, {@code die:} line 9,
     * {@code products:} line 15, the bom's {@code interposer:} line 19 (the last).
     */
    static final String VALID = """
            name: t
            periods: [2026Q1, 2026Q2]
            inputs:
              g: tri(0, 0.1, 0.2)
            resources:
              wafers:
                unit: interposer wafers
                production: 100
              die:
                kind: logic-die
                wafers: 10
                die_area: 100
                yield_model: poisson
                d0: 0.1
            products:
              - name: p
                bom:
                  dies: [{resource: die, count: 1}]
                  interposer: {resource: wafers, area: 1000}
            """;

    static List<Problem> problems(String yaml) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(yaml, "t.yaml")).problems();
    }

    static Problem only(String yaml) {
        List<Problem> ps = problems(yaml);
        if (ps.size() != 1) {
            throw new AssertionError("expected exactly one problem, got:\n" + new ScenarioException(ps).getMessage());
        }
        return ps.getFirst();
    }

    /** VALID with {@code from} replaced by {@code to}, failing loudly when {@code from} is absent. */
    static String with(String from, String to) {
        if (!VALID.contains(from)) {
            throw new AssertionError("not in VALID: " + from);
        }
        return VALID.replace(from, to);
    }
}
