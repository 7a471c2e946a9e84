package dev.chipmc.io.scenario;

import dev.chipmc.io.scenario.YamlTree.Entry;
import dev.chipmc.io.scenario.YamlTree.ListNode;
import dev.chipmc.io.scenario.YamlTree.Loc;
import dev.chipmc.io.scenario.YamlTree.MapNode;
import dev.chipmc.io.scenario.YamlTree.Node;
import dev.chipmc.io.scenario.YamlTree.Scalar;
import dev.chipmc.model.Bonding;
import dev.chipmc.model.BomLine;
import dev.chipmc.model.Correlation;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Event;
import dev.chipmc.model.Input;
import dev.chipmc.model.Periods;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a located YAML tree into a {@link Scenario}, collecting every problem it finds instead of
 * stopping at the first: unknown keys (with a suggestion), missing keys, wrong types, malformed
 * distributions, duplicate names, malformed periods and correlation matrices. Where a part is
 * broken it substitutes a placeholder and remembers the path, so the whole-scenario checks of
 * {@link ScenarioChecks} can still run on the rest without repeating the same fault.
 *
 * <p>Records the location of every path it reads, so findings on the model records can be placed
 * in the file. One instance per file; not thread-safe.
 */
final class ScenarioReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+\\-]*");
    static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,9}");
    private static final Pattern YIELD_MODEL = Pattern.compile("\\s*([A-Za-z_\\-]+)\\s*(?:\\((.*)\\))?\\s*", Pattern.DOTALL);
    private static final int MAX_PERIODS = 10_000;
    private static final Set<String> PLAIN_KEYS = Set.of("production", "yield");
    private static final Set<String> LOGIC_KEYS = Set.of("wafers", "die_area", "edge_exclusion", "yield_model", "d0", "y0");
    private static final Set<String> HBM_KEYS = Set.of("starts", "layers", "y_base", "y_core", "y_bond", "bonding");
    private static final String VALUE_FORMS = "a number, a distribution such as tri(1, 2, 3), or the name of an input";

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Loc> locs = new HashMap<>();
    private final Set<String> broken = new HashSet<>();
    private final Set<String> brokenInputs = new HashSet<>();
    private final Map<String, Input> explicitInputs = new LinkedHashMap<>();
    private final Map<String, Input> inlineInputs = new LinkedHashMap<>();
    private final Map<String, Loc> inputLocs = new HashMap<>();
    private boolean periodsBroken;

    /** What reading produced: the scenario (with placeholders where broken) and what is needed to place findings. */
    record Result(Scenario scenario, List<Problem> problems, ScenarioReader reader) {
    }

    private ScenarioReader(String source) {
        this.source = source;
    }

    static Result read(Node root, String source) {
        ScenarioReader r = new ScenarioReader(source);
        Scenario s = r.scenario(root);
        return new Result(s, r.problems, r);
    }

    Set<String> inlineInputNames() {
        return inlineInputs.keySet();
    }

    /** Whether a finding is a consequence of a problem already reported. */
    boolean suppressed(ScenarioChecks.Issue issue) {
        if (issue.input() != null && brokenInputs.contains(issue.input())) {
            return true;
        }
        if (periodsBroken && issue.path().endsWith(".series")) {
            return true;
        }
        String p = issue.path();
        for (String b : broken) {
            if (p.equals(b) || p.startsWith(b + ".") || p.startsWith(b + "[")) {
                return true;
            }
        }
        return false;
    }

    /** A finding placed at its path, or the nearest enclosing path that was read. */
    Problem locate(ScenarioChecks.Issue issue) {
        String p = issue.path();
        while (true) {
            Loc l = locs.get(p);
            if (l != null) {
                return new Problem(source, l.line(), l.column(), issue.path(), issue.message());
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return new Problem(source, 1, 1, issue.path(), issue.message());
            }
            p = p.substring(0, cut);
        }
    }

    // ---------------------------------------------------------------- problems and small readers

    private void problem(String path, Loc loc, String message) {
        problems.add(new Problem(source, loc.line(), loc.column(), path, message));
        broken.add(path);
    }

    private void at(String path, Loc loc) {
        locs.putIfAbsent(path, loc);
    }

    /** The keys of one map: what was asked for, what was missing, and at the end what was not known. */
    private final class Fields {
        final MapNode map;
        final String path;
        final Set<String> known = new LinkedHashSet<>();

        Fields(MapNode map, String path) {
            this.map = map;
            this.path = path;
        }

        Node get(String key) {
            known.add(key);
            Entry e = map.entries().get(key);
            if (e == null) {
                return null;
            }
            at(child(key), e.value().loc());
            return e.value();
        }

        Node require(String key, String what) {
            Node n = get(key);
            if (n == null) {
                problem(child(key), map.loc(), "missing '" + key + "'" + (what.isEmpty() ? "" : " (" + what + ")"));
            }
            return n;
        }

        String child(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        void finish(Map<String, String> hints) {
            for (Entry e : map.entries().values()) {
                if (!known.contains(e.key())) {
                    String hint = hints.get(e.key());
                    problem(child(e.key()), e.keyLoc(), "unknown key '" + e.key() + "'"
                            + (hint != null ? "; " + hint : Names.didYouMean(e.key(), known)
                                    + " (expected one of: " + String.join(", ", known) + ")"));
                }
            }
        }

        void finish() {
            finish(Map.of());
        }
    }

    private MapNode map(Node n, String path, String what) {
        if (n instanceof MapNode m) {
            return m;
        }
        problem(path, n.loc(), "expected " + what + ", got " + n.describe());
        return null;
    }

    private ListNode list(Node n, String path, String what) {
        if (n instanceof ListNode l) {
            return l;
        }
        problem(path, n.loc(), "expected " + what + ", got " + n.describe());
        return null;
    }

    private String string(Node n, String path, String what) {
        if (n instanceof Scalar s && !s.isNull()) {
            return s.text();
        }
        problem(path, n.loc(), "expected " + what + ", got " + n.describe());
        return null;
    }

    private String name(Node n, String path, String what) {
        String s = string(n, path, what);
        if (s != null && !NAME.matcher(s).matches()) {
            problem(path, n.loc(), "'" + s + "' is not a usable " + what + ": use letters, digits and _ . + -, "
                    + "starting with a letter or digit");
            return null;
        }
        return s;
    }

    private Integer integer(Node n, String path, String what, int min, int max) {
        if (n instanceof Scalar s && !s.isNull() && INTEGER.matcher(s.text().strip()).matches()) {
            int v = Integer.parseInt(s.text().strip().replace("+", ""));
            if (v < min || v > max) {
                problem(path, n.loc(), what + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                        : "between " + min + " and " + max) + ", got " + v);
                return null;
            }
            return v;
        }
        problem(path, n.loc(), "expected " + what + " (a whole number), got " + n.describe());
        return null;
    }

    private Boolean bool(Node n, String path) {
        if (n instanceof Scalar s && !s.isNull()) {
            switch (s.text().strip()) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        problem(path, n.loc(), "expected true or false, got " + n.describe());
        return null;
    }

    private Double number(Node n, String path, String what) {
        if (n instanceof Scalar s && !s.isNull()) {
            try {
                double v = DistributionSyntax.parseNumber(s.text());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(path, n.loc(), "expected " + what + ", got " + n.describe());
        return null;
    }

    // ---------------------------------------------------------------- values and profiles

    /**
     * A number, an inline distribution (which becomes the input {@code inputName}) or a reference
     * to an input by name.
     */
    private Value value(Node n, String path, String inputName) {
        at(path, n.loc());
        if (!(n instanceof Scalar s) || s.isNull()) {
            problem(path, n.loc(), "expected " + VALUE_FORMS + ", got " + n.describe());
            return Value.of(0);
        }
        String text = s.text().strip();
        try {
            double v = DistributionSyntax.parseNumber(text);
            if (Double.isFinite(v)) {
                return Value.of(v);
            }
            problem(path, n.loc(), "number out of range: " + text);
            return Value.of(0);
        } catch (NumberFormatException e) {
            // not a number: a distribution or a name
        }
        if (DistributionSyntax.looksLikeDistribution(text)) {
            Distribution d;
            try {
                d = DistributionSyntax.parse(text);
            } catch (IllegalArgumentException e) {
                problem(path, n.loc(), e.getMessage());
                brokenInputs.add(inputName);
                return Value.ref(inputName);
            }
            Loc previous = inputLocs.get(inputName);
            if (previous != null) {
                problem(path, n.loc(), "the input name '" + inputName + "' that this inline distribution gets is "
                        + "already taken by the input at line " + previous.line() + "; rename that input");
                return Value.ref(inputName);
            }
            inlineInputs.put(inputName, new Input(inputName, d));
            inputLocs.put(inputName, n.loc());
            return Value.ref(inputName);
        }
        if (INPUT_NAME.matcher(text).matches()) {
            return Value.ref(text);
        }
        problem(path, n.loc(), "expected " + VALUE_FORMS + ", got '" + text + "'"
                + (text.contains("(") && !text.contains(")") ? " (inside { } or [ ], put a distribution in quotes: "
                        + "\"tri(1, 2, 3)\")" : ""));
        return Value.of(0);
    }

    private Value optionalValue(Fields f, String key, String inputName, Value otherwise) {
        Node n = f.get(key);
        return n == null ? otherwise : value(n, f.child(key), inputName);
    }

    private Value requiredValue(Fields f, String key, String inputName, String what) {
        Node n = f.require(key, what);
        return n == null ? Value.of(0) : value(n, f.child(key), inputName);
    }

    private static final List<String> PROFILE_KINDS = List.of("constant", "ramp", "learning", "step", "series");

    /** A value (a constant profile) or one of {ramp: ..}, {learning: ..}, {step: ..}, {series: [..]}, {constant: x}. */
    private Profile profile(Node n, String path, String inputName) {
        at(path, n.loc());
        if (n instanceof Scalar) {
            return new Profile.Constant(value(n, path, inputName));
        }
        if (n instanceof ListNode) {
            problem(path, n.loc(), "expected a value or a profile, got a list; for one value per period write "
                    + "{series: [...]}");
            return Profile.constant(0);
        }
        MapNode m = (MapNode) n;
        if (m.entries().size() != 1) {
            problem(path, n.loc(), "a profile is a value or a map with one key, " + String.join(", ", PROFILE_KINDS)
                    + "; got " + (m.entries().isEmpty() ? "an empty map" : "keys " + String.join(", ", m.entries().keySet())));
            return Profile.constant(0);
        }
        Entry e = m.entries().values().iterator().next();
        String kind = e.key();
        String p = path + "." + kind;
        switch (kind) {
            case "constant" -> {
                locs.put(path, e.value().loc());
                return new Profile.Constant(value(e.value(), path, inputName));
            }
            case "series" -> {
                at(p, e.value().loc());
                ListNode l = list(e.value(), p, "a list of values, one per period");
                if (l == null) {
                    return Profile.constant(0);
                }
                if (l.items().isEmpty()) {
                    problem(p, l.loc(), "series is empty; give one value per period");
                    return Profile.constant(0);
                }
                List<Value> vs = new ArrayList<>();
                for (int i = 0; i < l.items().size(); i++) {
                    vs.add(value(l.items().get(i), p + "[" + i + "]", inputName + "[" + i + "]"));
                }
                return new Profile.Series(vs);
            }
            case "ramp", "learning", "step" -> {
                at(p, e.value().loc());
                MapNode body = map(e.value(), p, "a map of " + kind + " parameters");
                if (body == null) {
                    return Profile.constant(0);
                }
                Fields f = new Fields(body, p);
                Profile out = switch (kind) {
                    case "ramp" -> new Profile.Ramp(requiredValue(f, "start", inputName + ".start", "level at the launch period"),
                            requiredValue(f, "growth", inputName + ".growth", "growth per period, 0.05 for +5%"),
                            optionalValue(f, "at", inputName + ".at", Profile.ZERO));
                    case "learning" -> new Profile.Learning(requiredValue(f, "initial", inputName + ".initial", ""),
                            requiredValue(f, "final", inputName + ".final", ""),
                            requiredValue(f, "tau", inputName + ".tau", "periods to close 63% of the gap"),
                            optionalValue(f, "at", inputName + ".at", Profile.ZERO));
                    default -> new Profile.Step(requiredValue(f, "before", inputName + ".before", ""),
                            requiredValue(f, "after", inputName + ".after", ""),
                            requiredValue(f, "at", inputName + ".at", "the first period of 'after'"));
                };
                f.finish();
                return out;
            }
            default -> {
                problem(p, e.keyLoc(), "unknown profile '" + kind + "'" + Names.didYouMean(kind, PROFILE_KINDS)
                        + " (a profile is a value or one of: " + String.join(", ", PROFILE_KINDS) + ")");
                return Profile.constant(0);
            }
        }
    }

    private Profile optionalProfile(Fields f, String key, String inputName, Profile otherwise) {
        Node n = f.get(key);
        return n == null ? otherwise : profile(n, f.child(key), inputName);
    }

    private Profile requiredProfile(Fields f, String key, String inputName, String what) {
        Node n = f.require(key, what);
        return n == null ? Profile.constant(0) : profile(n, f.child(key), inputName);
    }

    // ---------------------------------------------------------------- the scenario

    private Scenario scenario(Node root) {
        MapNode m = map(root, "", "a map with keys name, periods, inputs, resources, products, ...");
        if (m == null) {
            m = new MapNode(Map.of(), root.loc());
        }
        Fields f = new Fields(m, "");
        Node nameNode = f.get("name");
        String name = nameNode == null ? defaultName() : Optional.ofNullable(string(nameNode, "name", "a name"))
                .orElse(defaultName());
        Node descNode = f.get("description");
        String description = descNode == null || descNode instanceof Scalar d && d.isNull() ? ""
                : Optional.ofNullable(string(descNode, "description", "a text")).orElse("");
        Periods periods = periods(f.require("periods", "a list of labels, or {start: 2026Q1, count: 8}"));
        Node inputsNode = f.get("inputs");
        if (inputsNode != null) {
            inputs(inputsNode);
        }
        List<Resource> resources = new ArrayList<>();
        Node resNode = f.require("resources", "a map from resource name to its definition");
        if (resNode != null) {
            MapNode rm = map(resNode, "resources", "a map from resource name to its definition");
            if (rm != null) {
                for (Entry e : rm.entries().values()) {
                    resources.add(resource(e));
                }
                if (rm.entries().isEmpty()) {
                    problem("resources", rm.loc(), "no resources; define at least one");
                }
            }
        }
        List<Product> products = new ArrayList<>();
        Node prodNode = f.require("products", "a list of products in priority order");
        if (prodNode != null) {
            ListNode pl = list(prodNode, "products", "a list of products in priority order");
            if (pl != null) {
                Map<String, Loc> seen = new HashMap<>();
                for (int i = 0; i < pl.items().size(); i++) {
                    products.add(product(pl.items().get(i), i, seen));
                }
                if (pl.items().isEmpty()) {
                    problem("products", pl.loc(), "no products; define at least one");
                }
            }
        }
        List<Share> shares = shares(f.get("shares"));
        List<Event> events = events(f.get("events"));
        List<Correlation> correlations = correlations(f.get("correlations"));
        Node repairNode = f.get("repair_correlations");
        boolean repair = repairNode != null && Boolean.TRUE.equals(bool(repairNode, "repair_correlations"));
        f.get("stress"); // overlays, read by StressOverlays
        Node totalNode = f.get("total_target");
        Optional<Profile> totalTarget = totalNode == null ? Optional.empty()
                : Optional.of(profile(totalNode, "total_target", "total_target"));
        f.finish();
        List<Input> inputs = new ArrayList<>(explicitInputs.values());
        inputs.addAll(inlineInputs.values());
        return new Scenario(name, description, periods, inputs, resources, products, shares, events, correlations,
                repair, totalTarget);
    }

    private String defaultName() {
        String n = source.replaceAll(".*[/\\\\]", "");
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private Periods periods(Node n) {
        Periods fallback = new Periods(List.of("?"));
        if (n == null) {
            periodsBroken = true;
            return fallback;
        }
        if (n instanceof ListNode l) {
            List<String> labels = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < l.items().size(); i++) {
                String s = string(l.items().get(i), "periods[" + i + "]", "a period label such as 2026Q1");
                if (s == null) {
                    periodsBroken = true;
                    continue;
                }
                Integer first = seen.putIfAbsent(s, i);
                if (first != null) {
                    problem("periods[" + i + "]", l.items().get(i).loc(), "duplicate period '" + s + "' (also periods["
                            + first + "])");
                    periodsBroken = true;
                }
                labels.add(s);
            }
            if (labels.isEmpty()) {
                if (!periodsBroken) {
                    problem("periods", n.loc(), "periods is empty; give at least one");
                }
                periodsBroken = true;
                return fallback;
            }
            return new Periods(labels);
        }
        MapNode m = map(n, "periods", "a list of labels, or {start: 2026Q1, count: 8}");
        if (m == null) {
            periodsBroken = true;
            return fallback;
        }
        Fields f = new Fields(m, "periods");
        Node startNode = f.require("start", "the first period: 2026Q1, 2026-01 or 2026");
        Node countNode = f.require("count", "how many periods");
        f.finish();
        String start = startNode == null ? null : string(startNode, "periods.start", "a period such as 2026Q1");
        Integer count = countNode == null ? null : integer(countNode, "periods.count", "count", 1, MAX_PERIODS);
        if (start == null || count == null) {
            periodsBroken = true;
            return fallback;
        }
        Matcher q = QUARTER.matcher(start.strip());
        Matcher mo = MONTH.matcher(start.strip());
        if (q.matches()) {
            return Periods.quarters(Integer.parseInt(q.group(1)), Integer.parseInt(q.group(2)), count);
        }
        List<String> labels = new ArrayList<>();
        if (mo.matches() && Integer.parseInt(mo.group(2)) >= 1 && Integer.parseInt(mo.group(2)) <= 12) {
            int y = Integer.parseInt(mo.group(1));
            int month = Integer.parseInt(mo.group(2));
            for (int i = 0; i < count; i++) {
                labels.add(String.format(Locale.ROOT, "%04d-%02d", y + (month - 1 + i) / 12, (month - 1 + i) % 12 + 1));
            }
            return new Periods(labels);
        }
        if (YEAR.matcher(start.strip()).matches()) {
            int y = Integer.parseInt(start.strip());
            for (int i = 0; i < count; i++) {
                labels.add(Integer.toString(y + i));
            }
            return new Periods(labels);
        }
        problem("periods.start", startNode.loc(), "expected a quarter (2026Q1), a month (2026-01) or a year (2026), got '"
                + start + "'");
        periodsBroken = true;
        return fallback;
    }

    private void inputs(Node n) {
        MapNode m = map(n, "inputs", "a map from input name to a distribution, e.g. cowos_l.growth: tri(0.04, 0.09, 0.14)");
        if (m == null) {
            return;
        }
        for (Entry e : m.entries().values()) {
            String path = "inputs." + e.key();
            at(path, e.value().loc());
            if (!INPUT_NAME.matcher(e.key()).matches()) {
                problem(path, e.keyLoc(), "'" + e.key() + "' is not a usable input name: use letters, digits and _ . -, "
                        + "starting with a letter or _");
                brokenInputs.add(e.key());
                continue;
            }
            inputLocs.put(e.key(), e.keyLoc());
            if (!(e.value() instanceof Scalar s) || s.isNull()) {
                problem(path, e.value().loc(), "expected a distribution such as tri(1, 2, 3) or a number, got "
                        + e.value().describe());
                brokenInputs.add(e.key());
                continue;
            }
            String text = s.text().strip();
            Distribution d = null;
            String error;
            try {
                double v = DistributionSyntax.parseNumber(text);
                d = Double.isFinite(v) ? new Distribution.Fixed(v) : null;
                error = "number out of range: " + text;
            } catch (NumberFormatException notANumber) {
                error = "expected a distribution such as tri(1, 2, 3) or a number, got '" + text + "'";
                if (DistributionSyntax.looksLikeDistribution(text)) {
                    try {
                        d = DistributionSyntax.parse(text);
                    } catch (IllegalArgumentException bad) {
                        error = bad.getMessage();
                    }
                }
            }
            if (d == null) {
                problem(path, e.value().loc(), error);
                brokenInputs.add(e.key());
                continue;
            }
            explicitInputs.put(e.key(), new Input(e.key(), d));
        }
    }

    // ---------------------------------------------------------------- resources

    private Resource resource(Entry e) {
        String path = "resources." + e.key();
        locs.put(path, e.keyLoc());
        String name = e.key();
        Resource placeholder = new Resource(name, "units", new Supply.Plain(Profile.constant(0), Profile.constant(1)),
                false, Value.of(0), 0, Value.of(0));
        if (!NAME.matcher(name).matches()) {
            problem(path, e.keyLoc(), "'" + name + "' is not a usable resource name: use letters, digits and _ . + -, "
                    + "starting with a letter or digit");
        }
        MapNode m = map(e.value(), path, "a map with the resource's kind, production, ...");
        if (m == null) {
            return placeholder;
        }
        Fields f = new Fields(m, path);
        Node kindNode = f.get("kind");
        String kind = "plain";
        if (kindNode != null) {
            String k = string(kindNode, path + ".kind", "plain, logic-die or hbm");
            if (k == null || !List.of("plain", "logic-die", "hbm").contains(k)) {
                if (k != null) {
                    problem(path + ".kind", kindNode.loc(), "unknown kind '" + k + "'"
                            + Names.didYouMean(k, List.of("plain", "logic-die", "hbm")) + " (plain, logic-die or hbm)");
                }
                broken.add(path);
                return placeholder;
            }
            kind = k;
        }
        Node unitNode = f.get("unit");
        String unit = switch (kind) {
            case "logic-die" -> "good dies";
            case "hbm" -> "good stacks";
            default -> "units";
        };
        if (unitNode != null) {
            String u = string(unitNode, path + ".unit", "a unit for display, e.g. interposer wafers");
            unit = u == null ? unit : u;
        }
        Node carryNode = f.get("carryover");
        Boolean carry = carryNode == null ? null : bool(carryNode, path + ".carryover");
        boolean carryover = carry != null ? carry : !kind.equals("plain");
        Node lossNode = f.get("carryover_loss");
        Value loss = Value.of(0);
        if (lossNode != null) {
            loss = value(lossNode, path + ".carryover_loss", path + ".carryover_loss");
            if (!carryover && carry != null) {
                problem(path + ".carryover_loss", lossNode.loc(), "carryover_loss has no effect with carryover: false");
            } else if (!carryover) {
                problem(path + ".carryover_loss", lossNode.loc(), "carryover_loss has no effect: a " + kind
                        + " resource does not carry over unless it says carryover: true");
            }
        }
        Node lagNode = f.get("lag");
        Integer lag = lagNode == null ? Integer.valueOf(0) : integer(lagNode, path + ".lag", "lag", 0, MAX_PERIODS);
        Value initial = optionalValue(f, "initial_inventory", path + ".initial_inventory", Value.of(0));
        Supply supply = switch (kind) {
            case "logic-die" -> logicDie(f, path);
            case "hbm" -> hbm(f, path);
            default -> new Supply.Plain(requiredProfile(f, "production", path + ".production", "a profile of units per period"),
                    optionalProfile(f, "yield", path + ".yield", Profile.constant(1)));
        };
        Map<String, String> hints = new HashMap<>();
        for (String k : PLAIN_KEYS) {
            hints.put(k, "'" + k + "' belongs to kind: plain, and this resource is " + kind);
        }
        for (String k : LOGIC_KEYS) {
            hints.put(k, "'" + k + "' belongs to kind: logic-die, and this resource is " + kind
                    + (kind.equals("plain") ? " (plain is the default kind)" : ""));
        }
        for (String k : HBM_KEYS) {
            hints.put(k, "'" + k + "' belongs to kind: hbm, and this resource is " + kind
                    + (kind.equals("plain") ? " (plain is the default kind)" : ""));
        }
        hints.keySet().removeAll(f.known);
        f.finish(hints);
        return new Resource(name, unit, supply, carryover, loss, lag == null ? 0 : lag, initial);
    }

    private Supply logicDie(Fields f, String path) {
        Profile wafers = requiredProfile(f, "wafers", path + ".wafers", "wafer starts per period");
        Value area = requiredValue(f, "die_area", path + ".die_area", "mm^2");
        Value edge = optionalValue(f, "edge_exclusion", path + ".edge_exclusion", BomLine.DEFAULT_EDGE_EXCLUSION);
        Node modelNode = f.require("yield_model", "poisson, murphy, seeds or negbin(alpha)");
        YieldModel model = modelNode == null ? new YieldModel.Poisson() : yieldModel(modelNode, path + ".yield_model");
        Profile d0 = requiredProfile(f, "d0", path + ".d0", "defect density per cm^2");
        Value y0 = optionalValue(f, "y0", path + ".y0", Value.of(1));
        return new Supply.LogicDie(wafers, area, edge, model, d0, y0);
    }

    private YieldModel yieldModel(Node n, String path) {
        String s = string(n, path, "poisson, murphy, seeds or negbin(alpha)");
        if (s == null) {
            return new YieldModel.Poisson();
        }
        Matcher m = YIELD_MODEL.matcher(s);
        List<String> known = List.of("poisson", "murphy", "seeds", "negbin");
        if (!m.matches() || !known.contains(m.group(1))) {
            String word = m.matches() ? m.group(1) : s;
            problem(path, n.loc(), "unknown yield model '" + s + "'" + Names.didYouMean(word, known)
                    + " (poisson, murphy, seeds or negbin(alpha))");
            return new YieldModel.Poisson();
        }
        String arg = m.group(2);
        if (m.group(1).equals("negbin")) {
            if (arg == null || arg.isBlank()) {
                problem(path, n.loc(), "negbin needs its clustering parameter alpha, e.g. negbin(2)");
                return new YieldModel.Poisson();
            }
            return new YieldModel.NegativeBinomial(value(new Scalar(arg.strip(), false, n.loc()), path, path + ".alpha"));
        }
        if (arg != null) {
            problem(path, n.loc(), m.group(1) + " takes no parameter; write " + m.group(1));
        }
        return switch (m.group(1)) {
            case "murphy" -> new YieldModel.Murphy();
            case "seeds" -> new YieldModel.Seeds();
            default -> new YieldModel.Poisson();
        };
    }

    private Supply hbm(Fields f, String path) {
        Profile starts = requiredProfile(f, "starts", path + ".starts", "stack starts per period");
        Node layersNode = f.require("layers", "core dies per stack, e.g. 12");
        Integer layers = layersNode == null ? null : integer(layersNode, path + ".layers", "layers", 1, 1024);
        Value yBase = optionalValue(f, "y_base", path + ".y_base", Value.of(1));
        Profile yCore = requiredProfile(f, "y_core", path + ".y_core", "yield of one core die");
        Node bondingNode = f.require("bonding", "tc-ncf, mr-muf or hybrid");
        Bonding bonding = Bonding.MR_MUF;
        if (bondingNode != null) {
            String b = string(bondingNode, path + ".bonding", "tc-ncf, mr-muf or hybrid");
            List<String> known = List.of("tc-ncf", "mr-muf", "hybrid");
            if (b != null && known.contains(b.toLowerCase(Locale.ROOT).replace('_', '-'))) {
                bonding = Bonding.valueOf(b.toUpperCase(Locale.ROOT).replace('-', '_'));
            } else if (b != null) {
                problem(path + ".bonding", bondingNode.loc(), "unknown bonding '" + b + "'" + Names.didYouMean(b, known)
                        + " (tc-ncf, mr-muf or hybrid)");
            }
        }
        Value yBond = optionalValue(f, "y_bond", path + ".y_bond", Value.of(bonding.defaultInterfaceYield()));
        return new Supply.HbmStack(starts, layers == null ? 1 : layers, yBase, yCore, yBond, bonding);
    }

    // ---------------------------------------------------------------- products

    private Product product(Node n, int i, Map<String, Loc> seen) {
        String path = "products[" + i + "]";
        at(path, n.loc());
        Product placeholder = new Product(path, List.of(), Profile.constant(1), Profile.constant(1), Optional.empty(),
                Optional.empty());
        MapNode m = map(n, path, "a map with the product's name, bom, ...");
        if (m == null) {
            return placeholder;
        }
        Fields f = new Fields(m, path);
        Node nameNode = f.require("name", "");
        String name = nameNode == null ? null : name(nameNode, path + ".name", "product name");
        if (name != null) {
            Loc first = seen.putIfAbsent(name, nameNode.loc());
            if (first != null) {
                problem(path + ".name", nameNode.loc(), "duplicate product name '" + name + "' (first at line "
                        + first.line() + ")");
            }
        }
        String base = name == null ? path : "products." + name;
        List<BomLine> bom = List.of();
        Node bomNode = f.require("bom", "the bill of materials per package started");
        if (bomNode != null) {
            MapNode bm = map(bomNode, path + ".bom", "a map with dies, hbm, interposer, lithography, substrate, other");
            if (bm != null) {
                bom = bom(bm, path + ".bom", base + ".bom");
            }
        }
        Profile assembly = optionalProfile(f, "assembly_yield", base + ".assembly_yield", Profile.constant(1));
        Profile test = optionalProfile(f, "test_yield", base + ".test_yield", Profile.constant(1));
        Node capNode = f.get("demand_cap");
        Optional<Profile> cap = capNode == null ? Optional.empty()
                : Optional.of(profile(capNode, path + ".demand_cap", base + ".demand_cap"));
        Node targetNode = f.get("target");
        Optional<Profile> target = targetNode == null ? Optional.empty()
                : Optional.of(profile(targetNode, path + ".target", base + ".target"));
        f.finish();
        return new Product(name == null ? path : name, bom, assembly, test, cap, target);
    }

    private List<BomLine> bom(MapNode m, String path, String base) {
        Fields f = new Fields(m, path);
        List<BomLine> lines = new ArrayList<>();
        Node dies = f.get("dies");
        if (dies != null) {
            lines.addAll(countList(dies, path + ".dies", base + ".dies", BomLine.Kind.DIE));
        }
        Node hbm = f.get("hbm");
        if (hbm != null) {
            Optional.ofNullable(countLine(hbm, path + ".hbm", base + ".hbm", BomLine.Kind.HBM, true)).ifPresent(lines::add);
        }
        BomLine interposer = null;
        Node ip = f.get("interposer");
        if (ip != null) {
            MapNode im = map(ip, path + ".interposer", "{resource: cowos-l, area: 3400}");
            if (im != null) {
                Fields g = new Fields(im, path + ".interposer");
                String r = resourceName(g);
                Value area = requiredValue(g, "area", base + ".interposer.area", "interposer area in mm^2");
                Value edge = optionalValue(g, "edge_exclusion", base + ".interposer.edge_exclusion",
                        BomLine.DEFAULT_EDGE_EXCLUSION);
                g.finish();
                if (r != null) {
                    interposer = new BomLine(BomLine.Kind.INTERPOSER, r, Value.of(1), area, edge);
                    lines.add(interposer);
                }
            }
        }
        Node litho = f.get("lithography");
        if (litho != null) {
            MapNode lm = map(litho, path + ".lithography", "{resource: rdl-litho, layers: 8}");
            if (lm != null) {
                Fields g = new Fields(lm, path + ".lithography");
                String r = resourceName(g);
                Value layers = requiredValue(g, "layers", base + ".lithography.layers", "RDL layers per package");
                Node areaNode = g.get("area");
                Node edgeNode = g.get("edge_exclusion");
                g.finish();
                Value area;
                Value edge;
                if (areaNode != null) {
                    area = value(areaNode, path + ".lithography.area", base + ".lithography.area");
                    edge = edgeNode == null ? BomLine.DEFAULT_EDGE_EXCLUSION
                            : value(edgeNode, path + ".lithography.edge_exclusion", base + ".lithography.edge_exclusion");
                } else if (interposer != null) {
                    area = interposer.siteArea();
                    edge = interposer.edgeExclusion();
                    if (edgeNode != null) {
                        problem(path + ".lithography.edge_exclusion", edgeNode.loc(), "edge_exclusion without area: "
                                + "the lithography line takes both from the interposer unless it gives its own area");
                    }
                } else {
                    if (ip == null) {
                        problem(path + ".lithography", lm.loc(), "missing 'area': the product has no interposer to "
                                + "take the site area from");
                    }
                    area = Value.of(1);
                    edge = BomLine.DEFAULT_EDGE_EXCLUSION;
                }
                if (r != null) {
                    lines.add(new BomLine(BomLine.Kind.LITHOGRAPHY, r, layers, area, edge));
                }
            }
        }
        Node substrate = f.get("substrate");
        if (substrate != null) {
            Optional.ofNullable(countLine(substrate, path + ".substrate", base + ".substrate", BomLine.Kind.SUBSTRATE,
                    false)).ifPresent(lines::add);
        }
        Node other = f.get("other");
        if (other != null) {
            lines.addAll(countList(other, path + ".other", base + ".other", BomLine.Kind.OTHER));
        }
        f.finish();
        if (lines.isEmpty() && m.entries().isEmpty()) {
            problem(path, m.loc(), "the bill of materials is empty; give at least one of dies, hbm, interposer, "
                    + "lithography, substrate, other");
        }
        return lines;
    }

    private String resourceName(Fields g) {
        Node n = g.require("resource", "the name of a resource");
        return n == null ? null : name(n, g.child("resource"), "resource name");
    }

    private List<BomLine> countList(Node n, String path, String base, BomLine.Kind kind) {
        ListNode l = list(n, path, "a list of {resource: name, count: n}");
        if (l == null) {
            return List.of();
        }
        List<BomLine> out = new ArrayList<>();
        for (int j = 0; j < l.items().size(); j++) {
            at(path + "[" + j + "]", l.items().get(j).loc());
            BomLine line = countLine(l.items().get(j), path + "[" + j + "]", base, kind, true);
            if (line != null) {
                out.add(line);
            }
        }
        return out;
    }

    /** {resource, count}; in a list the input base gets the resource name ({@code bom.dies.rubin-die.count}). */
    private BomLine countLine(Node n, String path, String base, BomLine.Kind kind, boolean countRequired) {
        MapNode m = map(n, path, "{resource: name, count: n}");
        if (m == null) {
            return null;
        }
        Fields g = new Fields(m, path);
        String r = resourceName(g);
        String inputBase = kind == BomLine.Kind.DIE || kind == BomLine.Kind.OTHER
                ? base + "." + (r == null ? path.substring(path.lastIndexOf('[')) : r) : base;
        Value count = countRequired ? requiredValue(g, "count", inputBase + ".count", "units per package")
                : optionalValue(g, "count", inputBase + ".count", Value.of(1));
        g.finish();
        return r == null ? null : BomLine.count(kind, r, count);
    }

    // ---------------------------------------------------------------- shares, events, correlations

    private List<Share> shares(Node n) {
        List<Share> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        MapNode m = map(n, "shares", "a map from resource to {product: fraction, ...}");
        if (m == null) {
            return out;
        }
        for (Entry r : m.entries().values()) {
            String path = "shares." + r.key();
            locs.put(path, r.keyLoc());
            MapNode pm = map(r.value(), path, "a map from product name to the fraction reserved for it");
            if (pm == null) {
                continue;
            }
            for (Entry p : pm.entries().values()) {
                String pp = path + "." + p.key();
                out.add(new Share(r.key(), p.key(), value(p.value(), pp, pp)));
            }
        }
        return out;
    }

    private List<Event> events(Node n) {
        List<Event> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        MapNode m = map(n, "events", "a map from event name to {probability, duration, resources, cut}");
        if (m == null) {
            return out;
        }
        for (Entry e : m.entries().values()) {
            String path = "events." + e.key();
            locs.put(path, e.keyLoc());
            if (!NAME.matcher(e.key()).matches()) {
                problem(path, e.keyLoc(), "'" + e.key() + "' is not a usable event name: use letters, digits and _ . + -");
                continue;
            }
            MapNode em = map(e.value(), path, "{probability, duration, resources, cut}");
            if (em == null) {
                continue;
            }
            Fields f = new Fields(em, path);
            Value p = requiredValue(f, "probability", path + ".probability", "chance of starting in each period");
            Node durNode = f.get("duration");
            Integer duration = durNode == null ? Integer.valueOf(1)
                    : integer(durNode, path + ".duration", "duration", 1, MAX_PERIODS);
            Node resNode = f.require("resources", "the resources whose production it cuts");
            List<String> resources = new ArrayList<>();
            if (resNode != null) {
                ListNode rl = list(resNode, path + ".resources", "a list of resource names");
                if (rl != null) {
                    for (int k = 0; k < rl.items().size(); k++) {
                        String rp = path + ".resources[" + k + "]";
                        at(rp, rl.items().get(k).loc());
                        String r = name(rl.items().get(k), rp, "resource name");
                        if (r != null) {
                            resources.add(r);
                        }
                    }
                }
            }
            Value cut = requiredValue(f, "cut", path + ".cut", "fraction of production lost while it lasts");
            f.finish();
            out.add(new Event(e.key(), p, duration == null ? 1 : duration, resources, cut));
        }
        return out;
    }

    private List<Correlation> correlations(Node n) {
        List<Correlation> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        at("correlations", n.loc());
        if (n instanceof MapNode m) {
            return matrix(m);
        }
        ListNode l = list(n, "correlations", "a list of [a, b, rho], or {inputs: [..], matrix: [[..]]}");
        if (l == null) {
            return out;
        }
        for (int k = 0; k < l.items().size(); k++) {
            Node item = l.items().get(k);
            String path = "correlations[" + k + "]";
            at(path, item.loc());
            Node a;
            Node b;
            Node rho;
            if (item instanceof ListNode t && t.items().size() == 3) {
                a = t.items().get(0);
                b = t.items().get(1);
                rho = t.items().get(2);
            } else if (item instanceof MapNode t) {
                Fields f = new Fields(t, path);
                a = f.require("a", "an input name");
                b = f.require("b", "an input name");
                rho = f.require("rho", "the Spearman rank correlation");
                f.finish();
                if (a == null || b == null || rho == null) {
                    continue;
                }
            } else {
                problem(path, item.loc(), "expected [a, b, rho] or {a: .., b: .., rho: ..}, got " + item.describe()
                        + (item instanceof ListNode t ? " of " + t.items().size() + " items" : ""));
                continue;
            }
            String an = string(a, path + ".a", "an input name");
            String bn = string(b, path + ".b", "an input name");
            Double r = rho(rho, path + ".rho");
            if (an != null && bn != null && r != null) {
                out.add(new Correlation(an, bn, r));
            }
        }
        return out;
    }

    private Double rho(Node n, String path) {
        at(path, n.loc());
        Double r = number(n, path, "a rank correlation in [-1, 1]");
        if (r != null && !(r >= -1 && r <= 1)) {
            problem(path, n.loc(), "a correlation must be in [-1, 1], got " + DistributionSyntax.num(r));
            return null;
        }
        return r;
    }

    private List<Correlation> matrix(MapNode m) {
        List<Correlation> out = new ArrayList<>();
        Fields f = new Fields(m, "correlations");
        Node namesNode = f.require("inputs", "the input names, in the order of the matrix rows");
        Node matrixNode = f.require("matrix", "the rank-correlation matrix, one list per row");
        f.finish(Map.of("a", "a pair is written as a list item: correlations: [[a, b, rho], ...]"));
        if (namesNode == null || matrixNode == null) {
            return out;
        }
        ListNode nl = list(namesNode, "correlations.inputs", "a list of input names");
        ListNode ml = list(matrixNode, "correlations.matrix", "a list of rows");
        if (nl == null || ml == null) {
            return out;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nl.items().size(); i++) {
            String s = string(nl.items().get(i), "correlations.inputs[" + i + "]", "an input name");
            if (s == null) {
                return out;
            }
            if (names.contains(s)) {
                problem("correlations.inputs[" + i + "]", nl.items().get(i).loc(), "input '" + s + "' is listed twice");
                return out;
            }
            names.add(s);
        }
        int n = names.size();
        if (ml.items().size() != n) {
            problem("correlations.matrix", ml.loc(), "the matrix has " + ml.items().size() + " rows for " + n
                    + " inputs; a correlation matrix is square, one row and column per input");
            return out;
        }
        Double[][] v = new Double[n][n];
        Loc[][] where = new Loc[n][n];
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            String rp = "correlations.matrix[" + i + "]";
            ListNode row = list(ml.items().get(i), rp, "a row of " + n + " numbers");
            if (row == null) {
                ok = false;
                continue;
            }
            if (row.items().size() != n) {
                problem(rp, row.loc(), "row " + i + " has " + row.items().size() + " entries for " + n + " inputs");
                ok = false;
                continue;
            }
            for (int j = 0; j < n; j++) {
                String cp = rp + "[" + j + "]";
                where[i][j] = row.items().get(j).loc();
                v[i][j] = rho(row.items().get(j), cp);
                ok &= v[i][j] != null;
            }
        }
        if (!ok) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            if (v[i][i] != 1) {
                problem("correlations.matrix[" + i + "][" + i + "]", where[i][i], "the diagonal of a correlation matrix "
                        + "is 1, got " + DistributionSyntax.num(v[i][i]));
                ok = false;
            }
            for (int j = 0; j < i; j++) {
                if (Math.abs(v[i][j] - v[j][i]) > 1e-12) {
                    problem("correlations.matrix[" + i + "][" + j + "]", where[i][j], "the matrix is not symmetric: "
                            + "matrix[" + i + "][" + j + "] = " + DistributionSyntax.num(v[i][j]) + " but matrix[" + j + "]["
                            + i + "] = " + DistributionSyntax.num(v[j][i]));
                    ok = false;
                }
            }
        }
        if (!ok) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (v[i][j] != 0) {
                    at("correlations[" + out.size() + "]", where[i][j]);
                    out.add(new Correlation(names.get(i), names.get(j), v[i][j]));
                }
            }
        }
        return out;
    }
}
