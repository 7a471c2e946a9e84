package dev.chipmc.model.eval;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Scenario} resolved into flat arrays for the per-sample evaluation of MODEL.md sections
 * 3 to 8. Every {@link Value} becomes an index into a slot vector
 * {@code [sampled inputs..., constants...]}; every profile, resource, bill-of-materials line,
 * share and event becomes a row of int and slot indices, so that an {@link Evaluator} copies the
 * sampled inputs into its slot vector once per sample and then does only array arithmetic.
 *
 * <p>{@link #compile} re-checks what the arithmetic relies on (names defined and unique, series
 * lengths, constant parameters in range, a bound on every product's volume) and throws an
 * {@link IllegalArgumentException} that names the problem. Parameters that are sampled inputs are
 * assumed to lie in their domain (the loader checks distributions' supports).
 *
 * <p>Immutable and thread-safe; each worker takes its own {@link #newEvaluator()}.
 */
public final class CompiledModel {

    static final int PROFILE_CONSTANT = 0;
    static final int PROFILE_RAMP = 1;
    static final int PROFILE_LEARNING = 2;
    static final int PROFILE_SERIES = 3;
    static final int PROFILE_STEP = 4;

    static final int SUPPLY_PLAIN = 0;
    static final int SUPPLY_LOGIC = 1;
    static final int SUPPLY_HBM = 2;

    static final int YIELD_POISSON = 0;
    static final int YIELD_MURPHY = 1;
    static final int YIELD_SEEDS = 2;
    static final int YIELD_NEGBIN = 3;

    private final Scenario scenario;
    private final List<String> inputNames;
    private final List<Distribution> inputDistributions;
    private final Map<String, Integer> inputIndex;

    final int periods;
    final int products;
    final int resources;
    final int events;
    final int inputCount;
    /** Slot values {@code inputCount..}: the constants; the first {@code inputCount} are placeholders. */
    final double[] slotTemplate;

    /** Profiles: kind and up to four parameter slots ({@code a, b, c, d} per kind, see {@link Evaluator}). */
    final int profileCount;
    final int[] profKind;
    final int[] profA;
    final int[] profB;
    final int[] profC;
    final int[] profD;
    /** Series profiles: entry {@code t} is slot {@code seriesSlots[profA + t]}. */
    final int[] seriesSlots;
    /** Profiles that read at least one sampled input, in index order: recomputed for each sample. */
    final int[] sampledProfiles;
    /** Profiles whose parameters are all constants: computed once per evaluator. */
    final int[] fixedProfiles;
    /** Whether every bill-of-materials amount is a constant ({@link #lineAmountConst} has no NaN). */
    final boolean amountsConstant;

    /** Resources. */
    final int[] resKind;
    /** Plain production, die wafers or HBM stack starts. */
    final int[] resProfMain;
    /** Plain yield, die D0, or HBM core-die yield. */
    final int[] resProfYield;
    final int[] resAreaSlot;
    final int[] resEdgeSlot;
    final int[] resY0Slot;
    final int[] resYieldModel;
    final int[] resAlphaSlot;
    final int[] resYBaseSlot;
    final int[] resYBondSlot;
    final int[] resLayers;
    /** Dies per wafer where area and edge exclusion are constants, else -1. */
    final int[] resDpwConst;
    final boolean[] resCarryover;
    final int[] resLossSlot;
    final int[] resLag;
    final int[] resInitSlot;

    /** Products. */
    final int[] prodAssembly;
    final int[] prodTest;
    /** -1 where there is none. */
    final int[] prodDemand;
    /** -1 where there is none. */
    final int[] prodTarget;
    final int totalTargetProfile;

    /** Bill-of-materials lines of product {@code p}: {@code lineStart[p] .. lineStart[p + 1] - 1}. */
    final int[] lineStart;
    final int[] lineRes;
    final int[] lineQtySlot;
    /** -1 for a plain count. */
    final int[] lineSiteSlot;
    final int[] lineEdgeSlot;
    /** Index of the share of this line's product in this line's resource, -1 if none. */
    final int[] lineShare;
    /** The per-package amount where it is a constant, NaN where it depends on an input. */
    final double[] lineAmountConst;

    /** Shares. */
    final int shareCount;
    final int[] shareRes;
    final int[] shareFracSlot;

    /** Events: resources of event {@code e} are {@code evRes[evResStart[e] .. evResStart[e + 1] - 1]}. */
    final int[] evProbSlot;
    final int[] evCutSlot;
    final int[] evDuration;
    final int[] evResStart;
    final int[] evRes;

    private final List<String> productNames;
    private final List<String> resourceNames;

    private CompiledModel(Builder b) {
        scenario = b.scenario;
        inputNames = List.copyOf(b.inputNames);
        inputDistributions = List.copyOf(b.inputDistributions);
        inputIndex = Map.copyOf(b.inputIndex);
        periods = b.periods;
        products = scenario.products().size();
        resources = scenario.resources().size();
        events = scenario.events().size();
        inputCount = inputNames.size();
        slotTemplate = new double[inputCount + b.constants.size()];
        for (int i = 0; i < b.constants.size(); i++) {
            slotTemplate[inputCount + i] = b.constants.get(i);
        }
        profileCount = b.profKind.size();
        profKind = ints(b.profKind);
        profA = ints(b.profA);
        profB = ints(b.profB);
        profC = ints(b.profC);
        profD = ints(b.profD);
        seriesSlots = ints(b.seriesSlots);
        List<Integer> sampled = new ArrayList<>();
        List<Integer> fixed = new ArrayList<>();
        for (int i = 0; i < profileCount; i++) {
            (readsInput(i) ? sampled : fixed).add(i);
        }
        sampledProfiles = ints(sampled);
        fixedProfiles = ints(fixed);
        resKind = b.resKind;
        resProfMain = b.resProfMain;
        resProfYield = b.resProfYield;
        resAreaSlot = b.resAreaSlot;
        resEdgeSlot = b.resEdgeSlot;
        resY0Slot = b.resY0Slot;
        resYieldModel = b.resYieldModel;
        resAlphaSlot = b.resAlphaSlot;
        resYBaseSlot = b.resYBaseSlot;
        resYBondSlot = b.resYBondSlot;
        resLayers = b.resLayers;
        resDpwConst = b.resDpwConst;
        resCarryover = b.resCarryover;
        resLossSlot = b.resLossSlot;
        resLag = b.resLag;
        resInitSlot = b.resInitSlot;
        prodAssembly = b.prodAssembly;
        prodTest = b.prodTest;
        prodDemand = b.prodDemand;
        prodTarget = b.prodTarget;
        totalTargetProfile = b.totalTargetProfile;
        lineStart = b.lineStart;
        lineRes = ints(b.lineRes);
        lineQtySlot = ints(b.lineQtySlot);
        lineSiteSlot = ints(b.lineSiteSlot);
        lineEdgeSlot = ints(b.lineEdgeSlot);
        lineShare = ints(b.lineShare);
        lineAmountConst = new double[b.lineAmountConst.size()];
        boolean allConstant = true;
        for (int i = 0; i < lineAmountConst.length; i++) {
            lineAmountConst[i] = b.lineAmountConst.get(i);
            allConstant &= !Double.isNaN(lineAmountConst[i]);
        }
        amountsConstant = allConstant;
        shareCount = b.shareRes.size();
        shareRes = ints(b.shareRes);
        shareFracSlot = ints(b.shareFracSlot);
        evProbSlot = b.evProbSlot;
        evCutSlot = b.evCutSlot;
        evDuration = b.evDuration;
        evResStart = b.evResStart;
        evRes = ints(b.evRes);
        productNames = scenario.products().stream().map(Product::name).toList();
        resourceNames = scenario.resources().stream().map(Resource::name).toList();
    }

    /**
     * Resolves and checks {@code s}.
     *
     * @throws IllegalArgumentException naming the first inconsistency found: an undefined or
     *         duplicate name, a series whose length is not the number of periods, a constant
     *         parameter out of range, the same resource twice in one bill of materials, shares of a
     *         resource summing to more than 1, or a product with neither a bill of materials nor a
     *         demand cap
     */
    public static CompiledModel compile(Scenario s) {
        if (s == null) {
            throw new IllegalArgumentException("scenario: must not be null");
        }
        return new CompiledModel(new Builder(s).build());
    }

    public Scenario scenario() {
        return scenario;
    }

    public int periods() {
        return periods;
    }

    public int products() {
        return products;
    }

    public int resources() {
        return resources;
    }

    public int events() {
        return events;
    }

    /** Number of sampled inputs: the length of the inputs vector that {@link Evaluator#evaluate} reads. */
    public int inputCount() {
        return inputCount;
    }

    /** Input names in the order of the scenario's inputs, which is the order of the inputs vector. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** The marginal distribution of each input, in the order of {@link #inputNames()}. */
    public List<Distribution> inputDistributions() {
        return inputDistributions;
    }

    /** Index of the named input in the inputs vector, or -1 if the scenario has no such input. */
    public int inputIndex(String name) {
        Integer i = inputIndex.get(name);
        return i == null ? -1 : i;
    }

    /** {@code events * periods}: uniform {@code e * periods + t} decides whether event {@code e} starts at {@code t}. */
    public int eventUniformCount() {
        return events * periods;
    }

    public String productName(int p) {
        return productNames.get(p);
    }

    public String resourceName(int r) {
        return resourceNames.get(r);
    }

    /** Number of distinct binding codes: {@code resources + 1} ({@code demand} and each resource). */
    public int bindingCodes() {
        return resources + 1;
    }

    /** {@code "demand"} for {@link SampleOutput#BINDING_DEMAND}, else the name of the resource. */
    public String bindingName(int code) {
        if (code == SampleOutput.BINDING_DEMAND) {
            return "demand";
        }
        if (code < 0 || code > resources) {
            throw new IllegalArgumentException("code: must be in [0, " + resources + "], got " + code);
        }
        return resourceNames.get(code - 1);
    }

    /** Whether product {@code p} has a target {@code G_{p,t}}. */
    public boolean hasTarget(int p) {
        return prodTarget[p] >= 0;
    }

    /** Whether the scenario has a target over all products together. */
    public boolean hasTotalTarget() {
        return totalTargetProfile >= 0;
    }

    /** A new evaluator with its own scratch space, for one worker. */
    public Evaluator newEvaluator() {
        return new Evaluator(this);
    }

    /** A new output of this model's dimensions. */
    public SampleOutput newOutput() {
        return new SampleOutput(periods, products, resources);
    }

    /** Whether profile {@code i} reads a slot below {@link #inputCount}, that is, a sampled input. */
    private boolean readsInput(int i) {
        if (profKind[i] == PROFILE_SERIES) {
            for (int t = 0; t < periods; t++) {
                if (seriesSlots[profA[i] + t] < inputCount) {
                    return true;
                }
            }
            return false;
        }
        for (int slot : new int[] {profA[i], profB[i], profC[i], profD[i]}) {
            if (slot >= 0 && slot < inputCount) {
                return true;
            }
        }
        return false;
    }

    private static int[] ints(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    /** Resolution state of one compile; discarded afterwards. */
    private static final class Builder {
        final Scenario scenario;
        final int periods;
        final List<String> inputNames = new ArrayList<>();
        final List<Distribution> inputDistributions = new ArrayList<>();
        final Map<String, Integer> inputIndex = new HashMap<>();
        final List<Double> constants = new ArrayList<>();
        final Map<Long, Integer> constantIndex = new HashMap<>();

        final List<Integer> profKind = new ArrayList<>();
        final List<Integer> profA = new ArrayList<>();
        final List<Integer> profB = new ArrayList<>();
        final List<Integer> profC = new ArrayList<>();
        final List<Integer> profD = new ArrayList<>();
        final List<Integer> seriesSlots = new ArrayList<>();

        int[] resKind;
        int[] resProfMain;
        int[] resProfYield;
        int[] resAreaSlot;
        int[] resEdgeSlot;
        int[] resY0Slot;
        int[] resYieldModel;
        int[] resAlphaSlot;
        int[] resYBaseSlot;
        int[] resYBondSlot;
        int[] resLayers;
        int[] resDpwConst;
        boolean[] resCarryover;
        int[] resLossSlot;
        int[] resLag;
        int[] resInitSlot;

        int[] prodAssembly;
        int[] prodTest;
        int[] prodDemand;
        int[] prodTarget;
        int totalTargetProfile = -1;

        int[] lineStart;
        final List<Integer> lineRes = new ArrayList<>();
        final List<Integer> lineQtySlot = new ArrayList<>();
        final List<Integer> lineSiteSlot = new ArrayList<>();
        final List<Integer> lineEdgeSlot = new ArrayList<>();
        final List<Integer> lineShare = new ArrayList<>();
        final List<Double> lineAmountConst = new ArrayList<>();

        final List<Integer> shareRes = new ArrayList<>();
        final List<Integer> shareProd = new ArrayList<>();
        final List<Integer> shareFracSlot = new ArrayList<>();

        int[] evProbSlot;
        int[] evCutSlot;
        int[] evDuration;
        int[] evResStart;
        final List<Integer> evRes = new ArrayList<>();

        final Map<String, Integer> resourceIndex = new HashMap<>();
        final Map<String, Integer> productIndex = new HashMap<>();

        Builder(Scenario s) {
            scenario = s;
            periods = s.periods().count();
        }

        Builder build() {
            inputs();
            correlations();
            names();
            resourcesAndProfiles();
            shares();
            productsAndLines();
            events();
            scenario.totalTarget().ifPresent(pf -> totalTargetProfile = profile(pf, "totalTarget"));
            return this;
        }

        private void inputs() {
            for (Input in : scenario.inputs()) {
                if (inputIndex.putIfAbsent(in.name(), inputNames.size()) != null) {
                    throw new IllegalArgumentException("inputs: duplicate input name '" + in.name() + "'");
                }
                inputNames.add(in.name());
                inputDistributions.add(in.distribution());
            }
        }

        private void correlations() {
            for (Correlation c : scenario.correlations()) {
                String where = "correlation " + c.a() + " ~ " + c.b();
                input(c.a(), where);
                input(c.b(), where);
                if (c.a().equals(c.b())) {
                    throw new IllegalArgumentException(where + ": an input cannot be correlated with itself");
                }
            }
        }

        private void names() {
            List<Resource> rs = scenario.resources();
            for (int r = 0; r < rs.size(); r++) {
                if (resourceIndex.putIfAbsent(rs.get(r).name(), r) != null) {
                    throw new IllegalArgumentException("resources: duplicate resource name '" + rs.get(r).name() + "'");
                }
            }
            List<Product> ps = scenario.products();
            for (int p = 0; p < ps.size(); p++) {
                if (productIndex.putIfAbsent(ps.get(p).name(), p) != null) {
                    throw new IllegalArgumentException("products: duplicate product name '" + ps.get(p).name() + "'");
                }
            }
            Set<String> eventNames = new HashSet<>();
            for (Event e : scenario.events()) {
                if (!eventNames.add(e.name())) {
                    throw new IllegalArgumentException("events: duplicate event name '" + e.name() + "'");
                }
            }
        }

        private void resourcesAndProfiles() {
            List<Resource> rs = scenario.resources();
            int n = rs.size();
            resKind = new int[n];
            resProfMain = new int[n];
            resProfYield = new int[n];
            resAreaSlot = new int[n];
            resEdgeSlot = new int[n];
            resY0Slot = new int[n];
            resYieldModel = new int[n];
            resAlphaSlot = new int[n];
            resYBaseSlot = new int[n];
            resYBondSlot = new int[n];
            resLayers = new int[n];
            resDpwConst = new int[n];
            resCarryover = new boolean[n];
            resLossSlot = new int[n];
            resLag = new int[n];
            resInitSlot = new int[n];
            for (int r = 0; r < n; r++) {
                Resource res = rs.get(r);
                String w = "resource '" + res.name() + "'";
                resAlphaSlot[r] = -1;
                resAreaSlot[r] = -1;
                resEdgeSlot[r] = -1;
                resY0Slot[r] = -1;
                resYBaseSlot[r] = -1;
                resYBondSlot[r] = -1;
                resDpwConst[r] = -1;
                switch (res.supply()) {
                    case Supply.Plain pl -> {
                        resKind[r] = SUPPLY_PLAIN;
                        resProfMain[r] = profile(pl.production(), w + " production");
                        resProfYield[r] = profile(pl.yield(), w + " yield");
                    }
                    case Supply.LogicDie ld -> {
                        resKind[r] = SUPPLY_LOGIC;
                        resProfMain[r] = profile(ld.wafers(), w + " wafers");
                        resProfYield[r] = profile(ld.d0(), w + " d0");
                        resAreaSlot[r] = slot(ld.dieArea(), w + " dieArea");
                        resEdgeSlot[r] = slot(ld.edgeExclusion(), w + " edgeExclusion");
                        checkArea(ld.dieArea(), w + " dieArea");
                        checkEdge(ld.edgeExclusion(), w + " edgeExclusion");
                        if (ld.dieArea() instanceof Value.Const a && ld.edgeExclusion() instanceof Value.Const e) {
                            resDpwConst[r] = Geometry.diesPerWafer(a.value(), e.value());
                        }
                        resY0Slot[r] = slot(ld.y0(), w + " y0");
                        checkRange(ld.y0(), 0, 1, w + " y0");
                        switch (ld.model()) {
                            case YieldModel.Poisson ignored -> resYieldModel[r] = YIELD_POISSON;
                            case YieldModel.Murphy ignored -> resYieldModel[r] = YIELD_MURPHY;
                            case YieldModel.Seeds ignored -> resYieldModel[r] = YIELD_SEEDS;
                            case YieldModel.NegativeBinomial nb -> {
                                resYieldModel[r] = YIELD_NEGBIN;
                                resAlphaSlot[r] = slot(nb.alpha(), w + " alpha");
                                if (nb.alpha() instanceof Value.Const c && !(c.value() > 0)) {
                                    throw new IllegalArgumentException(w + " alpha: must be > 0, got " + c.value());
                                }
                            }
                        }
                    }
                    case Supply.HbmStack h -> {
                        resKind[r] = SUPPLY_HBM;
                        resProfMain[r] = profile(h.starts(), w + " starts");
                        resProfYield[r] = profile(h.yCore(), w + " yCore");
                        resYBaseSlot[r] = slot(h.yBase(), w + " yBase");
                        resYBondSlot[r] = slot(h.yBond(), w + " yBond");
                        checkRange(h.yBase(), 0, 1, w + " yBase");
                        checkRange(h.yBond(), 0, 1, w + " yBond");
                        resLayers[r] = h.layers();
                    }
                }
                resCarryover[r] = res.carryover();
                resLossSlot[r] = slot(res.carryoverLoss(), w + " carryoverLoss");
                checkRange(res.carryoverLoss(), 0, 1, w + " carryoverLoss");
                resLag[r] = res.lag();
                resInitSlot[r] = slot(res.initialInventory(), w + " initialInventory");
                checkRange(res.initialInventory(), 0, Double.POSITIVE_INFINITY, w + " initialInventory");
            }
        }

        private void shares() {
            Set<String> seen = new HashSet<>();
            Map<Integer, Double> constSum = new HashMap<>();
            for (Share sh : scenario.shares()) {
                String w = "share of '" + sh.resource() + "' for '" + sh.product() + "'";
                Integer r = resourceIndex.get(sh.resource());
                if (r == null) {
                    throw new IllegalArgumentException(w + ": undefined resource '" + sh.resource() + "'");
                }
                Integer p = productIndex.get(sh.product());
                if (p == null) {
                    throw new IllegalArgumentException(w + ": undefined product '" + sh.product() + "'");
                }
                if (!seen.add(sh.resource() + "\u0000" + sh.product())) {
                    throw new IllegalArgumentException(w + ": given twice");
                }
                checkRange(sh.fraction(), 0, 1, w + " fraction");
                shareRes.add(r);
                shareProd.add(p);
                shareFracSlot.add(slot(sh.fraction(), w + " fraction"));
                if (sh.fraction() instanceof Value.Const c) {
                    double sum = constSum.merge(r, c.value(), Double::sum);
                    if (sum > 1 + 1e-12) {
                        throw new IllegalArgumentException("shares of '" + sh.resource() + "': sum to " + sum
                                + ", more than 1");
                    }
                }
            }
        }

        private void productsAndLines() {
            List<Product> ps = scenario.products();
            int n = ps.size();
            prodAssembly = new int[n];
            prodTest = new int[n];
            prodDemand = new int[n];
            prodTarget = new int[n];
            lineStart = new int[n + 1];
            for (int p = 0; p < n; p++) {
                Product pr = ps.get(p);
                String w = "product '" + pr.name() + "'";
                prodAssembly[p] = profile(pr.assemblyYield(), w + " assemblyYield");
                prodTest[p] = profile(pr.testYield(), w + " testYield");
                prodDemand[p] = optionalProfile(pr.demandCap(), w + " demandCap");
                prodTarget[p] = optionalProfile(pr.target(), w + " target");
                lineStart[p] = lineRes.size();
                Set<Integer> used = new HashSet<>();
                boolean bounded = pr.demandCap().isPresent();
                for (int i = 0; i < pr.bom().size(); i++) {
                    BomLine l = pr.bom().get(i);
                    String lw = w + " bom[" + i + "]";
                    Integer r = resourceIndex.get(l.resource());
                    if (r == null) {
                        throw new IllegalArgumentException(lw + ": undefined resource '" + l.resource() + "'");
                    }
                    if (!used.add(r)) {
                        throw new IllegalArgumentException(w + ": resource '" + l.resource()
                                + "' appears twice in the bill of materials; give one line with the total");
                    }
                    lineRes.add(r);
                    lineQtySlot.add(slot(l.quantity(), lw + " quantity"));
                    checkRange(l.quantity(), 0, Double.POSITIVE_INFINITY, lw + " quantity");
                    lineEdgeSlot.add(slot(l.edgeExclusion(), lw + " edgeExclusion"));
                    if (l.siteArea() != null) {
                        lineSiteSlot.add(slot(l.siteArea(), lw + " siteArea"));
                        checkArea(l.siteArea(), lw + " siteArea");
                        checkEdge(l.edgeExclusion(), lw + " edgeExclusion");
                    } else {
                        lineSiteSlot.add(-1);
                    }
                    lineShare.add(shareIndex(r, p));
                    lineAmountConst.add(constantAmount(l));
                    if (!(l.quantity() instanceof Value.Const c && c.value() == 0)) {
                        bounded = true;
                    }
                }
                if (!bounded) {
                    throw new IllegalArgumentException(w + ": has no demand cap and no bill-of-materials line with a"
                            + " non-zero quantity, so nothing bounds its volume");
                }
            }
            lineStart[n] = lineRes.size();
        }

        private int shareIndex(int r, int p) {
            for (int i = 0; i < shareRes.size(); i++) {
                if (shareRes.get(i) == r && shareProd.get(i) == p) {
                    return i;
                }
            }
            return -1;
        }

        private static double constantAmount(BomLine l) {
            if (!(l.quantity() instanceof Value.Const q)) {
                return Double.NaN;
            }
            if (l.siteArea() == null) {
                return q.value();
            }
            if (l.siteArea() instanceof Value.Const a && l.edgeExclusion() instanceof Value.Const e) {
                return Evaluator.amount(q.value(), Geometry.diesPerWafer(a.value(), e.value()));
            }
            return Double.NaN;
        }

        private void events() {
            List<Event> es = scenario.events();
            int n = es.size();
            evProbSlot = new int[n];
            evCutSlot = new int[n];
            evDuration = new int[n];
            evResStart = new int[n + 1];
            for (int e = 0; e < n; e++) {
                Event ev = es.get(e);
                String w = "event '" + ev.name() + "'";
                evProbSlot[e] = slot(ev.probability(), w + " probability");
                checkRange(ev.probability(), 0, 1, w + " probability");
                evCutSlot[e] = slot(ev.cut(), w + " cut");
                checkRange(ev.cut(), 0, 1, w + " cut");
                evDuration[e] = ev.duration();
                evResStart[e] = evRes.size();
                Set<Integer> seen = new HashSet<>();
                for (String name : ev.resources()) {
                    Integer r = resourceIndex.get(name);
                    if (r == null) {
                        throw new IllegalArgumentException(w + ": undefined resource '" + name + "'");
                    }
                    if (!seen.add(r)) {
                        throw new IllegalArgumentException(w + ": resource '" + name + "' named twice");
                    }
                    evRes.add(r);
                }
            }
            evResStart[n] = evRes.size();
        }

        private int optionalProfile(Optional<Profile> pf, String where) {
            return pf.isPresent() ? profile(pf.get(), where) : -1;
        }

        private int profile(Profile pf, String where) {
            int a;
            int b = -1;
            int c = -1;
            int d = -1;
            int kind;
            switch (pf) {
                case Profile.Constant k -> {
                    kind = PROFILE_CONSTANT;
                    a = slot(k.x(), where + " x");
                }
                case Profile.Ramp k -> {
                    kind = PROFILE_RAMP;
                    a = slot(k.start(), where + " start");
                    b = slot(k.growth(), where + " growth");
                    c = slot(k.at(), where + " at");
                    if (k.growth() instanceof Value.Const g && !(g.value() >= -1)) {
                        throw new IllegalArgumentException(where + " growth: must be >= -1, got " + g.value());
                    }
                }
                case Profile.Learning k -> {
                    kind = PROFILE_LEARNING;
                    a = slot(k.initial(), where + " initial");
                    b = slot(k.fin(), where + " final");
                    c = slot(k.tau(), where + " tau");
                    d = slot(k.at(), where + " at");
                    if (k.tau() instanceof Value.Const t && !(t.value() > 0)) {
                        throw new IllegalArgumentException(where + " tau: must be > 0, got " + t.value());
                    }
                }
                case Profile.Series k -> {
                    kind = PROFILE_SERIES;
                    if (k.values().size() != periods) {
                        throw new IllegalArgumentException(where + ": series has " + k.values().size()
                                + " values for " + periods + " periods; give one per period");
                    }
                    a = seriesSlots.size();
                    for (int t = 0; t < periods; t++) {
                        seriesSlots.add(slot(k.values().get(t), where + " [" + t + "]"));
                    }
                }
                case Profile.Step k -> {
                    kind = PROFILE_STEP;
                    a = slot(k.before(), where + " before");
                    b = slot(k.after(), where + " after");
                    c = slot(k.at(), where + " at");
                }
            }
            profKind.add(kind);
            profA.add(a);
            profB.add(b);
            profC.add(c);
            profD.add(d);
            return profKind.size() - 1;
        }

        private int slot(Value v, String where) {
            if (v == null) {
                throw new IllegalArgumentException(where + ": missing value");
            }
            return switch (v) {
                case Value.Const c -> constantSlot(c.value());
                case Value.Ref ref -> input(ref.input(), where);
            };
        }

        private int input(String name, String where) {
            Integer i = inputIndex.get(name);
            if (i == null) {
                throw new IllegalArgumentException(where + ": undefined input '" + name + "'");
            }
            return i;
        }

        /** Constant slots follow the inputs, which {@link #inputs()} has all registered by now. */
        private int constantSlot(double x) {
            Integer i = constantIndex.get(Double.doubleToLongBits(x));
            if (i == null) {
                i = constants.size();
                constants.add(x);
                constantIndex.put(Double.doubleToLongBits(x), i);
            }
            return inputNames.size() + i;
        }

        private static void checkRange(Value v, double lo, double hi, String where) {
            if (v instanceof Value.Const c && !(c.value() >= lo && c.value() <= hi)) {
                throw new IllegalArgumentException(where + ": must be in [" + lo + ", " + hi + "], got " + c.value());
            }
        }

        private static void checkArea(Value v, String where) {
            if (v instanceof Value.Const c && !(c.value() > 0)) {
                throw new IllegalArgumentException(where + ": must be > 0 mm^2, got " + c.value());
            }
        }

        private static void checkEdge(Value v, String where) {
            if (v instanceof Value.Const c && !(c.value() >= 0 && c.value() < Geometry.WAFER_DIAMETER_MM / 2)) {
                throw new IllegalArgumentException(where + ": must be in [0, 150) mm, got " + c.value());
            }
        }
    }
}
