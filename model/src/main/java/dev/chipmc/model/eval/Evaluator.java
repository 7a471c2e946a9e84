package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.CompiledModel.PROFILE_CONSTANT;
import static dev.chipmc.model.eval.CompiledModel.PROFILE_LEARNING;
import static dev.chipmc.model.eval.CompiledModel.PROFILE_RAMP;
import static dev.chipmc.model.eval.CompiledModel.PROFILE_SERIES;
import static dev.chipmc.model.eval.CompiledModel.PROFILE_STEP;
import static dev.chipmc.model.eval.CompiledModel.SUPPLY_HBM;
import static dev.chipmc.model.eval.CompiledModel.SUPPLY_LOGIC;
import static dev.chipmc.model.eval.CompiledModel.SUPPLY_PLAIN;
import static dev.chipmc.model.eval.CompiledModel.YIELD_MURPHY;
import static dev.chipmc.model.eval.CompiledModel.YIELD_NEGBIN;
import static dev.chipmc.model.eval.CompiledModel.YIELD_POISSON;
import static dev.chipmc.model.eval.CompiledModel.YIELD_SEEDS;

import java.util.Arrays;

/**
 * Computes one Monte Carlo sample of a {@link CompiledModel} (MODEL.md sections 3 to 8): from a
 * vector of sampled inputs and the event uniforms, every product's packages started, good packages,
 * shortfall and binding constraint, and every resource's available, used, inventory and
 * utilisation, per period.
 *
 * <p>Per sample: profiles {@code x_t} (section 3) are filled period by period, ramps and learning
 * curves incrementally ({@code x_{t+1} = x_t (1 + g)}, {@code e_{t+1} = e_t exp(-1/tau)}, so two
 * transcendental calls per profile instead of one per period, exact to a few ulps); events multiply
 * the production of their resources by {@code (1 - cut)} for every occurrence covering a period
 * (section 7); good production is {@code production * yield}, {@code wafers * DPW * Y(AD_t) * y0}
 * or {@code starts * y_base * (y_core_t * y_bond)^L} (sections 4, 5) and arrives {@code lag}
 * periods later. Then, period by period, available {@code A_{r,t} = arrivals + carried inventory}
 * is allocated in the two phases of section 6, and unused units carry over less the loss fraction.
 *
 * <p>Allocation detail: in phase 1 a product starts {@code s = min(D, min_r R_r / a_r)} and takes
 * {@code s a_r} from each place; the place that set {@code s} is set to exactly 0, so a resource
 * that limited a product has no rounding dust left for the next. Phase 2 does the same with the
 * pool. Lines with {@code a = 0} consume nothing and never bind; {@code a = +Infinity} (a site that
 * does not fit on a wafer) forces {@code s = 0} and binds.
 *
 * <p>Work that a sample cannot change is done once: profiles whose parameters are all constants
 * are filled when the evaluator is made, and so is the list of each product's bill-of-materials
 * lines with a non-zero amount when every amount is a constant. Shortcuts that are exact, so that
 * the results are bit for bit those of the plain evaluation (the tests compare the two): a
 * division by an amount that is a power of two is the multiplication by its inverse; the quotient
 * {@code R / a} found while looking for {@code s} is reused to tell which place set it; {@code pow}
 * and the first {@code exp} of ramps and learning curves launched at an integer period are not
 * called (their values are 1 and the step factor); event factors are filled only in samples where
 * an event fires.
 *
 * <p>Not thread-safe: one instance per worker. {@link #evaluate} allocates nothing.
 */
public final class Evaluator {

    private final CompiledModel m;
    private final int periods;
    private final int resources;
    private final int products;
    private final int shareCount;
    private final double[] slots;
    final double[] prof;
    private final double[] factor;
    private boolean eventFired;
    final double[] goodProduction;

    /** Copied from the model: read in every period. */
    private final int[] resLag;
    private final boolean[] resCarryover;
    private final int[] shareRes;
    private final int[] lineStart;
    private final int[] prodDemand;
    private final int[] prodAssembly;
    private final int[] prodTest;
    private final int[] prodTarget;

