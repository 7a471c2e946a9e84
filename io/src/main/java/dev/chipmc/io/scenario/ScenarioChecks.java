package dev.chipmc.io.scenario;

import dev.chipmc.model.BomLine;
import dev.chipmc.model.Correlation;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Event;
import dev.chipmc.model.Input;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that need the whole scenario, run on the model records so that the loader and
 * {@link Overrides} apply the same rules: every input reference defined, yields, shares,
 * probabilities and cuts within {@code [0, 1]} and capacities not negative (for a distribution: over
 * its whole support), series as long as the periods, bill-of-materials, share and event resources
 * defined, shares of one resource summing to at most 1 (each share at its largest value), and the
 * rank-correlation matrix positive definite after the conversion {@code r = 2 sin(pi rho / 6)} the
 * engine applies (Cholesky attempt), unless {@code repair_correlations} is set.
 *
 * <p>Each issue names the path of the entry in the file's terms ({@code products[1].bom.hbm.count});
 * the loader turns paths into lines and columns. Stateless and thread-safe.
 */
final class ScenarioChecks {
    /** One finding; {@code input} names the referenced input it concerns, or is null. */
    record Issue(String path, String message, String input) {
    }

    private enum Range { UNIT, NONNEG, POSITIVE, GROWTH }

    private final Scenario s;
    private final Set<String> inlineInputs;
    private final Map<String, Input> inputs = new HashMap<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final List<Issue> issues = new ArrayList<>();

    private ScenarioChecks(Scenario s, Set<String> inlineInputs) {
        this.s = s;
        this.inlineInputs = inlineInputs;
        for (Input i : s.inputs()) {
            inputs.putIfAbsent(i.name(), i);
        }
        for (Resource r : s.resources()) {
            resources.putIfAbsent(r.name(), r);
        }
    }

    /**
     * @param inlineInputs names of inputs written inline (named by their path), so that messages quote
     *                     the distribution rather than a generated name
     */
    static List<Issue> check(Scenario s, Set<String> inlineInputs) {
        ScenarioChecks c = new ScenarioChecks(s, inlineInputs);
        c.run();
        return c.issues;
    }

    private void run() {
        for (Resource r : s.resources()) {
            resource(r);
        }
        for (int i = 0; i < s.products().size(); i++) {
            product("products[" + i + "]", s.products().get(i));
        }
        shares();
        for (Event e : s.events()) {
            event(e);
        }
        correlations();
        s.totalTarget().ifPresent(p -> profile("total_target", p, Range.NONNEG, "target"));
    }

    private void resource(Resource r) {
        String at = "resources." + r.name();
        switch (r.supply()) {
            case Supply.Plain p -> {
                profile(at + ".production", p.production(), Range.NONNEG, "production");
                profile(at + ".yield", p.yield(), Range.UNIT, "yield");
            }
            case Supply.LogicDie d -> {
                profile(at + ".wafers", d.wafers(), Range.NONNEG, "wafers");
                value(at + ".die_area", d.dieArea(), Range.POSITIVE, "die_area");
                value(at + ".edge_exclusion", d.edgeExclusion(), Range.NONNEG, "edge_exclusion");
                sites(at + ".die_area", d.dieArea(), d.edgeExclusion(), "dies");
                if (d.model() instanceof YieldModel.NegativeBinomial nb) {
                    value(at + ".yield_model", nb.alpha(), Range.POSITIVE, "negbin alpha");
                }
                profile(at + ".d0", d.d0(), Range.NONNEG, "d0 (defects per cm^2)");
                value(at + ".y0", d.y0(), Range.UNIT, "y0");
            }
            case Supply.HbmStack h -> {
                profile(at + ".starts", h.starts(), Range.NONNEG, "starts");
                value(at + ".y_base", h.yBase(), Range.UNIT, "y_base");
                profile(at + ".y_core", h.yCore(), Range.UNIT, "y_core");
                value(at + ".y_bond", h.yBond(), Range.UNIT, "y_bond");
            }
        }
        value(at + ".carryover_loss", r.carryoverLoss(), Range.UNIT, "carryover_loss");
        value(at + ".initial_inventory", r.initialInventory(), Range.NONNEG, "initial_inventory");
    }

