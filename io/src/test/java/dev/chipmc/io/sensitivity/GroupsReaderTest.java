package dev.chipmc.io.sensitivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.eval.CompiledModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupsReaderTest {
    private static final List<String> INPUTS = CompiledModel.compile(ScenarioLoader.builtIn()).inputNames();

    static final String REFERENCE_GROUPS = """
            groups:
              hbm: [hbm3e.*, hbm4.*]
              cowos: [cowos_l.*, cowos_s.*]
              demand: ["*.demand_*"]
            """;

    @Test
    void parse_referenceGroups_globsMatchTheirInputsInInputOrder() throws Exception {
        Map<String, List<String>> g = GroupsReader.parse(REFERENCE_GROUPS, "g.yaml", INPUTS);
        assertEquals(List.of("hbm", "cowos", "demand"), List.copyOf(g.keySet()));
        assertEquals(11, g.get("hbm").size());
        assertEquals(List.of("cowos_l.start", "cowos_l.growth", "cowos_s.start", "cowos_s.growth"), g.get("cowos"));
        assertEquals(8, g.get("demand").size());
        assertTrue(g.get("demand").contains("rubin.demand_growth"));
    }

    @Test
    void parse_patternMatchingNothingAndInputInTwoGroups_bothReportedWithLineAndColumn() {
        String yaml = """
                groups:
                  hbm: [hbm3e.*, hbm5.*]
                  growth: ["*.growth"]
                """;
        var e = assertThrows(ScenarioException.class, () -> GroupsReader.parse(yaml, "g.yaml", INPUTS));
        String m = e.getMessage();
        assertTrue(m.contains("g.yaml:2:18: groups.hbm[1]: 'hbm5.*' matches no uncertain input"), m);
        assertTrue(m.contains("g.yaml:3:12: groups.growth[0]: '*.growth' matches input 'hbm3e.growth', which is already in group 'hbm'"), m);
    }

    @Test
    void parse_reservedNameUnknownKeyAndEmptyGroup_reported() {
        String yaml = """
                groups:
                  events: [quake.cut]
                  empty: []
                extra: 1
                """;
        var e = assertThrows(ScenarioException.class, () -> GroupsReader.parse(yaml, "g.yaml", INPUTS));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("g.yaml:2:3: groups.events: 'events' is reserved"), e.getMessage());
        assertTrue(e.getMessage().contains("g.yaml:4:1: extra: unknown key"), e.getMessage());
    }

    @Test
    void glob_dotsAndQuestionMark_literalExceptWildcards() {
        assertTrue(GroupsReader.glob("hbm4.*").matcher("hbm4.tau").matches());
        assertTrue(!GroupsReader.glob("hbm4.*").matcher("hbm4xtau").matches());
        assertTrue(GroupsReader.glob("n?p.d0").matcher("n3p.d0").matches());
    }
}