    /**
     * Active bill-of-materials lines (amount not 0) of product {@code p}, per sample:
     * {@code lineStart[p] .. activeEnd[p] - 1}, in bill-of-materials order.
     */
    final int[] activeEnd;
    final int[] activeRes;
    /** Phase-1 place of the line: its resource's pool {@code r}, or {@code resources + share}. */
    final int[] activePlace;
    final double[] activeAmount;
    /** {@code 1 / amount} where the amount is a power of two (so {@code x * inv == x / amount} exactly), else 0. */
    final double[] activeInverse;
    /** {@code place / amount} of the line in the current phase, kept for the take. */
    private final double[] ratio;

    final double[] shareFrac;
    final double[] unreserved;
    /** {@code 1 - carryover loss}. */
    final double[] keep;
    private final double[] availableNow;
    /** Pools {@code 0 .. resources - 1}, then reservations {@code resources + s}. */
    private final double[] place;
    private final double[] usedNow;
    final double[] carried;
    /** Inventory carried into each (resource, period) in the last sample: the state {@link #relaxedGood} restarts from. */
    private final double[] carriedIn;
    private final double[] startedNow;
    private final double[] demandNow;
    /** Whether {@link #evaluate} notes, per (resource, period), whether the resource may have bound ({@link #mayBind}). */
    private boolean track;
    /** Per {@code r * periods + t}: set where some line on {@code r} did not have a ratio above the volume it set. */
    private final boolean[] mayBind;

    Evaluator(CompiledModel model) {
        m = model;
        periods = model.periods;
        resources = model.resources;
        products = model.products;
        shareCount = model.shareCount;
        slots = model.slotTemplate.clone();
        prof = new double[model.profileCount * periods];
        factor = new double[resources * periods];
        goodProduction = new double[resources * periods];
        resLag = model.resLag;
        resCarryover = model.resCarryover;
        shareRes = model.shareRes;
        lineStart = model.lineStart;
        prodDemand = model.prodDemand;
        prodAssembly = model.prodAssembly;
        prodTest = model.prodTest;
        prodTarget = model.prodTarget;
        int lines = model.lineRes.length;
        activeEnd = new int[products];
        activeRes = new int[lines];
        activePlace = new int[lines];
        activeAmount = new double[lines];
        activeInverse = new double[lines];
        ratio = new double[lines];
        shareFrac = new double[shareCount];
        unreserved = new double[resources];
        keep = new double[resources];
        availableNow = new double[resources];
        place = new double[resources + shareCount];
        usedNow = new double[resources];
        carried = new double[resources];
        carriedIn = new double[resources * periods];
        startedNow = new double[products];
        demandNow = new double[products];
        mayBind = new boolean[resources * periods];
        for (int i : model.fixedProfiles) {
            profile(i);
        }
        if (model.amountsConstant) {
            activeLines();
        }
    }

    /**
     * Evaluates one sample into {@code out}, overwriting all of it.
     *
     * @param inputs        sampled input values, index {@code i} for {@code model.inputNames().get(i)};
     *                      at least {@code inputCount()} long
     * @param eventUniforms uniforms in {@code [0, 1)}, event {@code e} starts at period {@code t} when
     *                      {@code eventUniforms[e * periods + t] < probability}; at least
     *                      {@code eventUniformCount()} long
     * @param out           an output of this model's dimensions ({@link CompiledModel#newOutput()})
     * @throws IllegalArgumentException if an array is too short, {@code out} has other dimensions,
     *         sampled shares of a resource sum to more than 1, or a product without a demand cap
     *         has every bill-of-materials amount 0 in this sample
     */
    public void evaluate(double[] inputs, double[] eventUniforms, SampleOutput out) {
        checkArguments(inputs, eventUniforms, out);
        prepare(inputs, eventUniforms);
        for (int t = 0; t < periods; t++) {
            allocate(t, out);
        }
    }