    private void product(String at, Product p) {
        Map<BomLine.Kind, Integer> index = new EnumMap<>(BomLine.Kind.class);
        Map<String, String> seen = new HashMap<>();
        Value interposerArea = null;
        for (BomLine l : p.bom()) {
            int j = index.merge(l.kind(), 1, Integer::sum) - 1;
            String line = at + ".bom." + switch (l.kind()) {
                case DIE -> "dies[" + j + "]";
                case HBM -> "hbm";
                case INTERPOSER -> "interposer";
                case LITHOGRAPHY -> "lithography";
                case SUBSTRATE -> "substrate";
                case OTHER -> "other[" + j + "]";
            };
            Resource r = resources.get(l.resource());
            if (r == null) {
                issues.add(new Issue(line + ".resource", "undefined resource '" + l.resource() + "'"
                        + Names.didYouMean(l.resource(), resources.keySet()), null));
            } else if (l.kind() == BomLine.Kind.DIE && !(r.supply() instanceof Supply.LogicDie)) {
                issues.add(new Issue(line + ".resource", "dies must name a logic-die resource; '" + r.name()
                        + "' is " + kindOf(r) + " (list it under other: instead)", null));
            } else if (l.kind() == BomLine.Kind.HBM && !(r.supply() instanceof Supply.HbmStack)) {
                issues.add(new Issue(line + ".resource", "hbm must name an hbm resource; '" + r.name() + "' is "
                        + kindOf(r), null));
            }
            String previous = seen.putIfAbsent(l.resource(), line);
            if (previous != null) {
                issues.add(new Issue(line + ".resource", "resource '" + l.resource() + "' is already used by "
                        + previous.substring(at.length() + 1) + "; give it one line with the total", null));
            }
            switch (l.kind()) {
                case LITHOGRAPHY -> value(line + ".layers", l.quantity(), Range.NONNEG, "layers");
                case INTERPOSER -> {
                }
                default -> value(line + ".count", l.quantity(), Range.NONNEG, "count");
            }
            if (l.siteArea() != null && l.siteArea() != interposerArea) {
                value(line + ".area", l.siteArea(), Range.POSITIVE, "area");
                value(line + ".edge_exclusion", l.edgeExclusion(), Range.NONNEG, "edge_exclusion");
                sites(line + ".area", l.siteArea(), l.edgeExclusion(), "sites");
            }
            if (l.kind() == BomLine.Kind.INTERPOSER) {
                interposerArea = l.siteArea();
            }
        }
        profile(at + ".assembly_yield", p.assemblyYield(), Range.UNIT, "assembly_yield");
        profile(at + ".test_yield", p.testYield(), Range.UNIT, "test_yield");
        p.demandCap().ifPresent(d -> profile(at + ".demand_cap", d, Range.NONNEG, "demand_cap"));
        p.target().ifPresent(d -> profile(at + ".target", d, Range.NONNEG, "target"));
    }

    private static String kindOf(Resource r) {
        return switch (r.supply()) {
            case Supply.Plain p -> "plain";
            case Supply.LogicDie d -> "a logic-die";
            case Supply.HbmStack h -> "an hbm";
        };
    }

    private void shares() {
        Map<String, Product> products = new HashMap<>();
        for (Product p : s.products()) {
            products.putIfAbsent(p.name(), p);
        }
        Map<String, List<Share>> byResource = new LinkedHashMap<>();
        for (Share sh : s.shares()) {
            byResource.computeIfAbsent(sh.resource(), k -> new ArrayList<>()).add(sh);
        }
        for (Map.Entry<String, List<Share>> e : byResource.entrySet()) {
            String at = "shares." + e.getKey();
            boolean known = resources.containsKey(e.getKey());
            if (!known) {
                issues.add(new Issue(at, "undefined resource '" + e.getKey() + "'"
                        + Names.didYouMean(e.getKey(), resources.keySet()), null));
            }
            double sum = 0;
            boolean exact = true;
            StringBuilder terms = new StringBuilder();
            for (Share sh : e.getValue()) {
                String path = at + "." + sh.product();
                Product p = products.get(sh.product());
                if (p == null) {
                    issues.add(new Issue(path, "undefined product '" + sh.product() + "'"
                            + Names.didYouMean(sh.product(), products.keySet()), null));
                } else if (known && p.bom().stream().noneMatch(l -> l.resource().equals(sh.resource()))) {
                    issues.add(new Issue(path, "product '" + sh.product() + "' does not use '" + sh.resource()
                            + "' in its bill of materials, so a share of it would reserve what it never consumes",
                            null));
                }
                value(path, sh.fraction(), Range.UNIT, "share");
                double[] sup = support(sh.fraction());
                if (sup != null) {
                    exact &= sup[0] == sup[1];
                    sum += sup[1];
                    terms.append(terms.isEmpty() ? "" : " + ").append(sh.product()).append(' ')
                            .append(DistributionSyntax.num(sup[1]));
                }
            }
            if (sum > 1 + 1e-12) {
                issues.add(new Issue(at, "shares of '" + e.getKey() + "' " + (exact ? "sum to " : "can sum to ")
                        + DistributionSyntax.num(sum) + " (" + terms + (exact ? "" : ", each at its largest value")
                        + "); they must sum to at most 1", null));
            }
        }
    }

