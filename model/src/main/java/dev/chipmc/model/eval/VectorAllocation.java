package dev.chipmc.model.eval;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The allocation of {@link Evaluator} (MODEL.md section 6, phases 1 and 2, and the resource figures of
 * section 8) for {@link #L} samples at once, one per lane of a {@link DoubleVector}, for
 * {@link BatchEvaluator}. Every lane does exactly the scalar evaluator's IEEE 754 operations in the same
 * order: a comparison and a select ({@code blend}) stand for each branch, {@code min}/{@code max} are
 * {@link Math#min}/{@link Math#max} lane by lane, and where the scalar code skips a take ({@code s <= 0})
 * the lane keeps its old values; so every lane's figures equal the scalar evaluator's bit for bit
 * (tested). Requires every bill-of-materials amount to be constant (the same active lines in every lane).
 * Loads this class only where the {@code jdk.incubator.vector} module is present.
 */
final class VectorAllocation {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Lanes: samples per call, 8 with AVX-512, 4 with AVX2. */
    static final int L = S.length();

    final CompiledModel m;
    /** Periods, resources, products and shares of the model. */
    final int T, R, P, SH;
    /*
     * Every array is lane-major: entry (index * L + lane). Inputs gathered from the lanes' evaluators
     * (run): good production per (r, t), the unreserved fraction, 1 - carryover loss and the inventory
     * carried in per resource, share fractions, and demand cap, assembly and test yields and target per
     * (p, t) (target 0 where a product has none).
     */
    final double[] gp, unres, keep, carried, frac, dem, asm, tst, tgt;
    /* The state of the period being allocated, as in Evaluator.allocate. */
    final double[] avail, place, used, ratio, startedNow, demandNow;
    /* Outputs per (p, t) and per (r, t); binding codes as doubles. */
    final double[] oStarted, oGood, oBinding, oShortfall, oAvail, oUsed, oUtil, oInv;
    /* The active bill-of-materials lines, the same in every lane (amounts are constant). */
    int[] activeEnd, activeRes, activePlace;
    double[] activeAmount, activeInverse;

    VectorAllocation(CompiledModel m) {
        this.m = m;
        T = m.periods;
        R = m.resources;
        P = m.products;
        SH = m.shareCount;
        gp = new double[R * T * L];
        unres = new double[R * L];
        keep = new double[R * L];
        carried = new double[R * L];
        frac = new double[SH * L];
        dem = new double[P * T * L];
        asm = new double[P * T * L];
        tst = new double[P * T * L];
        tgt = new double[P * T * L];
        avail = new double[R * L];
        place = new double[(R + SH) * L];
        used = new double[R * L];
        ratio = new double[m.lineRes.length * L];
        startedNow = new double[P * L];
        demandNow = new double[P * L];
        oStarted = new double[P * T * L];
        oGood = new double[P * T * L];
        oBinding = new double[P * T * L];
        oShortfall = new double[P * T * L];
        oAvail = new double[R * T * L];
        oUsed = new double[R * T * L];
        oUtil = new double[R * T * L];
        oInv = new double[R * T * L];
    }

    /** Thrown (without a stack trace) where some lane's product has nothing bounding it. */
    static final class Unbounded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unbounded() {
            super(null, null, false, false);
        }
    }

    private static final Unbounded UNBOUNDED = new Unbounded();

    /**
     * Allocates the samples {@link Evaluator#prepare}d in {@code ev} (one per lane) into the lane-major
     * output arrays.
     *
     * @throws Unbounded where a product of some lane has no demand cap and no line with a non-zero amount
     */
    void run(Evaluator[] ev) {
        Evaluator e0 = ev[0];
        activeEnd = e0.activeEnd;
        activeRes = e0.activeRes;
        activePlace = e0.activePlace;
        activeAmount = e0.activeAmount;
        activeInverse = e0.activeInverse;
        for (int lane = 0; lane < L; lane++) {
            Evaluator e = ev[lane];
            double[] g = e.goodProduction;
            for (int i = 0; i < R * T; i++) {
                gp[i * L + lane] = g[i];
            }
            for (int r = 0; r < R; r++) {
                unres[r * L + lane] = e.unreserved[r];
                keep[r * L + lane] = e.keep[r];
                carried[r * L + lane] = e.carried[r];
            }
            for (int s = 0; s < SH; s++) {
                frac[s * L + lane] = e.shareFrac[s];
            }
            double[] prof = e.prof;
            for (int p = 0; p < P; p++) {
                for (int t = 0; t < T; t++) {
                    int o = (p * T + t) * L + lane;
                    dem[o] = m.prodDemand[p] >= 0 ? prof[m.prodDemand[p] * T + t] : 0;
                    asm[o] = prof[m.prodAssembly[p] * T + t];
                    tst[o] = prof[m.prodTest[p] * T + t];
                    tgt[o] = m.prodTarget[p] >= 0 ? prof[m.prodTarget[p] * T + t] : 0;
                }
            }
        }
        for (int t = 0; t < T; t++) {
            allocate(t);
        }
    }

    private void allocate(int t) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector inf = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        for (int r = 0; r < R; r++) {
            int lag = m.resLag[r];
            DoubleVector arrival = t >= lag ? DoubleVector.fromArray(S, gp, (r * T + t - lag) * L) : zero;
            DoubleVector a = arrival.add(DoubleVector.fromArray(S, carried, r * L));
            a.intoArray(avail, r * L);
            a.mul(DoubleVector.fromArray(S, unres, r * L)).intoArray(place, r * L);
            zero.intoArray(used, r * L);
        }
        for (int s = 0; s < SH; s++) {
            DoubleVector.fromArray(S, frac, s * L).mul(DoubleVector.fromArray(S, avail, m.shareRes[s] * L))
                    .intoArray(place, (R + s) * L);
        }
        for (int p = 0; p < P; p++) {
            DoubleVector s = m.prodDemand[p] >= 0 ? DoubleVector.fromArray(S, dem, (p * T + t) * L).max(0.0) : inf;
            s.intoArray(demandNow, p * L);
            int from = m.lineStart[p];
            int to = activeEnd[p];
            for (int l = from; l < to; l++) {
                DoubleVector hv = DoubleVector.fromArray(S, place, activePlace[l] * L);
                double inv = activeInverse[l];
                DoubleVector x = inv != 0 ? hv.mul(inv) : hv.div(activeAmount[l]);
                x.intoArray(ratio, l * L);
                s = s.blend(x, x.compare(VectorOperators.LT, s));
            }
            if (s.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY).anyTrue()) {
                throw UNBOUNDED;
            }
            VectorMask<Double> pos = s.compare(VectorOperators.GT, 0.0);
            if (pos.anyTrue()) {
                for (int l = from; l < to; l++) {
                    int pl = activePlace[l] * L;
                    DoubleVector have = DoubleVector.fromArray(S, place, pl);
                    DoubleVector left = have.sub(s.mul(activeAmount[l])).max(0.0)
                            .blend(0.0, DoubleVector.fromArray(S, ratio, l * L).compare(VectorOperators.EQ, s));
                    left = have.blend(left, pos);
                    left.intoArray(place, pl);
                    int ro = activeRes[l] * L;
                    DoubleVector u = DoubleVector.fromArray(S, used, ro);
                    u.blend(u.add(have.sub(left)), pos).intoArray(used, ro);
                }
            }
            s.intoArray(startedNow, p * L);
        }
        for (int s = 0; s < SH; s++) {
            int ro = m.shareRes[s] * L;
            DoubleVector.fromArray(S, place, ro).add(DoubleVector.fromArray(S, place, (R + s) * L)).intoArray(place, ro);
        }
        for (int p = 0; p < P; p++) {
            int pt = (p * T + t) * L;
            DoubleVector s = DoubleVector.fromArray(S, startedNow, p * L);
            DoubleVector best;
            DoubleVector code;
            if (m.prodDemand[p] >= 0) {
                best = DoubleVector.fromArray(S, demandNow, p * L).sub(s).max(0.0);
                code = DoubleVector.broadcast(S, SampleOutput.BINDING_DEMAND);
            } else {
                best = inf;
                code = DoubleVector.broadcast(S, -1);
            }
            int from = m.lineStart[p];
            int to = activeEnd[p];
            for (int l = from; l < to; l++) {
                DoubleVector hv = DoubleVector.fromArray(S, place, activeRes[l] * L);
                double inv = activeInverse[l];
                DoubleVector x = inv != 0 ? hv.mul(inv) : hv.div(activeAmount[l]);
                x.intoArray(ratio, l * L);
                VectorMask<Double> lt = x.compare(VectorOperators.LT, best);
                best = best.blend(x, lt);
                code = code.blend(SampleOutput.bindingOfResource(activeRes[l]), lt);
            }
            if (code.compare(VectorOperators.LT, 0.0).anyTrue()) {
                throw UNBOUNDED;
            }
            VectorMask<Double> pos = best.compare(VectorOperators.GT, 0.0);
            if (pos.anyTrue()) {
                for (int l = from; l < to; l++) {
                    int ro = activeRes[l] * L;
                    DoubleVector have = DoubleVector.fromArray(S, place, ro);
                    DoubleVector left = have.sub(best.mul(activeAmount[l])).max(0.0)
                            .blend(0.0, DoubleVector.fromArray(S, ratio, l * L).compare(VectorOperators.EQ, best));
                    left = have.blend(left, pos);
                    left.intoArray(place, ro);
                    DoubleVector u = DoubleVector.fromArray(S, used, ro);
                    u.blend(u.add(have.sub(left)), pos).intoArray(used, ro);
                }
                s = s.blend(s.add(best), pos);
            }
            s.intoArray(oStarted, pt);
            code.intoArray(oBinding, pt);
            DoubleVector good = s.mul(DoubleVector.fromArray(S, asm, pt)).mul(DoubleVector.fromArray(S, tst, pt));
            good.intoArray(oGood, pt);
            if (m.prodTarget[p] >= 0) {
                DoubleVector.fromArray(S, tgt, pt).sub(good).max(0.0).intoArray(oShortfall, pt);
            } else {
                zero.intoArray(oShortfall, pt);
            }
        }
        for (int r = 0; r < R; r++) {
            int rt = (r * T + t) * L;
            DoubleVector a = DoubleVector.fromArray(S, avail, r * L);
            DoubleVector u = DoubleVector.fromArray(S, used, r * L).min(a);
            DoubleVector left = DoubleVector.fromArray(S, place, r * L).min(a).max(0.0);
            a.intoArray(oAvail, rt);
            u.intoArray(oUsed, rt);
            zero.blend(u.div(a), a.compare(VectorOperators.GT, 0.0)).intoArray(oUtil, rt);
            DoubleVector carry = m.resCarryover[r] ? left.mul(DoubleVector.fromArray(S, keep, r * L)) : zero;
            carry.intoArray(carried, r * L);
            carry.intoArray(oInv, rt);
        }
    }
}