    /** The argument checks of {@link #evaluate}. */
    void checkArguments(double[] inputs, double[] eventUniforms, SampleOutput out) {
        if (inputs.length < m.inputCount) {
            throw new IllegalArgumentException("inputs: need " + m.inputCount + " values, got " + inputs.length);
        }
        if (eventUniforms.length < m.events * periods) {
            throw new IllegalArgumentException("eventUniforms: need " + m.events * periods + " values, got "
                    + eventUniforms.length);
        }
        if (out.periods != periods || out.products != products || out.resources != resources) {
            throw new IllegalArgumentException("out: dimensions " + out.periods + "x" + out.products + "x"
                    + out.resources + " do not match the model's " + periods + "x" + products + "x" + resources);
        }
    }

    /**
     * Everything of {@link #evaluate} before the allocation (profiles, events, production, per-sample
     * scalars), for {@link BatchEvaluator}, which allocates several samples at once. The caller has
     * checked the arguments.
     */
    void prepare(double[] inputs, double[] eventUniforms) {
        System.arraycopy(inputs, 0, slots, 0, m.inputCount);
        for (int i : m.sampledProfiles) {
            profile(i);
        }
        eventFactors(eventUniforms);
        production();
        perSampleScalars();
    }

    /** After {@link #evaluate}: the scenario's total target at period {@code t}, NaN if it has none. */
    public double totalTarget(int t) {
        return m.totalTargetProfile >= 0 ? prof[m.totalTargetProfile * periods + t] : Double.NaN;
    }

    /**
     * {@link #evaluate}, also noting for {@link #mayBind} which resources could have limited a product in
     * which period. Costs a few per cent more than {@code evaluate}; the results are the same.
     */
    public void evaluateTracked(double[] inputs, double[] eventUniforms, SampleOutput out) {
        java.util.Arrays.fill(mayBind, false);
        track = true;
        try {
            evaluate(inputs, eventUniforms, out);
        } finally {
            track = false;
        }
    }

    /**
     * After {@link #evaluateTracked}: false where, in period {@code period}, every bill-of-materials line
     * on {@code resource} (its pool and its reservations, both phases of section 6) had
     * {@code place / amount} strictly above the volume the product started in that phase. Then the
     * resource never set a product's volume, and unlimiting it changes nothing:
     * {@link #relaxedGood}{@code (resource, period)} equals the sample's good volumes exactly, so a caller
     * may skip it. True is conservative (the resource may or may not have bound).
     */
    public boolean mayBind(int resource, int period) {
        return mayBind[resource * periods + period];
    }

    /** Notes the resources of active lines {@code from .. to - 1} whose ratio is not above {@code s}. */
    private void noteBinding(int from, int to, double s, int t) {
        for (int l = from; l < to; l++) {
            if (!(ratio[l] > s)) {
                mayBind[activeRes[l] * periods + t] = true;
            }
        }
    }

    private void profile(int i) {
        int off = i * periods;
        switch (m.profKind[i]) {
            case PROFILE_CONSTANT -> {
                double x = slots[m.profA[i]];
                for (int t = 0; t < periods; t++) {
                    prof[off + t] = x;
                }
            }
            case PROFILE_RAMP -> ramp(off, slots[m.profA[i]], slots[m.profB[i]], slots[m.profC[i]]);
            case PROFILE_LEARNING -> learning(off, slots[m.profA[i]], slots[m.profB[i]], slots[m.profC[i]],
                    slots[m.profD[i]]);
            case PROFILE_SERIES -> {
                int s = m.profA[i];
                for (int t = 0; t < periods; t++) {
                    prof[off + t] = slots[m.seriesSlots[s + t]];
                }
            }
            case PROFILE_STEP -> {
                double before = slots[m.profA[i]];
                double after = slots[m.profB[i]];
                double at = slots[m.profC[i]];
                for (int t = 0; t < periods; t++) {
                    prof[off + t] = t < at ? before : after;
                }
            }
            default -> throw new IllegalStateException("profile kind " + m.profKind[i]);
        }
    }

