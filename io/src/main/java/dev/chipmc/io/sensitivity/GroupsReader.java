package dev.chipmc.io.sensitivity;

import dev.chipmc.io.scenario.Problem;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.YamlTree;
import dev.chipmc.io.scenario.YamlTree.ListNode;
import dev.chipmc.io.scenario.YamlTree.MapNode;
import dev.chipmc.io.scenario.YamlTree.Node;
import dev.chipmc.io.scenario.YamlTree.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a groups file for {@code chipmc sensitivity --groups}:
 * <pre>
 * groups:
 *   hbm: [hbm3e.*, hbm4.*]
 *   cowos: [cowos_l.*, cowos_s.*]
 *   demand: ["*.demand_*"]
 * </pre>
 * Each pattern is a glob over the scenario's uncertain input names: {@code *} matches any run of
 * characters (dots included), {@code ?} one character; anything else matches itself. A group holds
 * every input one of its patterns matches, in input order. Problems, each located at
 * {@code file:line:column} like the scenario loader's, are all reported together: a pattern that
 * matches no input, an input matched by two groups, a group named {@code events} (the factor of the
 * event uniforms), a group with no pattern, and anything that is not this shape.
 *
 * <p>Stateless and thread-safe.
 */
public final class GroupsReader {

    private GroupsReader() {
    }

    /** Reads {@code file}; see {@link #parse}. */
    public static Map<String, List<String>> read(Path file, List<String> inputNames) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException(List.of(Problem.unreadable(file.toString(), e)));
        }
        return parse(text, file.toString(), inputNames);
    }

    /**
     * @return group name to the input names it holds, in the file's order
     * @throws ScenarioException listing every problem
     */
    public static Map<String, List<String>> parse(String yaml, String source, List<String> inputNames)
            throws ScenarioException {
        YamlTree.Parsed parsed;
        try {
            parsed = YamlTree.parse(yaml, source);
        } catch (YamlTree.SyntaxError e) {
            throw new ScenarioException(List.of(e.problem));
        }
        List<Problem> problems = new ArrayList<>(parsed.problems());
        Node root = parsed.root();
        if (!(root instanceof MapNode top)) {
            throw new ScenarioException(List.of(at(source, root, "", "a groups file is a map with the key 'groups', found "
                    + root.describe())));
        }
        for (YamlTree.Entry e : top.entries().values()) {
            if (!e.key().equals("groups")) {
                problems.add(new Problem(source, e.keyLoc().line(), e.keyLoc().column(), e.key(),
                        "unknown key; a groups file has only 'groups'"));
            }
        }
        YamlTree.Entry g = top.entries().get("groups");
        if (g == null) {
            problems.add(at(source, top, "", "missing 'groups': a map of group name to a list of input-name patterns"));
            throw new ScenarioException(problems);
        }
        if (!(g.value() instanceof MapNode groups)) {
            problems.add(at(source, g.value(), "groups", "must be a map of group name to a list of patterns, found "
                    + g.value().describe()));
            throw new ScenarioException(problems);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        for (YamlTree.Entry e : groups.entries().values()) {
            String name = e.key();
            String path = "groups." + name;
            if (name.equals("events")) {
                problems.add(new Problem(source, e.keyLoc().line(), e.keyLoc().column(), path,
                        "'events' is reserved: all event uniforms are always one factor of that name"));
                continue;
            }
            List<Node> items;
            if (e.value() instanceof ListNode l) {
                items = l.items();
            } else if (e.value() instanceof Scalar s && !s.isNull()) {
                items = List.of(s);
            } else {
                problems.add(at(source, e.value(), path, "must be a list of input-name patterns, found "
                        + e.value().describe()));
                continue;
            }
            if (items.isEmpty()) {
                problems.add(at(source, e.value(), path, "an empty group; list at least one pattern"));
                continue;
            }
            List<String> members = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Node it = items.get(i);
                String ipath = path + "[" + i + "]";
                if (!(it instanceof Scalar s) || s.isNull()) {
                    problems.add(at(source, it, ipath, "a pattern is a string such as 'hbm4.*', found " + it.describe()));
                    continue;
                }
                Pattern p = glob(s.text());
                int matched = 0;
                for (String in : inputNames) {
                    if (!p.matcher(in).matches()) {
                        continue;
                    }
                    matched++;
                    String prev = owner.putIfAbsent(in, name);
                    if (prev != null && !prev.equals(name)) {
                        problems.add(at(source, it, ipath, "'" + s.text() + "' matches input '" + in
                                + "', which is already in group '" + prev + "'; an input belongs to one group at most"));
                    } else if (!members.contains(in)) {
                        members.add(in);
                    }
                }
                if (matched == 0) {
                    problems.add(at(source, it, ipath, "'" + s.text() + "' matches no uncertain input of the scenario"
                            + suggestion(s.text(), inputNames)));
                }
            }
            members.sort((a, b) -> Integer.compare(inputNames.indexOf(a), inputNames.indexOf(b)));
            out.put(name, List.copyOf(members));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return out;
    }

    /** A glob as a regular expression: {@code *} any run of characters, {@code ?} one, the rest literal. */
    static Pattern glob(String g) {
        StringBuilder b = new StringBuilder();
        int lit = -1;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' || c == '?') {
                if (lit >= 0) {
                    b.append(Pattern.quote(g.substring(lit, i)));
                    lit = -1;
                }
                b.append(c == '*' ? ".*" : ".");
            } else if (lit < 0) {
                lit = i;
            }
        }
        if (lit >= 0) {
            b.append(Pattern.quote(g.substring(lit)));
        }
        return Pattern.compile(b.toString());
    }

    private static String suggestion(String pattern, List<String> inputs) {
        String stem = pattern.replaceAll("[*?].*$", "");
        int dot = stem.indexOf('.');
        String head = dot > 0 ? stem.substring(0, dot) : stem;
        if (head.isEmpty()) {
            return "";
        }
        List<String> near = inputs.stream().filter(n -> n.startsWith(head.substring(0, Math.min(3, head.length()))))
                .limit(4).toList();
        return near.isEmpty() ? "" : " (inputs with a similar name: " + String.join(", ", near) + ")";
    }

    private static Problem at(String source, Node n, String path, String message) {
        return new Problem(source, n.loc().line(), n.loc().column(), path, message);
    }
}
