package dev.chipmc.io.scenario;

import dev.chipmc.io.scenario.YamlTree.Entry;
import dev.chipmc.io.scenario.YamlTree.ListNode;
import dev.chipmc.io.scenario.YamlTree.Loc;
import dev.chipmc.io.scenario.YamlTree.MapNode;
import dev.chipmc.io.scenario.YamlTree.Node;
import dev.chipmc.io.scenario.YamlTree.Scalar;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code chipmc run --set name=value} and sweep parameters: replace a value of a scenario.
 *
 * <p>{@code name} is either an <b>input</b> of the scenario, declared under {@code inputs:} or
 * written inline (then named by its path, {@code resources.abf.production.start}), or a <b>path into
 * the scenario file</b>: map keys joined by {@code .}, list items by their name ({@code products.mi-class},
 * {@code bom.dies.mi-xcd}: the item's {@code name} or {@code resource}) or position ({@code [2]}), e.g.
 * {@code resources.hbm4-12h.starts.ramp.at}, {@code shares.cowos-l.blackwell-ultra-class},
 * {@code products.mi-class.bom.dies.mi-xcd.count}, {@code events.taiwan-outage.probability}. A name
 * that is an input is an input; otherwise it is a path. Keys may contain dots (input and resource
 * names do); the longest key that matches is taken.
 *
 * <p>An input's distribution is replaced by {@code value}: a number (which becomes
 * {@code fixed(value)}) or a distribution in the inline syntax of {@link DistributionSyntax}. A path
 * has its node in the file replaced by {@code value} as if it had been written there (a number, a
 * distribution or an input name); a missing last key is added to an existing map, so a default can be
 * overridden ({@code resources.abf.carryover_loss}). The patched file is read again by the normal
 * reader, so every check of a file applies and every problem is reported at the assignment that
 * caused it: the value's position for a problem in the value, the name's for an unknown key, and
 * for a problem elsewhere in the file (shares now summing above 1) the assignment whose path is
 * closest to it, with the file position in the message.
 *
 * <p>Problems of {@code --set} have source {@code --set}, line = the position of the assignment
 * (1-based) and column = the column in the assignment where the offending part starts; located
 * assignments ({@link Assignment}) carry their own positions. Stateless and thread-safe; {@link Base}
 * is immutable.
 */
public final class Overrides {
    static final String SOURCE = "--set";

    private Overrides() {
    }

    /**
     * One assignment with where its parts were written, for messages.
     *
     * @param source       what messages call the place ({@code --set}, a sweep file)
     * @param line         line of the name
     * @param nameColumn   column of the name
     * @param valueLine    line of the value
     * @param valueColumn  column of the value
     * @param ordinal      how a later duplicate refers to this one ("assignment 2", "line 14")
     */
    public record Assignment(String name, String value, String source, int line, int nameColumn, int valueLine,
            int valueColumn, String ordinal) {
        public Assignment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(ordinal, "ordinal");
        }