    /**
     * {@code start (1 + growth)^(t - at)} for {@code t >= at}, else 0, incrementally from the launch
     * period on. At an integer launch period the first exponent is 0 and {@code pow} (exactly 1) is skipped.
     */
    private void ramp(int off, double start, double growth, double at) {
        int t = 0;
        while (t < periods && t < at) {
            prof[off + t] = 0;
            t++;
        }
        if (t == periods) {
            return;
        }
        double f = 1 + growth;
        double k = t - at;
        double x = k == 0 ? start : start * Math.pow(f, k);
        prof[off + t] = x;
        for (t++; t < periods; t++) {
            x *= f;
            prof[off + t] = x;
        }
    }

    /**
     * {@code fin - (fin - initial) exp(-max(t - at, 0) / tau)}; exactly {@code initial} while
     * {@code t <= at}. A {@code tau} of 0 gives the limit {@code tau -> 0+}: {@code fin} once {@code t > at}.
     * After the launch {@code e_{t+1} = e_t exp(-1 / tau)}; at an integer launch period the first
     * exponent is {@code -1 / tau}, the step factor itself.
     */
    private void learning(int off, double initial, double fin, double tau, double at) {
        int t = 0;
        while (t < periods && !(t - at > 0)) {
            prof[off + t] = initial;
            t++;
        }
        if (t == periods) {
            return;
        }
        double gap = fin - initial;
        double r = Math.exp(-1 / tau);
        double k = t - at;
        double e = k == 1 ? r : Math.exp(-k / tau);
        prof[off + t] = fin - gap * e;
        for (t++; t < periods; t++) {
            e *= r;
            prof[off + t] = fin - gap * e;
        }
    }

    /** Sets {@link #factor} only when some event fires in this sample; {@link #production} reads it only then. */
    private void eventFactors(double[] u) {
        eventFired = false;
        for (int e = 0; e < m.events; e++) {
            double p = slots[m.evProbSlot[e]];
            if (!(p > 0)) {
                continue;
            }
            int base = e * periods;
            for (int t = 0; t < periods; t++) {
                if (u[base + t] < p) {
                    if (!eventFired) {
                        Arrays.fill(factor, 1.0);
                        eventFired = true;
                    }
                    double keepFactor = 1 - slots[m.evCutSlot[e]];
                    int end = Math.min(periods, t + m.evDuration[e]);
                    for (int i = m.evResStart[e]; i < m.evResStart[e + 1]; i++) {
                        int rb = m.evRes[i] * periods;
                        for (int s = t; s < end; s++) {
                            factor[rb + s] *= keepFactor;
                        }
                    }
                }
            }
        }
    }

    private void production() {
        for (int r = 0; r < resources; r++) {
            int base = r * periods;
            int main = m.resProfMain[r] * periods;
            int second = m.resProfYield[r] * periods;
            switch (m.resKind[r]) {
                case SUPPLY_PLAIN -> {
                    for (int t = 0; t < periods; t++) {
                        goodProduction[base + t] = prof[main + t] * prof[second + t];
                    }
                }
                case SUPPLY_LOGIC -> {
                    double area = slots[m.resAreaSlot[r]];
                    int dpw = m.resDpwConst[r] >= 0 ? m.resDpwConst[r]
                            : Geometry.diesPerWafer(area, slots[m.resEdgeSlot[r]]);
                    double perWafer = dpw * slots[m.resY0Slot[r]];
                    int model = m.resYieldModel[r];
                    double alpha = model == YIELD_NEGBIN ? slots[m.resAlphaSlot[r]] : 0;
                    double lastD0 = Double.NaN;
                    double y = 0;
                    for (int t = 0; t < periods; t++) {
                        double d0 = prof[second + t];
                        if (d0 != lastD0) {
                            y = dieYield(model, Yields.defectArea(area, d0), alpha);
                            lastD0 = d0;
                        }
                        goodProduction[base + t] = prof[main + t] * perWafer * y;
                    }
                }
                case SUPPLY_HBM -> {
                    double yBase = slots[m.resYBaseSlot[r]];
                    double yBond = slots[m.resYBondSlot[r]];
                    int layers = m.resLayers[r];
                    double lastCore = Double.NaN;
                    double y = 0;
                    for (int t = 0; t < periods; t++) {
                        double core = prof[second + t];
                        if (core != lastCore) {
                            y = Yields.stack(yBase, core, yBond, layers);
                            lastCore = core;
                        }
                        goodProduction[base + t] = prof[main + t] * y;
                    }
                }
                default -> throw new IllegalStateException("supply kind " + m.resKind[r]);
            }
        }
        if (eventFired) {
            for (int i = 0; i < goodProduction.length; i++) {
                goodProduction[i] *= factor[i];
            }
        }
    }

