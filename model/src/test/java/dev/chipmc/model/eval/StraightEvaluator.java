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
 * The per-sample evaluation of MODEL.md sections 3 to 8 as it was first written, before
 * {@link Evaluator} was tuned for speed: every profile, yield, per-package amount and ratio is
 * recomputed where it is used, in the order the model states it. Kept as the readable reference
 * that {@link EvaluatorEquivalenceTest} compares the tuned evaluator against, sample by sample.
 *
 * <p>Not thread-safe: one instance per test.
 */
final class StraightEvaluator {

    private final CompiledModel m;
    private final int periods;
    private final double[] slots;
    private final double[] prof;
    private final double[] factor;
    private final double[] goodProduction;
    private final double[] amount;
    private final double[] shareFrac;
    private final double[] unreserved;
    private final double[] availableNow;
    private final double[] reservation;
    private final double[] pool;
    private final double[] usedNow;
    private final double[] carried;
    private final double[] startedNow;

    StraightEvaluator(CompiledModel model) {
        m = model;
        periods = model.periods;
        slots = model.slotTemplate.clone();
        prof = new double[model.profileCount * periods];
        factor = new double[model.resources * periods];
        goodProduction = new double[model.resources * periods];
        amount = new double[model.lineRes.length];
        shareFrac = new double[model.shareCount];
        unreserved = new double[model.resources];
        availableNow = new double[model.resources];
        reservation = new double[model.shareCount];
        pool = new double[model.resources];
        usedNow = new double[model.resources];
        carried = new double[model.resources];
        startedNow = new double[model.products];
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
    void evaluate(double[] inputs, double[] eventUniforms, SampleOutput out) {
        if (inputs.length < m.inputCount) {
            throw new IllegalArgumentException("inputs: need " + m.inputCount + " values, got " + inputs.length);
        }
        if (eventUniforms.length < m.events * periods) {
            throw new IllegalArgumentException("eventUniforms: need " + m.events * periods + " values, got "
                    + eventUniforms.length);
        }
        if (out.periods != periods || out.products != m.products || out.resources != m.resources) {
            throw new IllegalArgumentException("out: dimensions " + out.periods + "x" + out.products + "x"
                    + out.resources + " do not match the model's " + periods + "x" + m.products + "x" + m.resources);
        }
        System.arraycopy(inputs, 0, slots, 0, m.inputCount);
        profiles();
        eventFactors(eventUniforms);
        production();
        perSampleScalars();
        for (int t = 0; t < periods; t++) {
            allocate(t, out);
        }
    }

    /** After {@link #evaluate}: the scenario's total target at period {@code t}, NaN if it has none. */
    double totalTarget(int t) {
        return m.totalTargetProfile >= 0 ? prof[m.totalTargetProfile * periods + t] : Double.NaN;
    }

    private void profiles() {
        int n = m.profileCount;
        for (int i = 0; i < n; i++) {
            int off = i * periods;
            switch (m.profKind[i]) {
                case PROFILE_CONSTANT -> Arrays.fill(prof, off, off + periods, slots[m.profA[i]]);
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
    }

    /** {@code start (1 + growth)^(t - at)} for {@code t >= at}, else 0. */
    private void ramp(int off, double start, double growth, double at) {
        double f = 1 + growth;
        double x = 0;
        boolean launched = false;
        for (int t = 0; t < periods; t++) {
            if (t < at) {
                prof[off + t] = 0;
            } else {
                x = launched ? x * f : start * Math.pow(f, t - at);
                launched = true;
                prof[off + t] = x;
            }
        }
    }

    /**
     * {@code fin - (fin - initial) exp(-max(t - at, 0) / tau)}; exactly {@code initial} while
     * {@code t <= at}. A {@code tau} of 0 gives the limit {@code tau -> 0+}: {@code fin} once {@code t > at}.
     */
    private void learning(int off, double initial, double fin, double tau, double at) {
        double gap = fin - initial;
        double e = 0;
        double r = 0;
        boolean launched = false;
        for (int t = 0; t < periods; t++) {
            double k = t - at;
            if (!(k > 0)) {
                prof[off + t] = initial;
            } else {
                if (launched) {
                    e *= r;
                } else {
                    e = Math.exp(-k / tau);
                    r = Math.exp(-1 / tau);
                    launched = true;
                }
                prof[off + t] = fin - gap * e;
            }
        }
    }

    private void eventFactors(double[] u) {
        Arrays.fill(factor, 1.0);
        for (int e = 0; e < m.events; e++) {
            double p = slots[m.evProbSlot[e]];
            if (!(p > 0)) {
                continue;
            }
            double keep = 1 - slots[m.evCutSlot[e]];
            int base = e * periods;
            for (int t = 0; t < periods; t++) {
                if (u[base + t] < p) {
                    int end = Math.min(periods, t + m.evDuration[e]);
                    for (int i = m.evResStart[e]; i < m.evResStart[e + 1]; i++) {
                        int rb = m.evRes[i] * periods;
                        for (int s = t; s < end; s++) {
                            factor[rb + s] *= keep;
                        }
                    }
                }
            }
        }
    }

    private void production() {
        for (int r = 0; r < m.resources; r++) {
            int base = r * periods;
            int main = m.resProfMain[r] * periods;
            int second = m.resProfYield[r] * periods;
            switch (m.resKind[r]) {
                case SUPPLY_PLAIN -> {
                    for (int t = 0; t < periods; t++) {
                        goodProduction[base + t] = prof[main + t] * prof[second + t] * factor[base + t];
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
                        goodProduction[base + t] = prof[main + t] * perWafer * y * factor[base + t];
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
                        goodProduction[base + t] = prof[main + t] * y * factor[base + t];
                    }
                }
                default -> throw new IllegalStateException("supply kind " + m.resKind[r]);
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

    private void perSampleScalars() {
        for (int l = 0; l < amount.length; l++) {
            double a = m.lineAmountConst[l];
            if (Double.isNaN(a)) {
                double q = slots[m.lineQtySlot[l]];
                int site = m.lineSiteSlot[l];
                a = site < 0 ? q : amount(q, Geometry.diesPerWafer(slots[site], slots[m.lineEdgeSlot[l]]));
            }
            amount[l] = a;
        }
        Arrays.fill(unreserved, 1.0);
        for (int s = 0; s < m.shareCount; s++) {
            shareFrac[s] = slots[m.shareFracSlot[s]];
            unreserved[m.shareRes[s]] -= shareFrac[s];
        }
        for (int r = 0; r < m.resources; r++) {
            if (unreserved[r] < -1e-9) {
                throw new IllegalArgumentException("shares of '" + m.resourceName(r) + "': sum to "
                        + (1 - unreserved[r]) + " in this sample, more than 1");
            }
            unreserved[r] = Math.max(0, unreserved[r]);
        }
    }

    private void allocate(int t, SampleOutput out) {
        for (int r = 0; r < m.resources; r++) {
            int lag = m.resLag[r];
            double arrival = t >= lag ? goodProduction[r * periods + t - lag] : 0;
            double carriedIn = t == 0 ? slots[m.resInitSlot[r]] : carried[r];
            double a = arrival + carriedIn;
            availableNow[r] = a;
            pool[r] = a * unreserved[r];
            usedNow[r] = 0;
        }
        for (int s = 0; s < m.shareCount; s++) {
            reservation[s] = shareFrac[s] * availableNow[m.shareRes[s]];
        }

        for (int p = 0; p < m.products; p++) {
            double s = demand(p, t);
            int from = m.lineStart[p];
            int to = m.lineStart[p + 1];
            for (int l = from; l < to; l++) {
                double a = amount[l];
                if (a != 0) {
                    int sh = m.lineShare[l];
                    double ratio = (sh >= 0 ? reservation[sh] : pool[m.lineRes[l]]) / a;
                    if (ratio < s) {
                        s = ratio;
                    }
                }
            }
            if (s == Double.POSITIVE_INFINITY) {
                throw unbounded(p);
            }
            if (s > 0) {
                for (int l = from; l < to; l++) {
                    double a = amount[l];
                    if (a != 0) {
                        int sh = m.lineShare[l];
                        int r = m.lineRes[l];
                        if (sh >= 0) {
                            reservation[sh] = take(r, reservation[sh], a, s);
                        } else {
                            pool[r] = take(r, pool[r], a, s);
                        }
                    }
                }
            }
            startedNow[p] = s;
        }

        for (int s = 0; s < m.shareCount; s++) {
            pool[m.shareRes[s]] += reservation[s];
        }

        for (int p = 0; p < m.products; p++) {
            int pt = p * periods + t;
            double s = startedNow[p];
            double best = Double.POSITIVE_INFINITY;
            int code = -1;
            if (m.prodDemand[p] >= 0) {
                best = Math.max(0, demand(p, t) - s);
                code = SampleOutput.BINDING_DEMAND;
            }
            int from = m.lineStart[p];
            int to = m.lineStart[p + 1];
            for (int l = from; l < to; l++) {
                double a = amount[l];
                if (a != 0) {
                    double ratio = pool[m.lineRes[l]] / a;
                    if (ratio < best) {
                        best = ratio;
                        code = SampleOutput.bindingOfResource(m.lineRes[l]);
                    }
                }
            }
            if (code < 0) {
                throw unbounded(p);
            }
            if (best > 0) {
                for (int l = from; l < to; l++) {
                    double a = amount[l];
                    if (a != 0) {
                        int r = m.lineRes[l];
                        pool[r] = take(r, pool[r], a, best);
                    }
                }
                s += best;
            }
            out.started[pt] = s;
            out.binding[pt] = code;
            double good = s * prof[m.prodAssembly[p] * periods + t] * prof[m.prodTest[p] * periods + t];
            out.good[pt] = good;
            if (m.prodTarget[p] >= 0) {
                double g = prof[m.prodTarget[p] * periods + t];
                out.target[pt] = g;
                out.shortfall[pt] = Math.max(0, g - good);
            } else {
                out.target[pt] = Double.NaN;
                out.shortfall[pt] = 0;
            }
        }

        for (int r = 0; r < m.resources; r++) {
            int rt = r * periods + t;
            double a = availableNow[r];
            double used = Math.min(usedNow[r], a);
            double left = Math.max(0, Math.min(pool[r], a));
            out.available[rt] = a;
            out.used[rt] = used;
            out.utilisation[rt] = a > 0 ? used / a : 0;
            double carry = m.resCarryover[r] ? left * (1 - slots[m.resLossSlot[r]]) : 0;
            carried[r] = carry;
            out.inventory[rt] = carry;
        }
    }

    /** {@code max(0, D_{p,t})}, +Infinity without a demand cap. */
    private double demand(int p, int t) {
        int d = m.prodDemand[p];
        return d >= 0 ? Math.max(0, prof[d * periods + t]) : Double.POSITIVE_INFINITY;
    }

    /**
     * Takes {@code s * a} from a place holding {@code have} of resource {@code r}, records the use, and
     * returns what remains: exactly 0 where this place set {@code s}, never below 0.
     */
    private double take(int r, double have, double a, double s) {
        double left = have / a == s ? 0 : Math.max(0, have - s * a);
        usedNow[r] += have - left;
        return left;
    }

    private IllegalArgumentException unbounded(int p) {
        return new IllegalArgumentException("product '" + m.productName(p) + "': no demand cap and every"
                + " bill-of-materials amount is 0 in this sample, so nothing bounds its volume");
    }
}