        /** The {@code k}-th (0-based) {@code --set} assignment {@code text}, or empty when it has no {@code =}. */
        static java.util.Optional<Assignment> ofSet(String text, int k) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                return java.util.Optional.empty();
            }
            String name = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            int valueColumn = eq + 2 + (text.length() - eq - 1 - text.substring(eq + 1).stripLeading().length());
            return java.util.Optional.of(new Assignment(name, value, SOURCE, k + 1, 1, k + 1, valueColumn,
                    "assignment " + (k + 1)));
        }

        Problem atName(String path, String message) {
            return new Problem(source, line, nameColumn, path, message);
        }

        Problem atValue(String path, String message) {
            return new Problem(source, valueLine, valueColumn, path, message);
        }
    }

    /** Applies {@code --set} assignments that name inputs (paths need the file: {@link #load}). */
    public static Scenario apply(Scenario s, List<String> assignments) throws ScenarioException {
        List<Problem> problems = new ArrayList<>();
        List<Assignment> located = new ArrayList<>();
        for (int k = 0; k < assignments.size(); k++) {
            var a = Assignment.ofSet(assignments.get(k), k);
            if (a.isEmpty()) {
                problems.add(missingEquals(assignments.get(k), k));
            } else {
                located.add(a.get());
            }
        }
        return applyInputs(s, located, problems);
    }

    /**
     * Loads a scenario file (the built-in one for {@code null}) and applies {@code --set}
     * assignments, each naming an input or a path into the file.
     */
    public static Scenario load(Path scenarioOrNull, List<String> assignments) throws ScenarioException {
        Base base = Base.of(scenarioOrNull);
        if (assignments.isEmpty()) {
            return base.scenario();
        }
        List<Problem> problems = new ArrayList<>();
        List<Assignment> located = new ArrayList<>();
        for (int k = 0; k < assignments.size(); k++) {
            var a = Assignment.ofSet(assignments.get(k), k);
            if (a.isEmpty()) {
                problems.add(missingEquals(assignments.get(k), k));
            } else {
                located.add(a.get());
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return base.apply(located);
    }

    /** The number a value text denotes ({@code 90e3}, {@code 90_000}), as a scenario file reads it; empty otherwise. */
    public static java.util.OptionalDouble number(String text) {
        try {
            return java.util.OptionalDouble.of(DistributionSyntax.parseNumber(text));
        } catch (NumberFormatException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    private static Problem missingEquals(String text, int k) {
        return new Problem(SOURCE, k + 1, 1, text, "expected name=value, e.g. cowos_l.growth=0.1 or "
                + "'hbm4.tau=tri(2, 3, 4)'");
    }

    /**
     * A scenario file read once, to which assignment lists are applied (a sweep applies hundreds).
     * Immutable and thread-safe.
     */
    public static final class Base {
        private final String source;
        private final YamlTree.Node root;
        private final Scenario scenario;
        private final Set<String> inputNames;

        private Base(String source, YamlTree.Node root, Scenario scenario) {
            this.source = source;
            this.root = root;
            this.scenario = scenario;
            Set<String> names = new LinkedHashSet<>();
            scenario.inputs().forEach(i -> names.add(i.name()));
            this.inputNames = Collections.unmodifiableSet(names);
        }

        /** Reads and checks the file ({@code null}: the built-in reference scenario). */
        public static Base of(Path fileOrNull) throws ScenarioException {
            Scenario s = fileOrNull == null ? ScenarioLoader.builtIn() : ScenarioLoader.load(fileOrNull);
            String text;
            String source;
            if (fileOrNull == null) {
                text = ScenarioLoader.builtInText();
                source = "built-in:" + ScenarioLoader.BUILT_IN;
            } else {
                source = fileOrNull.toString();
                try {
                    text = java.nio.file.Files.readString(fileOrNull);
                } catch (java.io.IOException e) {
                    throw new ScenarioException(List.of(Problem.unreadable(source, e)));
                }
            }
            try {
                return new Base(source, YamlTree.parse(text, source).root(), s);
            } catch (YamlTree.SyntaxError e) {
                throw new ScenarioException(List.of(e.problem));
            }
        }

        public Scenario scenario() {
            return scenario;
        }

        /** What messages call the file. */
        public String source() {
            return source;
        }

        /** Whether {@code name} names an input (rather than a path) of this scenario. */
        public boolean isInput(String name) {
            return inputNames.contains(name);
        }

        /**
         * Checks that {@code name} addresses an input or an existing place of the file (or a key that
         * may be added to an existing map); empty when it does, else the reason with the closest names.
         */
        public java.util.Optional<String> checkAddress(String name) {
            if (inputNames.contains(name)) {
                return java.util.Optional.empty();
            }
            try {
                resolve(name);
                return java.util.Optional.empty();
            } catch (IllegalArgumentException e) {
                return java.util.Optional.of(e.getMessage());
            }
        }

        /** Applies the assignments: paths first (patching the file and reading it again), then inputs. */
        public Scenario apply(List<Assignment> assignments) throws ScenarioException {
            List<Problem> problems = new ArrayList<>();
            List<Assignment> inputs = new ArrayList<>();
            List<Assignment> paths = new ArrayList<>();
            List<Resolved> resolved = new ArrayList<>();
            Map<String, Assignment> seen = new HashMap<>();
            for (Assignment a : assignments) {
                if (a.value().isEmpty()) {
                    problems.add(a.atValue(a.name(), "no value; give a number or a distribution such as tri(1, 2, 3)"));
                    continue;
                }
                if (inputNames.contains(a.name())) {
                    inputs.add(a);
                    continue;
                }
                Resolved r;
                try {
                    r = resolve(a.name());
                } catch (IllegalArgumentException e) {
                    problems.add(a.atName(a.name(), e.getMessage()));
                    continue;
                }
                Assignment previous = seen.putIfAbsent(r.readerPath(), a);
                if (previous != null) {
                    problems.add(a.atName(a.name(), "'" + a.name() + "' is already set by " + previous.ordinal()));
                    continue;
                }
                paths.add(a);
                resolved.add(r);
            }
            if (!problems.isEmpty()) {
                throw new ScenarioException(problems);
            }
            Scenario patched = scenario;
            if (!paths.isEmpty()) {
                Node tree = root;
                for (int k = 0; k < paths.size(); k++) {
                    Scalar value = new Scalar(paths.get(k).value(), false, new Loc(-(k + 1), 1));
                    tree = replace(tree, resolved.get(k).steps(), 0, value, new Loc(-(k + 1), 0));
                }
                patched = read(tree, paths, resolved);
            }
            return applyInputs(patched, inputs, problems);
        }

        private Scenario read(Node tree, List<Assignment> paths, List<Resolved> resolved) throws ScenarioException {
            ScenarioReader.Result read = ScenarioReader.read(tree, source);
            List<Problem> found = new ArrayList<>(read.problems());
            for (ScenarioChecks.Issue issue : ScenarioChecks.check(read.scenario(), read.reader().inlineInputNames())) {
                if (!read.reader().suppressed(issue)) {
                    found.add(read.reader().locate(issue));
                }
            }
            if (found.isEmpty()) {
                return read.scenario();
            }
            Set<Problem> out = new LinkedHashSet<>();
            for (Problem p : found) {
                if (p.line() < 0) {
                    Assignment a = paths.get(-p.line() - 1);
                    out.add(p.column() == 0 ? a.atName(p.path(), p.message())
                            : new Problem(a.source(), a.valueLine(), a.valueColumn() + p.column() - 1, p.path(), p.message()));
                } else {
                    int best = 0;
                    int bestLength = -1;
                    for (int k = 0; k < resolved.size(); k++) {
                        int common = commonPrefix(p.path(), resolved.get(k).readerPath());
                        if (common > bestLength) {
                            bestLength = common;
                            best = k;
                        }
                    }
                    out.add(paths.get(best).atValue(p.path(), p.message() + " (" + p.source() + ":" + p.line() + ":"
                            + p.column() + ", after setting " + paths.get(best).name() + ")"));
                }
            }
            throw new ScenarioException(new ArrayList<>(out));
        }

        /** The steps from the root to the node {@code name} addresses, and its path as the reader writes it. */
        Resolved resolve(String name) {
            if (!(root instanceof MapNode top)) {
                throw new IllegalArgumentException("the scenario is not a map");
            }
            List<Object> steps = new ArrayList<>();
            StringBuilder readerPath = new StringBuilder();
            Node at = root;
            String rest = name;
            String where = "";
            while (!rest.isEmpty()) {
                if (at instanceof MapNode m) {
                    String key = longestKey(m.entries().keySet(), rest);
                    if (key == null) {
                        int cut = firstSeparator(rest);
                        String first = cut < 0 ? rest : rest.substring(0, cut);
                        if (cut < 0 && !where.isEmpty()) {
                            steps.add(rest);
                            readerPath.append(readerPath.isEmpty() ? "" : ".").append(rest);
                            return new Resolved(List.copyOf(steps), readerPath.toString());
                        }
                        if (where.isEmpty()) {
                            throw new IllegalArgumentException("unknown input '" + name + "'" + Names.didYouMean(name, inputNames)
                                    + (Names.closest(name, inputNames).isPresent() ? ""
                                            : " (nor a path into the scenario: it has no top-level key '" + first + "'"
                                                    + Names.didYouMean(first, top.entries().keySet()).replace(";", ",") + ")"));
                        }
                        throw new IllegalArgumentException("no '" + first + "' in " + where
                                + Names.didYouMean(first, m.entries().keySet()) + " (it has: "
                                + String.join(", ", m.entries().keySet()) + ")");
                    }
                    steps.add(key);
                    readerPath.append(readerPath.isEmpty() ? "" : ".").append(key);
                    where = where.isEmpty() ? key : where + "." + key;
                    at = m.entries().get(key).value();
                    rest = rest.substring(key.length());
                } else if (at instanceof ListNode l) {
                    int index;
                    String label;
                    if (rest.startsWith("[")) {
                        int close = rest.indexOf(']');
                        try {
                            index = close < 0 ? -1 : Integer.parseInt(rest.substring(1, close));
                        } catch (NumberFormatException e) {
                            index = -1;
                        }
                        if (index < 0 || index >= l.items().size()) {
                            throw new IllegalArgumentException(where + " has " + l.items().size()
                                    + " items; '" + (close < 0 ? rest : rest.substring(0, close + 1)) + "' is not one of them");
                        }
                        label = rest.substring(0, close + 1);
                    } else {
                        Map<String, Integer> names = new LinkedHashMap<>();
                        for (int i = 0; i < l.items().size(); i++) {
                            String n = itemName(l.items().get(i));
                            if (n != null) {
                                names.putIfAbsent(n, i);
                            }
                        }
                        String key = longestKey(names.keySet(), rest);
                        if (key == null) {
                            int cut = firstSeparator(rest);
                            String first = cut < 0 ? rest : rest.substring(0, cut);
                            throw new IllegalArgumentException("no item '" + first + "' in " + where
                                    + Names.didYouMean(first, names.keySet()) + " (it has: " + String.join(", ", names.keySet())
                                    + "; or use a position such as [0])");
                        }
                        index = names.get(key);
                        label = key;
                    }
                    steps.add(index);
                    readerPath.append('[').append(index).append(']');
                    where = where + (label.startsWith("[") ? label : "." + label);
                    at = l.items().get(index);
                    rest = rest.substring(label.length());
                } else {
                    throw new IllegalArgumentException(where + " is a value (" + at.describe() + "), so '"
                            + rest.substring(firstSeparator(rest) == 0 ? 1 : 0) + "' cannot be found under it");
                }
                if (rest.startsWith(".")) {
                    rest = rest.substring(1);
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("the path ends with '.'");
                    }
                }
            }
            if (steps.size() == 1 && (at instanceof MapNode || at instanceof ListNode)) {
                throw new IllegalArgumentException("'" + name + "' is a whole section of the scenario; name a value in it");
            }
            return new Resolved(List.copyOf(steps), readerPath.toString());
        }
    }

    /** Steps: a map key (String) or a list position (Integer). */
    record Resolved(List<Object> steps, String readerPath) {
    }

    private static String itemName(Node item) {
        if (item instanceof MapNode m) {
            for (String k : List.of("name", "resource")) {
                Entry e = m.entries().get(k);
                if (e != null && e.value() instanceof Scalar s && !s.isNull()) {
                    return s.text();
                }
            }
        }
        return null;
    }

    /** The longest key that {@code rest} starts with, followed by the end, a '.' or a '['. */
    private static String longestKey(Set<String> keys, String rest) {
        String best = null;
        for (String k : keys) {
            if (rest.startsWith(k) && (rest.length() == k.length() || rest.charAt(k.length()) == '.'
                    || rest.charAt(k.length()) == '[') && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best;
    }

    private static int firstSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.' || s.charAt(i) == '[') {
                return i;
            }
        }
        return -1;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static Node replace(Node node, List<Object> steps, int i, Scalar value, Loc keyLoc) {
        if (i == steps.size()) {
            return value;
        }
        Object step = steps.get(i);
        if (node instanceof MapNode m && step instanceof String key) {
            Map<String, Entry> entries = new LinkedHashMap<>(m.entries());
            Entry e = entries.get(key);
            entries.put(key, e == null ? new Entry(key, keyLoc, value)
                    : new Entry(key, e.keyLoc(), replace(e.value(), steps, i + 1, value, keyLoc)));
            return new MapNode(Collections.unmodifiableMap(entries), m.loc());
        }
        if (node instanceof ListNode l && step instanceof Integer index) {
            List<Node> items = new ArrayList<>(l.items());
            items.set(index, replace(items.get(index), steps, i + 1, value, keyLoc));
            return new ListNode(List.copyOf(items), l.loc());
        }
        throw new IllegalStateException("a resolved path no longer matches the tree at step " + i);
    }

    private static Scenario applyInputs(Scenario s, List<Assignment> assignments, List<Problem> problems)
            throws ScenarioException {
        Map<String, Input> inputs = new LinkedHashMap<>();
        for (Input i : s.inputs()) {
            inputs.putIfAbsent(i.name(), i);
        }
        Map<String, Assignment> assigned = new HashMap<>();
        for (Assignment a : assignments) {
            String name = a.name();
            if (!inputs.containsKey(name)) {
                problems.add(a.atName(name, "unknown input '" + name + "'" + Names.didYouMean(name, inputs.keySet())));
                continue;
            }
            Assignment previous = assigned.putIfAbsent(name, a);
            if (previous != null) {
                problems.add(a.atName(name, "'" + name + "' is already set by " + previous.ordinal()));
                continue;
            }
            Distribution d;
            try {
                d = parseValue(a.value());
            } catch (IllegalArgumentException e) {
                problems.add(a.atValue(name, e.getMessage()));
                assigned.remove(name);
                continue;
            }
            inputs.put(name, new Input(name, d));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        if (assigned.isEmpty()) {
            return s;
        }
        List<Input> replaced = new ArrayList<>();
        for (Input i : s.inputs()) {
            replaced.add(assigned.containsKey(i.name()) ? inputs.get(i.name()) : i);
        }
        Scenario out = new Scenario(s.name(), s.description(), s.periods(), replaced, s.resources(), s.products(),
                s.shares(), s.events(), s.correlations(), s.repairCorrelations(), s.totalTarget());
        for (ScenarioChecks.Issue issue : ScenarioChecks.check(out, Set.of())) {
            Assignment at = issue.input() == null ? null : assigned.get(issue.input());
            if (at != null) {
                problems.add(at.atValue(issue.path(), issue.message()));
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