    private static double dieYield(int model, double ad, double alpha) {
        return switch (model) {
            case YIELD_POISSON -> Yields.poisson(ad);
            case YIELD_MURPHY -> Yields.murphy(ad);
            case YIELD_SEEDS -> Yields.seeds(ad);
            case YIELD_NEGBIN -> Yields.negativeBinomial(ad, alpha);
            default -> throw new IllegalStateException("yield model " + model);
        };
    }

    /** Per-package amount {@code quantity / DPW}: 0 for a zero quantity, +Infinity when no site fits. */
    static double amount(double quantity, int dpw) {
        if (quantity == 0) {
            return 0;
        }
        return dpw == 0 ? Double.POSITIVE_INFINITY : quantity / dpw;
    }

    /** {@code 1 / a} where {@code a} is a (normal, finite, positive) power of two, else 0. */
    static double exactInverse(double a) {
        long bits = Double.doubleToRawLongBits(a);
        boolean powerOfTwo = a > 0 && a < Double.POSITIVE_INFINITY && a >= Double.MIN_NORMAL
                && (bits & 0x000f_ffff_ffff_ffffL) == 0;
        return powerOfTwo ? 1 / a : 0;
    }

    /** Fills the active lines of every product from this sample's amounts, in bill-of-materials order. */
    private void activeLines() {
        for (int p = 0; p < products; p++) {
            int n = lineStart[p];
            for (int l = lineStart[p]; l < lineStart[p + 1]; l++) {
                double a = m.lineAmountConst[l];
                if (Double.isNaN(a)) {
                    double q = slots[m.lineQtySlot[l]];
                    int site = m.lineSiteSlot[l];
                    a = site < 0 ? q : amount(q, Geometry.diesPerWafer(slots[site], slots[m.lineEdgeSlot[l]]));
                }
                if (a != 0) {
                    int r = m.lineRes[l];
                    int sh = m.lineShare[l];
                    activeRes[n] = r;
                    activePlace[n] = sh >= 0 ? resources + sh : r;
                    activeAmount[n] = a;
                    activeInverse[n] = exactInverse(a);
                    n++;
                }
            }
            activeEnd[p] = n;
        }
    }

    private void perSampleScalars() {
        if (!m.amountsConstant) {
            activeLines();
        }
        Arrays.fill(unreserved, 1.0);
        for (int s = 0; s < shareCount; s++) {
            shareFrac[s] = slots[m.shareFracSlot[s]];
            unreserved[shareRes[s]] -= shareFrac[s];
        }
        for (int r = 0; r < resources; r++) {
            if (unreserved[r] < -1e-9) {
                throw new IllegalArgumentException("shares of '" + m.resourceName(r) + "': sum to "
                        + (1 - unreserved[r]) + " in this sample, more than 1");
            }
            unreserved[r] = Math.max(0, unreserved[r]);
            keep[r] = 1 - slots[m.resLossSlot[r]];
            carried[r] = slots[m.resInitSlot[r]];
        }
    }

    /** {@code have / amount} of active line {@code l}, by a multiplication where that is exact. */
    private double ratioOf(int l, double have) {
        double inv = activeInverse[l];
        return inv != 0 ? have * inv : have / activeAmount[l];
    }

