package dev.chipmc.io.scenario;

import dev.chipmc.io.scenario.YamlTree.Entry;
import dev.chipmc.io.scenario.YamlTree.MapNode;
import dev.chipmc.io.scenario.YamlTree.Node;
import dev.chipmc.io.scenario.YamlTree.Scalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code stress:} section of a scenario file: named overlays, each a set of assignments in the
 * addressing of {@code --set} ({@link Overrides}: an input name or a path into the file), e.g.
 * <pre>
 * stress:
 *   hbm4-slip: {set: {resources.hbm4-12h.starts.ramp.at: 2}}
 *   cowos-slow: {set: {cowos_l.growth: tri(0.0, 0.03, 0.06)}}
 * </pre>
 * An overlay's assignments are returned as {@code name=value} texts for {@link Overrides#load}.
 * Stateless and thread-safe.
 */
public final class StressOverlays {
    public static final String ALL = "all";

    private StressOverlays() {
    }

    /** The overlays of a scenario file in file order (none for the built-in scenario's absent section). */
    public static Map<String, List<String>> read(Path fileOrNull) throws ScenarioException {
        String source = fileOrNull == null ? "built-in:" + ScenarioLoader.BUILT_IN : fileOrNull.toString();
        String text;
        if (fileOrNull == null) {
            text = ScenarioLoader.builtInText();
        } else {
            try {
                text = Files.readString(fileOrNull, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ScenarioException(List.of(Problem.unreadable(source, e)));
            }
        }
        return parse(text, source);
    }

    static Map<String, List<String>> parse(String yaml, String source) throws ScenarioException {
        Node root;
        try {
            root = YamlTree.parse(yaml, source).root();
        } catch (YamlTree.SyntaxError e) {
            throw new ScenarioException(List.of(e.problem));
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!(root instanceof MapNode m) || !m.entries().containsKey("stress")) {
            return out;
        }
        List<Problem> problems = new ArrayList<>();
        Entry section = m.entries().get("stress");
        if (!(section.value() instanceof MapNode overlays)) {
            throw problem(source, section.value(), "stress", "expected a map from overlay name to {set: {NAME: VALUE, ...}}");
        }
        for (Entry o : overlays.entries().values()) {
            String path = "stress." + o.key();
            if (o.key().equals(ALL)) {
                problems.add(new Problem(source, o.keyLoc().line(), o.keyLoc().column(), path,
                        "'all' is reserved (--stress all runs every overlay); choose another name"));
                continue;
            }
            if (!(o.value() instanceof MapNode body) || !body.entries().containsKey("set")
                    || body.entries().size() != 1 || !(body.entries().get("set").value() instanceof MapNode set)
                    || set.entries().isEmpty()) {
                problems.add(new Problem(source, o.value().loc().line(), o.value().loc().column(), path,
                        "expected {set: {NAME: VALUE, ...}} with at least one assignment"));
                continue;
            }
            List<String> assignments = new ArrayList<>();
            for (Entry a : set.entries().values()) {
                if (!(a.value() instanceof Scalar v) || v.isNull()) {
                    problems.add(new Problem(source, a.value().loc().line(), a.value().loc().column(),
                            path + ".set." + a.key(), "expected a number, a distribution or an input name"));
                    continue;
                }
                assignments.add(a.key() + "=" + v.text());
            }
            out.put(o.key(), List.copyOf(assignments));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return out;
    }

    private static ScenarioException problem(String source, Node n, String path, String message) {
        return new ScenarioException(List.of(new Problem(source, n.loc().line(), n.loc().column(), path, message)));
    }
}
