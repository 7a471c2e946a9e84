package dev.chipmc.model.eval;

import java.util.Optional;

/**
 * Evaluates several samples at once, exactly as {@link Evaluator#evaluate} evaluates each (bit for bit,
 * exceptions included), with the allocation of MODEL.md section 6, the larger part of an evaluation,
 * done for all of them together on vector lanes ({@link VectorAllocation}): about twice as fast per
 * sample as the scalar evaluator on a CPU with AVX-512 (docs/BENCHMARKS.md). Profiles, events and
 * production (sections 3 to 5, 7) are still computed sample by sample.
 *
 * <p>It needs the JDK's Vector API, which is still an incubator module: the JVM must be started with
 * {@code --add-modules jdk.incubator.vector} (the {@code chipmc} launcher does). {@link #create} gives
 * nothing, and callers use {@link Evaluator} alone, where the module is absent, where the system
 * property {@value #PROPERTY} is {@code false}, where the preferred vector species has fewer than
 * {@value #MIN_LANES} lanes of {@code double}, or where a bill-of-materials amount is sampled (lanes
 * would need different lines).
 *
 * <p>Not thread-safe: one instance per worker. {@link #evaluate} allocates nothing.
 */
public final class BatchEvaluator {
    /** System property: {@code false} turns the vector path off ({@link #create} gives nothing). */
    public static final String PROPERTY = "chipmc.vector";
    /** The module that holds the Vector API. */
    public static final String MODULE = "jdk.incubator.vector";
    /** Fewest lanes worth a batch. */
    public static final int MIN_LANES = 4;

    private final CompiledModel m;
    private final Evaluator[] lanes;
    private final VectorAllocation kernel;

    private BatchEvaluator(CompiledModel model) {
        m = model;
        kernel = new VectorAllocation(model);
        lanes = new Evaluator[VectorAllocation.L];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Evaluator(model);
        }
    }

    /**
     * A batch evaluator for {@code model}, or empty where the vector path is unavailable or off (see the
     * class comment); then use {@link CompiledModel#newEvaluator()}.
     */
    public static Optional<BatchEvaluator> create(CompiledModel model) {
        if (!vectorAvailable() || !model.amountsConstant || VectorAllocation.L < MIN_LANES) {
            return Optional.empty();
        }
        return Optional.of(new BatchEvaluator(model));
    }

    /**
     * Whether this JVM can run the vector path: the {@value #MODULE} module is in the boot layer and the
     * property {@value #PROPERTY} is not {@code false}. Nothing of the Vector API is loaded to find out.
     */
    public static boolean vectorAvailable() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY))
                && ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** Samples per call of {@link #evaluate}: the lanes of a vector of {@code double} (8 with AVX-512). */
    public int lanes() {
        return lanes.length;
    }

    /**
     * Evaluates samples {@code 0 .. lanes() - 1}: {@code out[i]} gets exactly what
     * {@link Evaluator#evaluate}{@code (inputs[i], eventUniforms[i], out[i])} would give it. Where that
     * would throw for some sample, this throws the same exception as the first such sample would, after
     * evaluating the samples before it one by one.
     *
     * @throws IllegalArgumentException as {@link Evaluator#evaluate}, or if an array has fewer than
     *         {@link #lanes()} entries
     */
    public void evaluate(double[][] inputs, double[][] eventUniforms, SampleOutput[] out) {
        int n = lanes.length;
        if (inputs.length < n || eventUniforms.length < n || out.length < n) {
            throw new IllegalArgumentException("need " + n + " samples, got " + inputs.length + " inputs, "
                    + eventUniforms.length + " event uniform arrays and " + out.length + " outputs");
        }
        try {
            for (int i = 0; i < n; i++) {
                lanes[i].checkArguments(inputs[i], eventUniforms[i], out[i]);
                lanes[i].prepare(inputs[i], eventUniforms[i]);
            }
            kernel.run(lanes);
        } catch (VectorAllocation.Unbounded | IllegalArgumentException e) {
            // The scalar evaluator, sample by sample, throws what a one-by-one evaluation would.
            for (int i = 0; i < n; i++) {
                lanes[i].evaluate(inputs[i], eventUniforms[i], out[i]);
            }
            throw new IllegalStateException("the vector allocation failed where the scalar one did not", e);
        }
        unpack(out);
    }

    /** After {@link #evaluate}: sample {@code lane}'s total target at period {@code t}, NaN if none. */
    public double totalTarget(int lane, int t) {
        return lanes[lane].totalTarget(t);
    }

    private void unpack(SampleOutput[] out) {
        int n = lanes.length;
        int periods = m.periods;
        int cells = m.products * periods;
        int resCells = m.resources * periods;
        VectorAllocation k = kernel;
        for (int lane = 0; lane < n; lane++) {
            SampleOutput o = out[lane];
            double[] prof = lanes[lane].prof;
            for (int i = 0, j = lane; i < cells; i++, j += n) {
                o.started[i] = k.oStarted[j];
                o.good[i] = k.oGood[j];
                o.binding[i] = (int) k.oBinding[j];
                o.shortfall[i] = k.oShortfall[j];
            }
            for (int p = 0; p < m.products; p++) {
                int target = m.prodTarget[p];
                for (int t = 0; t < periods; t++) {
                    o.target[p * periods + t] = target >= 0 ? prof[target * periods + t] : Double.NaN;
                }
            }
            for (int i = 0, j = lane; i < resCells; i++, j += n) {
                o.available[i] = k.oAvail[j];
                o.used[i] = k.oUsed[j];
                o.utilisation[i] = k.oUtil[j];
                o.inventory[i] = k.oInv[j];
            }
        }
    }
}
