package dev.chipmc.io.sweep;

import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.WholeNumber;
import dev.chipmc.io.scenario.Overrides;
import dev.chipmc.io.scenario.Problem;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.YamlTree;
import dev.chipmc.io.scenario.YamlTree.Entry;
import dev.chipmc.io.scenario.YamlTree.ListNode;
import dev.chipmc.io.scenario.YamlTree.Loc;
import dev.chipmc.io.scenario.YamlTree.MapNode;
import dev.chipmc.io.scenario.YamlTree.Node;
import dev.chipmc.io.scenario.YamlTree.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reads a sweep file (format in {@code docs/sweeps.md}) and checks it as strictly as a scenario:
 * the file's own structure, every swept path against the base scenario, and every point of the
 * design applied to the base scenario (so a value of the wrong kind, or a combination the scenario
 * checks refuse, is found before anything runs). Every problem is reported at once, at its line and
 * column in the sweep file (or in the base scenario for a problem of the base itself).
 *
 * <p>Stateless and thread-safe.
 */
public final class SweepReader {
    static final Set<String> TOP_KEYS = Set.of("name", "description", "base", "samples", "seed", "sampler",
            "independent_streams", "write_samples", "design", "parameters");
    static final Set<String> PARAMETER_KEYS = Set.of("path", "paths", "values", "range", "base", "integer");
    static final Set<String> DESIGNS = Set.of("grid", "list", "oat", "lhs");
    /** Column names of the sweep tables that a parameter may not take. */
    static final Set<String> RESERVED = Set.of("point", "seed", "assignments", "metric", "product", "period", "span",
            "count", "mean", "sd", "se", "p05", "p50", "p95", "target", "p_below_target", "expected_shortfall");

    private SweepReader() {
    }