    private void allocate(int t, SampleOutput out) {
        for (int r = 0; r < resources; r++) {
            int lag = resLag[r];
            double arrival = t >= lag ? goodProduction[r * periods + t - lag] : 0;
            double c = carried[r];
            carriedIn[r * periods + t] = c;
            double a = arrival + c;
            availableNow[r] = a;
            place[r] = a * unreserved[r];
            usedNow[r] = 0;
        }
        for (int s = 0; s < shareCount; s++) {
            place[resources + s] = shareFrac[s] * availableNow[shareRes[s]];
        }

        for (int p = 0; p < products; p++) {
            int d = prodDemand[p];
            double s = d >= 0 ? Math.max(0, prof[d * periods + t]) : Double.POSITIVE_INFINITY;
            demandNow[p] = s;
            int from = lineStart[p];
            int to = activeEnd[p];
            for (int l = from; l < to; l++) {
                double x = ratioOf(l, place[activePlace[l]]);
                ratio[l] = x;
                if (x < s) {
                    s = x;
                }
            }
            if (s == Double.POSITIVE_INFINITY) {
                throw unbounded(p);
            }
            if (track) {
                noteBinding(from, to, s, t);
            }
            if (s > 0) {
                for (int l = from; l < to; l++) {
                    int pl = activePlace[l];
                    double have = place[pl];
                    double left = ratio[l] == s ? 0 : Math.max(0, have - s * activeAmount[l]);
                    place[pl] = left;
                    usedNow[activeRes[l]] += have - left;
                }
            }
            startedNow[p] = s;
        }

        for (int s = 0; s < shareCount; s++) {
            place[shareRes[s]] += place[resources + s];
        }

        for (int p = 0; p < products; p++) {
            int pt = p * periods + t;
            double s = startedNow[p];
            double best = Double.POSITIVE_INFINITY;
            int code = -1;
            if (prodDemand[p] >= 0) {
                best = Math.max(0, demandNow[p] - s);
                code = SampleOutput.BINDING_DEMAND;
            }
            int from = lineStart[p];
            int to = activeEnd[p];
            for (int l = from; l < to; l++) {
                double x = ratioOf(l, place[activeRes[l]]);
                ratio[l] = x;
                if (x < best) {
                    best = x;
                    code = SampleOutput.bindingOfResource(activeRes[l]);
                }
            }
            if (code < 0) {
                throw unbounded(p);
            }
            if (track) {
                noteBinding(from, to, best, t);
            }
            if (best > 0) {
                for (int l = from; l < to; l++) {
                    int r = activeRes[l];
                    double have = place[r];
                    double left = ratio[l] == best ? 0 : Math.max(0, have - best * activeAmount[l]);
                    place[r] = left;
                    usedNow[r] += have - left;
                }
                s += best;
            }
            out.started[pt] = s;
            out.binding[pt] = code;
            double good = s * prof[prodAssembly[p] * periods + t] * prof[prodTest[p] * periods + t];
            out.good[pt] = good;
            if (prodTarget[p] >= 0) {
                double g = prof[prodTarget[p] * periods + t];
                out.target[pt] = g;
                out.shortfall[pt] = Math.max(0, g - good);
            } else {
                out.target[pt] = Double.NaN;
                out.shortfall[pt] = 0;
            }
        }

        for (int r = 0; r < resources; r++) {
            int rt = r * periods + t;
            double a = availableNow[r];
            double used = Math.min(usedNow[r], a);
            double left = Math.max(0, Math.min(place[r], a));
            out.available[rt] = a;
            out.used[rt] = used;
            out.utilisation[rt] = a > 0 ? used / a : 0;
            double carry = resCarryover[r] ? left * keep[r] : 0;
            carried[r] = carry;
            out.inventory[rt] = carry;
        }
    }

