package dev.chipmc.io.scenario;

import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code chipmc run --set name=value}: replaces the distribution of named inputs. {@code value} is a
 * number (which becomes {@code fixed(value)}) or a distribution in the inline syntax of
 * {@link DistributionSyntax}. {@code name} is any input of the scenario, whether declared under
 * {@code inputs:} or written inline (then named by its path, {@code resources.abf.production.start}).
 * The result passes the same checks as a loaded file: a yield input set to {@code uni(0.9, 1.1)} is
 * refused, with the place it is used.
 *
 * <p>Problems have source {@code --set}, line = the position of the assignment (1-based) and
 * column = the column in the assignment where the offending part starts. Stateless and thread-safe.
 */
public final class Overrides {
    static final String SOURCE = "--set";

    private Overrides() {
    }

    public static Scenario apply(Scenario s, List<String> assignments) throws ScenarioException {
        Map<String, Input> inputs = new LinkedHashMap<>();
        for (Input i : s.inputs()) {
            inputs.putIfAbsent(i.name(), i);
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, int[]> assigned = new HashMap<>();
        for (int k = 0; k < assignments.size(); k++) {
            String a = assignments.get(k);
            int line = k + 1;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                problems.add(new Problem(SOURCE, line, 1, a, "expected name=value, e.g. cowos_l.growth=0.1 or "
                        + "'hbm4.tau=tri(2, 3, 4)'"));
                continue;
            }
            String name = a.substring(0, eq).strip();
            String text = a.substring(eq + 1).strip();
            int valueColumn = eq + 2 + (a.length() - eq - 1 - a.substring(eq + 1).stripLeading().length());
            if (!inputs.containsKey(name)) {
                problems.add(new Problem(SOURCE, line, 1, name, "unknown input '" + name + "'"
                        + Names.didYouMean(name, inputs.keySet())));
                continue;
            }
            int[] previous = assigned.putIfAbsent(name, new int[] {line, valueColumn});
            if (previous != null) {
                problems.add(new Problem(SOURCE, line, 1, name, "'" + name + "' is already set by assignment "
                        + previous[0]));
                continue;
            }
            Distribution d;
            try {
                d = parseValue(text);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(SOURCE, line, valueColumn, name, e.getMessage()));
                assigned.remove(name);
                continue;
            }
            inputs.put(name, new Input(name, d));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        List<Input> replaced = new ArrayList<>();
        for (Input i : s.inputs()) {
            replaced.add(assigned.containsKey(i.name()) ? inputs.get(i.name()) : i);
        }
        Scenario out = new Scenario(s.name(), s.description(), s.periods(), replaced, s.resources(), s.products(),
                s.shares(), s.events(), s.correlations(), s.repairCorrelations(), s.totalTarget());
        for (ScenarioChecks.Issue issue : ScenarioChecks.check(out, Set.of())) {
            int[] at = issue.input() == null ? null : assigned.get(issue.input());
            if (at != null) {
                problems.add(new Problem(SOURCE, at[0], at[1], issue.path(), issue.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return out;
    }

    private static Distribution parseValue(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no value after '='; give a number or a distribution such as tri(1, 2, 3)");
        }
        try {
            double v = DistributionSyntax.parseNumber(text);
            return new Distribution.Fixed(v);
        } catch (NumberFormatException e) {
            if (!DistributionSyntax.looksLikeDistribution(text)) {
                throw new IllegalArgumentException("expected a number or a distribution such as tri(1, 2, 3), got '"
                        + text + "'", e);
            }
        }
        return DistributionSyntax.parse(text);
    }
}