    private void event(Event e) {
        String at = "events." + e.name();
        value(at + ".probability", e.probability(), Range.UNIT, "probability");
        value(at + ".cut", e.cut(), Range.UNIT, "cut");
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < e.resources().size(); k++) {
            String r = e.resources().get(k);
            if (!resources.containsKey(r)) {
                issues.add(new Issue(at + ".resources[" + k + "]", "undefined resource '" + r + "'"
                        + Names.didYouMean(r, resources.keySet()), null));
            } else if (!seen.add(r)) {
                issues.add(new Issue(at + ".resources[" + k + "]", "resource '" + r + "' is listed twice", null));
            }
        }
    }

    private void correlations() {
        List<String> names = new ArrayList<>();
        Map<String, Integer> pairs = new HashMap<>();
        boolean usable = true;
        for (int k = 0; k < s.correlations().size(); k++) {
            Correlation c = s.correlations().get(k);
            String at = "correlations[" + k + "]";
            for (String n : List.of(c.a(), c.b())) {
                if (!inputs.containsKey(n)) {
                    issues.add(new Issue(at, "undefined input '" + n + "'" + Names.didYouMean(n, inputs.keySet()), n));
                    usable = false;
                } else if (!names.contains(n)) {
                    names.add(n);
                }
            }
            if (c.a().equals(c.b())) {
                issues.add(new Issue(at, "an input cannot be correlated with itself ('" + c.a() + "')", null));
                usable = false;
                continue;
            }
            String key = c.a().compareTo(c.b()) < 0 ? c.a() + "\u0000" + c.b() : c.b() + "\u0000" + c.a();
            Integer first = pairs.putIfAbsent(key, k);
            if (first != null) {
                issues.add(new Issue(at, "the pair " + c.a() + " ~ " + c.b() + " is already correlated by correlations["
                        + first + "]", null));
                usable = false;
            }
        }
        if (!usable || names.size() < 2 || s.repairCorrelations()) {
            return;
        }
        int n = names.size();
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        for (Correlation c : s.correlations()) {
            int i = names.indexOf(c.a());
            int j = names.indexOf(c.b());
            m[i][j] = m[j][i] = 2 * Math.sin(Math.PI * c.rho() / 6);
        }
        int failed = cholesky(m);
        if (failed >= 0) {
            issues.add(new Issue("correlations", "the correlations are not a valid correlation matrix: it is not "
                    + "positive definite (the Cholesky factorisation of the normal correlations r = 2 sin(pi rho / 6) "
                    + "fails at input '" + names.get(failed) + "'); make the correlations mutually consistent, or set "
                    + "repair_correlations: true to use the nearest valid matrix", null));
        }
    }

    /** Attempts {@code m = L L^T}; returns the row where a pivot is not positive, or -1 when it succeeds. */
    static int cholesky(double[][] m) {
        int n = m.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = m[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 1e-12)) {
                return j;
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double v = m[i][j];
                for (int k = 0; k < j; k++) {
                    v -= l[i][k] * l[j][k];
                }
                l[i][j] = v / l[j][j];
            }
        }
        return -1;
    }

    private void profile(String at, Profile p, Range range, String what) {
        switch (p) {
            case Profile.Constant c -> value(at, c.x(), range, what);
            case Profile.Ramp r -> {
                value(at + ".ramp.start", r.start(), range, what + " start");
                value(at + ".ramp.growth", r.growth(), Range.GROWTH, "growth");
                value(at + ".ramp.at", r.at(), Range.NONNEG, "at");
            }
            case Profile.Learning l -> {
                value(at + ".learning.initial", l.initial(), range, what + " initial");
                value(at + ".learning.final", l.fin(), range, what + " final");
                value(at + ".learning.tau", l.tau(), Range.POSITIVE, "tau");
                value(at + ".learning.at", l.at(), Range.NONNEG, "at");
            }
            case Profile.Step st -> {
                value(at + ".step.before", st.before(), range, what + " before");
                value(at + ".step.after", st.after(), range, what + " after");
                value(at + ".step.at", st.at(), Range.NONNEG, "at");
            }
            case Profile.Series se -> {
                int t = s.periods().count();
                if (se.values().size() != t) {
                    issues.add(new Issue(at + ".series", "series has " + se.values().size() + " value"
                            + (se.values().size() == 1 ? "" : "s") + " but the scenario has " + t + " period"
                            + (t == 1 ? "" : "s") + " (" + s.periods().label(0)
                            + (t > 1 ? " .. " + s.periods().label(t - 1) : "") + "); give one per period", null));
                }
                for (int i = 0; i < se.values().size(); i++) {
                    value(at + ".series[" + i + "]", se.values().get(i), range, what);
                }
            }
        }
    }

    private void value(String at, Value v, Range range, String what) {
        switch (v) {
            case Value.Const c -> {
                if (!inRange(c.value(), c.value(), range)) {
                    issues.add(new Issue(at, what + " " + rule(range) + ", got " + DistributionSyntax.num(c.value()),
                            null));
                }
            }
            case Value.Ref r -> {
                Input in = inputs.get(r.input());
                if (in == null) {
                    issues.add(new Issue(at, "undefined input '" + r.input() + "'"
                            + Names.didYouMean(r.input(), inputs.keySet()), r.input()));
                    return;
                }
                double[] sup = support(in.distribution());
                if (!inRange(sup[0], sup[1], range)) {
                    double bad = inRange(sup[0], sup[0], range) ? sup[1] : sup[0];
                    String d = DistributionSyntax.format(in.distribution());
                    issues.add(new Issue(at, what + " " + rule(range) + ", but "
                            + (inlineInputs.contains(r.input()) ? d : "input '" + r.input() + "' = " + d)
                            + " reaches " + DistributionSyntax.num(bad)
                            + (range == Range.UNIT && in.distribution() instanceof Distribution.Normal n
                                    && n.lo() == Double.NEGATIVE_INFINITY ? " (truncate it: normal(mean, sd, 0, 1))" : ""),
                            r.input()));
                }
            }
        }
    }

    /** DPW must be at least 1 where area and edge exclusion are constants. */
    private void sites(String at, Value area, Value edge, String what) {
        if (area instanceof Value.Const a && edge instanceof Value.Const e && a.value() > 0 && e.value() >= 0) {
            double d = 300 - 2 * e.value();
            double dpw = d <= 0 ? 0 : Math.floor(Math.PI * d * d / 4 / a.value() - Math.PI * d / Math.sqrt(2 * a.value()));
            if (!(dpw >= 1)) {
                issues.add(new Issue(at, DistributionSyntax.num(a.value()) + " mm^2 leaves no whole " + what
                        + " on a 300 mm wafer with " + DistributionSyntax.num(e.value()) + " mm edge exclusion", null));
            }
        }
    }

    private double[] support(Value v) {
        return switch (v) {
            case Value.Const c -> new double[] {c.value(), c.value()};
            case Value.Ref r -> inputs.containsKey(r.input()) ? support(inputs.get(r.input()).distribution()) : null;
        };
    }

    /** The smallest and largest value {@code d} can take. */
    static double[] support(Distribution d) {
        return switch (d) {
            case Distribution.Fixed f -> new double[] {f.value(), f.value()};
            case Distribution.Uniform u -> new double[] {u.lo(), u.hi()};
            case Distribution.Triangular t -> new double[] {t.lo(), t.hi()};
            case Distribution.Pert p -> new double[] {p.lo(), p.hi()};
            case Distribution.Normal n -> new double[] {n.lo(), n.hi()};
            case Distribution.LogNormal n -> new double[] {Math.max(0, n.lo()), n.hi()};
            case Distribution.Beta b -> new double[] {b.lo(), b.hi()};
            case Distribution.Discrete x -> minMax(x.values());
            case Distribution.Empirical e -> minMax(e.samples());
            case Distribution.Histogram h -> new double[] {h.edges().getFirst(), h.edges().getLast()};
        };
    }

    private static double[] minMax(List<Double> xs) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new double[] {lo, hi};
    }

    private static boolean inRange(double lo, double hi, Range r) {
        return switch (r) {
            case UNIT -> lo >= 0 && hi <= 1;
            case NONNEG -> lo >= 0;
            case POSITIVE -> lo > 0;
            case GROWTH -> lo >= -1;
        };
    }

    private static String rule(Range r) {
        return switch (r) {
            case UNIT -> "must be in [0, 1]";
            case NONNEG -> "must not be negative";
            case POSITIVE -> "must be positive";
            case GROWTH -> "must be at least -1 (a fall of 100% per period)";
        };
    }
}