    /**
     * After {@link #evaluate}: every product's good packages {@code V_{p,t}} at period {@code period}
     * had {@code resource} been unlimited in that period alone, in the same sample: the same inputs,
     * events, arrivals and inventory carried into the period; only the allocation of that period is
     * redone (MODEL.md section 6) with the resource's pool and every reservation on it unbounded, so
     * it never limits a product and nothing is taken from it. Periods before {@code period} cannot
     * change and later ones are not computed: the figure is the period's own volume. A product that
     * nothing else bounds (no demand cap, every other line amount 0) gets {@code +Infinity}.
     *
     * <p>Costs one period's allocation, about {@code 1 / periods} of an evaluation. The sample's
     * {@link SampleOutput} is not touched; another call with another resource or period may follow.
     *
     * @param good at least {@code products} long; receives {@code V_{p,period}} at index {@code p}
     */
    public void relaxedGood(int resource, int period, double[] good) {
        if (resource < 0 || resource >= resources) {
            throw new IllegalArgumentException("resource: must be in 0.." + (resources - 1) + ", got " + resource);
        }
        if (period < 0 || period >= periods) {
            throw new IllegalArgumentException("period: must be in 0.." + (periods - 1) + ", got " + period);
        }
        if (good.length < products) {
            throw new IllegalArgumentException("good: need " + products + " values, got " + good.length);
        }
        int t = period;
        double inf = Double.POSITIVE_INFINITY;
        for (int r = 0; r < resources; r++) {
            int lag = resLag[r];
            double arrival = t >= lag ? goodProduction[r * periods + t - lag] : 0;
            double a = arrival + carriedIn[r * periods + t];
            availableNow[r] = a;
            place[r] = r == resource ? inf : a * unreserved[r];
        }
        for (int s = 0; s < shareCount; s++) {
            place[resources + s] = shareRes[s] == resource ? inf : shareFrac[s] * availableNow[shareRes[s]];
        }
        for (int p = 0; p < products; p++) {
            int d = prodDemand[p];
            double s = d >= 0 ? Math.max(0, prof[d * periods + t]) : inf;
            demandNow[p] = s;
            int from = lineStart[p];
            int to = activeEnd[p];
            for (int l = from; l < to; l++) {
                double x = ratioOf(l, place[activePlace[l]]);
                ratio[l] = x;
                if (x < s) {
                    s = x;
                }
            }
            if (s > 0 && s < inf) {
                for (int l = from; l < to; l++) {
                    int pl = activePlace[l];
                    if (pl == resource || pl >= resources && shareRes[pl - resources] == resource) {
                        continue;
                    }
                    double have = place[pl];
                    place[pl] = ratio[l] == s ? 0 : Math.max(0, have - s * activeAmount[l]);
                }
            }
            startedNow[p] = s;
        }
        for (int s = 0; s < shareCount; s++) {
            place[shareRes[s]] += place[resources + s];
        }
        for (int p = 0; p < products; p++) {
            double s = startedNow[p];
            double best = prodDemand[p] >= 0 ? Math.max(0, demandNow[p] - s) : inf;
            int from = lineStart[p];
            int to = activeEnd[p];
            for (int l = from; l < to; l++) {
                double x = ratioOf(l, place[activeRes[l]]);
                ratio[l] = x;
                if (x < best) {
                    best = x;
                }
            }
            if (s == inf || best == inf) {
                good[p] = inf;
                continue;
            }
            if (best > 0) {
                for (int l = from; l < to; l++) {
                    int r = activeRes[l];
                    if (r == resource) {
                        continue;
                    }
                    double have = place[r];
                    place[r] = ratio[l] == best ? 0 : Math.max(0, have - best * activeAmount[l]);
                }
                s += best;
            }
            good[p] = s * prof[prodAssembly[p] * periods + t] * prof[prodTest[p] * periods + t];
        }
    }

    private IllegalArgumentException unbounded(int p) {
        return new IllegalArgumentException("product '" + m.productName(p) + "': no demand cap and every"
                + " bill-of-materials amount is 0 in this sample, so nothing bounds its volume");
    }
}