    /** Reads {@code file}; the base scenario is found relative to it. */
    public static Sweep read(Path file) throws ScenarioException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new ScenarioException(List.of(Problem.unreadable(source, e)));
        }
        return parse(text, file);
    }

    /** Parses sweep text; {@code file} names it in messages and anchors a relative {@code base}. */
    public static Sweep parse(String text, Path file) throws ScenarioException {
        return new State(file).read(text);
    }

    private static final class State {
        final Path file;
        final String source;
        final List<Problem> problems = new ArrayList<>();

        State(Path file) {
            this.file = file;
            this.source = file.toString();
        }

        void problem(Loc at, String path, String message) {
            problems.add(new Problem(source, at.line(), at.column(), path, message));
        }

        Sweep read(String text) throws ScenarioException {
            if (text.isBlank()) {
                throw new ScenarioException(List.of(new Problem(source, 1, 1, "", "the file is empty; a sweep names a base "
                        + "scenario, a design and the parameters to vary (see docs/sweeps.md)")));
            }
            YamlTree.Parsed parsed;
            try {
                parsed = YamlTree.parse(text, source);
            } catch (YamlTree.SyntaxError e) {
                throw new ScenarioException(List.of(e.problem));
            }
            problems.addAll(parsed.problems());
            if (!(parsed.root() instanceof MapNode top)) {
                throw new ScenarioException(List.of(new Problem(source, parsed.root().loc().line(),
                        parsed.root().loc().column(), "", "a sweep file is a map of base, design, parameters, ...")));
            }
            for (Entry e : top.entries().values()) {
                if (!TOP_KEYS.contains(e.key())) {
                    problem(e.keyLoc(), e.key(), "unknown key '" + e.key() + "'" + didYouMean(e.key(), TOP_KEYS)
                            + " (known: " + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)) + ")");
                }
            }
            String fileName = file.getFileName() == null ? "sweep" : file.getFileName().toString();
            String name = string(top, "name", fileName.replaceFirst("\\.[^.]*$", ""));
            Path base = null;
            Entry baseEntry = top.entries().get("base");
            if (baseEntry != null) {
                String b = string(top, "base", "built-in");
                if (!b.equals("built-in")) {
                    Path dir = file.toAbsolutePath().getParent();
                    base = dir == null ? Path.of(b) : dir.resolve(b).normalize();
                }
            }
            long samples = number(top, "samples", RunConfig.DEFAULT_SAMPLES, 1);
            long seed = number(top, "seed", RunConfig.DEFAULT_SEED, Long.MIN_VALUE);
            SamplerKind sampler = SamplerKind.MC;
            Entry se = top.entries().get("sampler");
            if (se != null) {
                try {
                    sampler = SamplerKind.parse(scalarText(se.value()));
                } catch (IllegalArgumentException e) {
                    problem(se.value().loc(), "sampler", e.getMessage());
                }
            }
            boolean independent = bool(top, "independent_streams");
            boolean writeSamples = bool(top, "write_samples");

            String design = "grid";
            long designSeed = seed;
            long lhsPoints = 0;
            Node listPoints = null;
            Loc designLoc = Loc.START;
            Entry de = top.entries().get("design");
            if (de == null) {
                problem(top.loc(), "design", "missing key 'design' (grid, list, oat or lhs)");
            } else if (de.value() instanceof Scalar s) {
                design = s.text();
                designLoc = s.loc();
            } else if (de.value() instanceof MapNode m) {
                designLoc = m.loc();
                for (Entry e : m.entries().values()) {
                    if (!Set.of("kind", "points", "seed").contains(e.key())) {
                        problem(e.keyLoc(), "design." + e.key(), "unknown key '" + e.key() + "'"
                                + didYouMean(e.key(), Set.of("kind", "points", "seed")) + " (known: kind, points, seed)");
                    }
                }
                design = string(m, "kind", "");
                if (m.entries().containsKey("seed")) {
                    designSeed = number(m, "seed", seed, Long.MIN_VALUE);
                }
                Entry pe = m.entries().get("points");
                if (pe != null) {
                    if (pe.value() instanceof Scalar) {
                        lhsPoints = number(m, "points", 0, 0);
                    } else {
                        listPoints = pe.value();
                    }
                }
            } else {
                problem(de.value().loc(), "design", "expected grid, list, oat, lhs or a map {kind: .., points: .., seed: ..}");
            }
            if (!DESIGNS.contains(design)) {
                problem(designLoc, "design", "unknown design '" + design + "'" + didYouMean(design, DESIGNS)
                        + " (grid, list, oat or lhs)");
            }

            List<Sweep.Parameter> params = new ArrayList<>();
            List<List<Loc>> pathLocs = new ArrayList<>();
            List<List<Loc>> valueLocs = new ArrayList<>();
            List<Loc> nameLocs = new ArrayList<>();
            List<Loc> rangeLocs = new ArrayList<>();
            List<Loc> baseLocs = new ArrayList<>();
            Entry pe = top.entries().get("parameters");
            if (pe == null) {
                problem(top.loc(), "parameters", "missing key 'parameters': the sweep varies nothing");
            } else if (!(pe.value() instanceof MapNode pm) || pm.entries().isEmpty()) {
                problem(pe.value().loc(), "parameters", "empty: name at least one parameter to vary");
            } else {
                for (Entry e : pm.entries().values()) {
                    readParameter(e, design, params, pathLocs, valueLocs, nameLocs, rangeLocs, baseLocs);
                }
            }

            Overrides.Base scenario = null;
            try {
                scenario = Overrides.Base.of(base);
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
            }
            if (scenario != null) {
                for (int j = 0; j < params.size(); j++) {
                    for (int k = 0; k < params.get(j).paths().size(); k++) {
                        var why = scenario.checkAddress(params.get(j).paths().get(k));
                        if (why.isPresent()) {
                            Loc l = pathLocs.get(j).get(k);
                            problem(l, "parameters." + params.get(j).name(), why.get());
                        }
                    }
                }
            }

            if (scenario != null) {
                // Each value alone, so a value of the wrong kind is reported even when the design is broken.
                Set<Problem> found = new LinkedHashSet<>();
                for (int j = 0; j < params.size(); j++) {
                    Sweep.Parameter par = params.get(j);
                    boolean addressable = true;
                    for (String path : par.paths()) {
                        addressable &= scenario.checkAddress(path).isEmpty();
                    }
                    for (int k = 0; addressable && k < par.values().size(); k++) {
                        List<Overrides.Assignment> as = new ArrayList<>();
                        Loc vl = valueLocs.get(j).get(k);
                        for (int q = 0; q < par.paths().size(); q++) {
                            Loc pl = pathLocs.get(j).get(q);
                            as.add(new Overrides.Assignment(par.paths().get(q), par.values().get(k).text(), source, pl.line(),
                                    pl.column(), vl.line(), vl.column(), "line " + pl.line()));
                        }
                        try {
                            scenario.apply(as);
                        } catch (ScenarioException e) {
                            found.addAll(e.problems());
                        }
                    }
                }
                problems.addAll(found);
            }
            List<Sweep.Point> points = new ArrayList<>();
            List<List<Loc>> pointLocs = new ArrayList<>();
            if (problems.isEmpty()) {
                switch (design) {
                    case "grid" -> grid(params, valueLocs, points, pointLocs, seed);
                    case "oat" -> oat(params, valueLocs, baseLocs, points, pointLocs, seed);
                    case "lhs" -> {
                        if (lhsPoints < 1) {
                            problem(designLoc, "design.points", "empty design: lhs needs points: N with N >= 1");
                        } else {
                            lhs(params, rangeLocs, (int) Math.min(lhsPoints, 1_000_000), designSeed, points, pointLocs, seed);
                        }
                    }
                    default -> list(params, nameLocs, listPoints, designLoc, points, pointLocs, seed);
                }
            }
            if (problems.isEmpty() && points.isEmpty()) {
                problem(designLoc, "design", "empty design: it has no points");
            }
            if (problems.isEmpty() && scenario != null) {
                Set<Problem> found = new LinkedHashSet<>();
                for (int i = 0; i < points.size(); i++) {
                    List<Overrides.Assignment> as = new ArrayList<>();
                    for (int j = 0; j < params.size(); j++) {
                        Sweep.Value v = points.get(i).values().get(j);
                        if (v == null) {
                            continue;
                        }
                        Loc vl = pointLocs.get(i).get(j);
                        for (int k = 0; k < params.get(j).paths().size(); k++) {
                            Loc pl = pathLocs.get(j).get(k);
                            as.add(new Overrides.Assignment(params.get(j).paths().get(k), v.text(), source, pl.line(),
                                    pl.column(), vl.line(), vl.column(), "line " + pl.line()));
                        }
                    }
                    try {
                        scenario.apply(as);
                    } catch (ScenarioException e) {
                        found.addAll(e.problems());
                    }
                }
                problems.addAll(found);
            }
            if (!problems.isEmpty()) {
                List<Problem> all = new ArrayList<>(new LinkedHashSet<>(problems));
                all.sort(Comparator.comparing((Problem p) -> !p.source().equals(source)).thenComparingInt(Problem::line)
                        .thenComparingInt(Problem::column));
                throw new ScenarioException(all);
            }
            return new Sweep(name, file, base, samples, seed, sampler, false, writeSamples, design, designSeed, params, points)
                    .withIndependentStreams(independent);
        }

        private void readParameter(Entry e, String design, List<Sweep.Parameter> params, List<List<Loc>> pathLocs,
                List<List<Loc>> valueLocs, List<Loc> nameLocs, List<Loc> rangeLocs, List<Loc> baseLocs) {
            String name = e.key();
            String where = "parameters." + name;
            if (RESERVED.contains(name)) {
                problem(e.keyLoc(), where, "'" + name + "' is a column of the sweep tables; give the parameter another name");
            }
            List<String> paths = new ArrayList<>();
            List<Loc> pls = new ArrayList<>();
            List<Sweep.Value> values = new ArrayList<>();
            List<Loc> vls = new ArrayList<>();
            double lo = Double.NaN;
            double hi = Double.NaN;
            boolean integer = false;
            Sweep.Value base = null;
            Loc rangeLoc = e.keyLoc();
            Loc baseLoc = e.keyLoc();
            Node valuesNode = null;
            if (e.value() instanceof ListNode) {
                paths.add(name);
                pls.add(e.keyLoc());
                valuesNode = e.value();
            } else if (e.value() instanceof MapNode m) {
                for (Entry k : m.entries().values()) {
                    if (!PARAMETER_KEYS.contains(k.key())) {
                        problem(k.keyLoc(), where + "." + k.key(), "unknown key '" + k.key() + "'"
                                + didYouMean(k.key(), PARAMETER_KEYS) + " (known: path, paths, values, range, base, integer)");
                    }
                }
                Entry path = m.entries().get("path");
                Entry ps = m.entries().get("paths");
                if (path != null && ps != null) {
                    problem(ps.keyLoc(), where, "give path or paths, not both");
                } else if (path != null) {
                    if (path.value() instanceof Scalar s && !s.isNull()) {
                        paths.add(s.text());
                        pls.add(s.loc());
                    } else {
                        problem(path.value().loc(), where + ".path", "expected a path, got " + path.value().describe());
                    }
                } else if (ps != null) {
                    if (ps.value() instanceof ListNode l && !l.items().isEmpty()) {
                        for (Node n : l.items()) {
                            if (n instanceof Scalar s && !s.isNull()) {
                                paths.add(s.text());
                                pls.add(s.loc());
                            } else {
                                problem(n.loc(), where + ".paths", "expected a path, got " + n.describe());
                            }
                        }
                    } else {
                        problem(ps.value().loc(), where + ".paths", "expected a non-empty list of paths");
                    }
                } else {
                    paths.add(name);
                    pls.add(e.keyLoc());
                }
                Entry v = m.entries().get("values");
                if (v != null) {
                    valuesNode = v.value();
                }
                Entry r = m.entries().get("range");
                if (r != null) {
                    rangeLoc = r.value().loc();
                    if (r.value() instanceof ListNode l && l.items().size() == 2 && l.items().get(0) instanceof Scalar a
                            && l.items().get(1) instanceof Scalar b) {
                        var x = Overrides.number(a.text());
                        var y = Overrides.number(b.text());
                        if (x.isEmpty() || y.isEmpty()) {
                            problem(rangeLoc, where + ".range", "range: expected two numbers [lo, hi]");
                        } else {
                            lo = x.getAsDouble();
                            hi = y.getAsDouble();
                            if (!(lo < hi)) {
                                problem(rangeLoc, where + ".range", "range: lo must be below hi, got [" + a.text() + ", "
                                        + b.text() + "]");
                            }
                        }
                    } else {
                        problem(rangeLoc, where + ".range", "range: expected two numbers [lo, hi]");
                    }
                }
                Entry in = m.entries().get("integer");
                if (in != null) {
                    integer = boolOf(in.value(), where + ".integer");
                }
                Entry b = m.entries().get("base");
                if (b != null) {
                    if (b.value() instanceof Scalar s && !s.isNull()) {
                        base = Sweep.Value.of(s.text());
                        baseLoc = s.loc();
                    } else {
                        problem(b.value().loc(), where + ".base", "expected a value, got " + b.value().describe());
                    }
                }
            } else {
                problem(e.value().loc(), where, "expected a list of values or a map {path(s), values | range, ...}");
            }
            if (valuesNode != null) {
                if (valuesNode instanceof ListNode l) {
                    for (Node n : l.items()) {
                        if (n instanceof Scalar s && !s.isNull()) {
                            values.add(Sweep.Value.of(s.text()));
                            vls.add(s.loc());
                        } else {
                            problem(n.loc(), where + ".values", "expected a number, a distribution or an input name, got "
                                    + n.describe());
                        }
                    }
                } else {
                    problem(valuesNode.loc(), where + ".values", "expected a list of values");
                }
            }
            switch (design) {
                case "grid", "oat" -> {
                    if (valuesNode == null) {
                        problem(e.keyLoc(), where, design + ": every parameter needs values: [..]");
                    } else if (valuesNode instanceof ListNode l && l.items().isEmpty()) {
                        problem(valuesNode.loc(), where + ".values", "empty design: no values to take");
                    }
                }
                case "lhs" -> {
                    if (Double.isNaN(lo) && !(e.value() instanceof MapNode m && m.entries().containsKey("range"))) {
                        problem(e.keyLoc(), where, "lhs: every parameter needs range: [lo, hi]");
                    }
                }
                default -> {
                }
            }
            params.add(new Sweep.Parameter(name, paths, values, lo, hi, integer, base));
            pathLocs.add(pls);
            valueLocs.add(vls);
            nameLocs.add(e.keyLoc());
            rangeLocs.add(rangeLoc);
            baseLocs.add(baseLoc);
        }

        /** Full factorial; the first parameter varies slowest. */
        private void grid(List<Sweep.Parameter> params, List<List<Loc>> valueLocs, List<Sweep.Point> points,
                List<List<Loc>> pointLocs, long seed) {
            int n = 1;
            for (Sweep.Parameter p : params) {
                n = Math.multiplyExact(n, p.values().size());
            }
            for (int i = 0; i < n; i++) {
                List<Sweep.Value> vs = new ArrayList<>();
                List<Loc> ls = new ArrayList<>();
                int rest = i;
                int[] idx = new int[params.size()];
                for (int j = params.size() - 1; j >= 0; j--) {
                    int m = params.get(j).values().size();
                    idx[j] = rest % m;
                    rest /= m;
                }
                for (int j = 0; j < params.size(); j++) {
                    vs.add(params.get(j).values().get(idx[j]));
                    ls.add(valueLocs.get(j).get(idx[j]));
                }
                points.add(new Sweep.Point(i, seed, vs));
                pointLocs.add(ls);
            }
        }

        /** Point 0 at the base; then each parameter's values in turn, the others at their base. */
        private void oat(List<Sweep.Parameter> params, List<List<Loc>> valueLocs, List<Loc> baseLocs, List<Sweep.Point> points,
                List<List<Loc>> pointLocs, long seed) {
            List<Sweep.Value> base = new ArrayList<>();
            for (Sweep.Parameter p : params) {
                base.add(p.base());
            }
            points.add(new Sweep.Point(0, seed, base));
            pointLocs.add(new ArrayList<>(baseLocs));
            for (int j = 0; j < params.size(); j++) {
                Sweep.Parameter p = params.get(j);
                for (int k = 0; k < p.values().size(); k++) {
                    Sweep.Value v = p.values().get(k);
                    if (p.base() != null && p.base().text().equals(v.text())) {
                        continue;
                    }
                    List<Sweep.Value> vs = new ArrayList<>(base);
                    vs.set(j, v);
                    List<Loc> ls = new ArrayList<>(baseLocs);
                    ls.set(j, valueLocs.get(j).get(k));
                    points.add(new Sweep.Point(points.size(), seed, vs));
                    pointLocs.add(ls);
                }
            }
        }

        /**
         * Latin hypercube: for each parameter an independent random permutation {@code pi} of the
         * {@code n} strata, and point {@code i} at {@code lo + (pi(i) + U) / n * (hi - lo)}, all drawn
         * from {@code SplittableRandom(designSeed)} in parameter order (rounded to whole numbers with
         * {@code integer: true}).
         */
        private void lhs(List<Sweep.Parameter> params, List<Loc> rangeLocs, int n, long designSeed, List<Sweep.Point> points,
                List<List<Loc>> pointLocs, long seed) {
            SplittableRandom rng = new SplittableRandom(designSeed);
            double[][] x = new double[params.size()][n];
            for (int j = 0; j < params.size(); j++) {
                int[] perm = new int[n];
                for (int i = 0; i < n; i++) {
                    perm[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int k = rng.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[k];
                    perm[k] = t;
                }
                Sweep.Parameter p = params.get(j);
                for (int i = 0; i < n; i++) {
                    double u = (perm[i] + rng.nextDouble()) / n;
                    double v = p.lo() + u * (p.hi() - p.lo());
                    x[j][i] = p.integer() ? Math.rint(v) : v;
                }
            }
            for (int i = 0; i < n; i++) {
                List<Sweep.Value> vs = new ArrayList<>();
                for (int j = 0; j < params.size(); j++) {
                    double v = x[j][i];
                    String text = params.get(j).integer() ? Long.toString((long) v) : Double.toString(v);
                    vs.add(new Sweep.Value(text, v));
                }
                points.add(new Sweep.Point(i, seed, vs));
                pointLocs.add(new ArrayList<>(rangeLocs));
            }
        }

        /** Explicit points: a list of maps parameter -> value; a parameter left out keeps the base scenario's value. */
        private void list(List<Sweep.Parameter> params, List<Loc> nameLocs, Node listPoints, Loc designLoc,
                List<Sweep.Point> points, List<List<Loc>> pointLocs, long seed) {
            if (!(listPoints instanceof ListNode l)) {
                problem(listPoints == null ? designLoc : listPoints.loc(), "design.points",
                        "list: expected points: [{parameter: value, ..}, ..]");
                return;
            }
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int j = 0; j < params.size(); j++) {
                index.put(params.get(j).name(), j);
            }
            for (int i = 0; i < l.items().size(); i++) {
                Node item = l.items().get(i);
                String where = "design.points[" + i + "]";
                if (!(item instanceof MapNode m) || m.entries().isEmpty()) {
                    problem(item.loc(), where, "expected a map {parameter: value, ..}, got " + item.describe());
                    continue;
                }
                List<Sweep.Value> vs = new ArrayList<>();
                List<Loc> ls = new ArrayList<>(nameLocs);
                for (int j = 0; j < params.size(); j++) {
                    vs.add(null);
                }
                for (Entry e : m.entries().values()) {
                    Integer j = index.get(e.key());
                    if (j == null) {
                        problem(e.keyLoc(), where + "." + e.key(), "unknown parameter '" + e.key() + "'"
                                + didYouMean(e.key(), index.keySet()));
                    } else if (e.value() instanceof Scalar s && !s.isNull()) {
                        vs.set(j, Sweep.Value.of(s.text()));
                        ls.set(j, s.loc());
                    } else {
                        problem(e.value().loc(), where + "." + e.key(), "expected a value, got " + e.value().describe());
                    }
                }
                points.add(new Sweep.Point(points.size(), seed, vs));
                pointLocs.add(ls);
            }
        }

        private String scalarText(Node n) {
            return n instanceof Scalar s && !s.isNull() ? s.text() : "";
        }

        private String string(MapNode m, String key, String dflt) {
            Entry e = m.entries().get(key);
            if (e == null) {
                return dflt;
            }
            if (e.value() instanceof Scalar s && !s.isNull()) {
                return s.text();
            }
            problem(e.value().loc(), key, "expected text, got " + e.value().describe());
            return dflt;
        }

        private long number(MapNode m, String key, long dflt, long min) {
            Entry e = m.entries().get(key);
            if (e == null) {
                return dflt;
            }
            try {
                long v = WholeNumber.parse(scalarText(e.value()));
                if (v < min) {
                    problem(e.value().loc(), key, "must be at least " + min + ", got " + v);
                }
                return v;
            } catch (NumberFormatException x) {
                problem(e.value().loc(), key, "expected a whole number such as " + WholeNumber.EXAMPLES + ", got "
                        + e.value().describe());
                return dflt;
            }
        }

        private boolean bool(MapNode m, String key) {
            Entry e = m.entries().get(key);
            return e != null && boolOf(e.value(), key);
        }

        private boolean boolOf(Node n, String path) {
            String t = scalarText(n);
            if (t.equals("true") || t.equals("false")) {
                return t.equals("true");
            }
            problem(n.loc(), path, "expected true or false, got " + n.describe());
            return false;
        }
    }

    static String didYouMean(String name, java.util.Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        return best != null && bestD <= limit && bestD < name.length() ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }
}
