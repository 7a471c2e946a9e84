package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScenarioSummaryTest {

    @Test
    void reference_listsCountsAndBoms() {
        String s = ScenarioSummary.format(ScenarioLoader.builtIn());
        for (String expected : new String[] {
            "Scenario reference-2026",
            "Periods: 8 (2026Q1 .. 2027Q4)",
            "Resources: 11",
            "  hbm4-12h   hbm        12-high, tc-ncf, carryover",
            "  gb-die     logic-die  800 mm^2, negbin(2), d0 n4p.d0, carryover",
            "Products: 4 (priority order)",
            "  1. rubin-class: 2 rubin-die, 8 hbm4-12h, cowos-l 3400 mm^2, 8 layers rdl-litho, 1 abf",
            "Inputs: 50",
            "Correlations: 4",
            "  n3p.d0 ~ n4p.d0  0.6",
            "Events: 1",
            "  taiwan-outage: probability 0.02 per period, 1 period, cuts quake.cut of cowos-l",
            "Shares: 2 resources",
            "  cowos-l: blackwell-ultra-class 0.55, rubin-class 0.35",
            "Total target: 2000000 per period"}) {
            assertTrue(s.contains(expected), () -> "missing '" + expected + "' in:\n" + s);
        }
        assertTrue(s.lines().count() < 50, "one screen");
    }
}
