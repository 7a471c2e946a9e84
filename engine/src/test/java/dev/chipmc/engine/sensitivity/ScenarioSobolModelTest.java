package dev.chipmc.engine.sensitivity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.eval.CompiledModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioSobolModelTest {
    private static final CompiledModel MODEL = CompiledModel.compile(ReferenceScenarioFixture.build());

    private static List<String> inputsStartingWith(String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String n : MODEL.inputNames()) {
            for (String p : prefixes) {
                if (n.startsWith(p)) {
                    out.add(n);
                    break;
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> referenceGroups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("hbm", inputsStartingWith("hbm3e.", "hbm4."));
        g.put("cowos", inputsStartingWith("cowos_l.", "cowos_s."));
        g.put("demand", MODEL.inputNames().stream().filter(n -> n.contains(".demand_")).toList());
        return g;
    }

    @Test
    void outputs_referenceScenario_horizonYearsProductsAndTargetedShortfalls() {
        ScenarioSobolModel m = ScenarioSobolModel.of(MODEL);
        List<String> names = m.outputNames();
        assertEquals("good:all:all", names.get(0));
        assertTrue(names.contains("good:all:2026") && names.contains("good:all:2027"), names.toString());
        for (int p = 0; p < MODEL.products(); p++) {
            assertTrue(names.contains("good:" + MODEL.productName(p) + ":all"), names.toString());
        }
        // REFERENCE: only blackwell-ultra-class and the total have targets.
        assertTrue(names.contains("shortfall:blackwell-ultra-class:all"), names.toString());
        assertTrue(names.contains("shortfall:all:all"), names.toString());
        assertEquals(1 + 2 + MODEL.products() + 2, names.size());
    }

    @Test
    void factors_referenceGroups_groupsThenUngroupedInputsThenEvents() {
        ScenarioSobolModel m = ScenarioSobolModel.of(MODEL);
        Map<String, List<String>> g = referenceGroups();
        List<Factor> f = m.factors(g);
        int grouped = g.values().stream().mapToInt(List::size).sum();
        assertEquals(11, g.get("hbm").size());
        assertEquals(4, g.get("cowos").size());
        assertEquals(8, g.get("demand").size());
        assertEquals(3 + MODEL.inputCount() - grouped + 1, f.size());
        assertEquals(List.of("hbm", "cowos", "demand"), f.subList(0, 3).stream().map(Factor::name).toList());
        Factor events = f.get(f.size() - 1);
        assertEquals(ScenarioSobolModel.EVENTS, events.name());
        assertEquals(MODEL.eventUniformCount(), events.size());
        int covered = f.stream().mapToInt(Factor::size).sum();
        assertEquals(m.dimensions(), covered);
    }

    @Test
    void factors_inputInTwoGroupsOrUnknown_rejectedNamingIt() {
        ScenarioSobolModel m = ScenarioSobolModel.of(MODEL);
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put("a", List.of("hbm4.tau"));
        twice.put("b", List.of("hbm4.tau"));
        var e = assertThrows(IllegalArgumentException.class, () -> m.factors(twice));
        assertTrue(e.getMessage().contains("hbm4.tau") && e.getMessage().contains("'b'"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.factors(Map.of("x", List.of("nope"))));
        assertTrue(e2.getMessage().contains("nope"), e2.getMessage());
    }

    @Test
    void analysis_referenceGroups_indicesPlausibleAndThreadIndependent() throws Exception {
        ScenarioSobolModel m = ScenarioSobolModel.of(MODEL);
        List<Factor> f = m.factors(referenceGroups());
        SobolConfig c = new SobolConfig(1024, 3, 1, SamplerKind.SOBOL, 256, 50, 0.95);
        SobolIndices a = SobolAnalysis.run(m, f, c);
        SobolIndices b = SobolAnalysis.run(m, f, c.withThreads(3));
        assertEquals(1024L * (f.size() + 2), a.evaluations());
        for (int i = 0; i < f.size(); i++) {
            assertArrayEquals(a.s1()[i], b.s1()[i]);
            assertArrayEquals(a.stLow()[i], b.stLow()[i]);
        }
        /*
         * Total good packages over the horizon: the Jansen estimator is a mean of squares, so ST >= 0
         * always; and with N = 1024 every ST is below 1 + 0.2 (bootstrap sd here is a few hundredths).
         * The analysis must find some factor that matters: the largest ST exceeds 0.1 (1/k of the
         * variance would be about 0.03 were it spread evenly over the 34 factors).
         */
        double maxSt = 0;
        for (int i = 0; i < f.size(); i++) {
            assertTrue(a.st()[i][0] >= 0 && a.st()[i][0] < 1.2, f.get(i).name() + ": ST " + a.st()[i][0]);
            maxSt = Math.max(maxSt, a.st()[i][0]);
        }
        assertTrue(maxSt > 0.1, "largest ST " + maxSt);
        assertTrue(a.variance()[0] > 0);
    }
}
