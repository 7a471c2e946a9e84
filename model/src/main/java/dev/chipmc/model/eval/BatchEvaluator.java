package dev.chipmc.model.eval;

import dev.chipmc.model.BomLine;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Input;
import dev.chipmc.model.Periods;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import java.util.List;
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
     * class comment); then use {@link CompiledModel#newEvaluator()}. The first call in a JVM also warms
     * the vector code up ({@link #warmUp}).
     */
    public static Optional<BatchEvaluator> create(CompiledModel model) {
        if (!usable() || !model.amountsConstant) {
            return Optional.empty();
        }
        warmUp();
        return Optional.of(new BatchEvaluator(model));
    }

    /**
     * Whether this JVM has warmed the vector code up ({@link #create} has been called): then a batch
     * evaluator costs nothing more to start.
     */
    public static boolean isWarm() {
        return warm;
    }

    /**
     * {@link #warmUp} where {@link #vectorAvailable()}; nothing otherwise.
     *
     * @return whether the vector code is warm now
     */
    public static boolean warmUpIfAvailable() {
        if (usable()) {
            warmUp();
        }
        return warm;
    }

    /** The vector path is available and the preferred species has enough lanes. */
    private static boolean usable() {
        return vectorAvailable() && VectorAllocation.L >= MIN_LANES;
    }

    private static final Object WARM_UP = new Object();
    private static volatile boolean warm;
    /** Longest a warm-up runs, in nanoseconds. */
    private static final long WARM_UP_LIMIT_NANOS = 3_000_000_000L;

    /**
     * Until the JIT compiles it, Vector API code runs tens of times slower than scalar code (every vector
     * is an object), and the allocation of the reference scenario needs thousands of calls to be
     * compiled: about a second of a short run. So, once per JVM, this runs the vector allocation of a
     * tiny scenario that takes every path of it (lags, carryover or not, shares, products with and
     * without demand caps and targets, amounts that are powers of two and that are not, lanes that start
     * nothing), about ten times cheaper per call, until three rounds of calls in a row each cost under a fiftieth of the first
     * round (the compiled code; at most {@value #WARM_UP_LIMIT_NANOS} ns). Results never depend on it.
     */
    static void warmUp() {
        if (warm) {
            return;
        }
        synchronized (WARM_UP) {
            if (warm) {
                return;
            }
            Value x = new Value.Ref("x");
            Profile one = Profile.constant(1);
            Scenario tiny = new Scenario("warm-up", "", Periods.quarters(2026, 1, 3),
                    List.of(new Input("x", new Distribution.Uniform(0, 2))),
                    List.of(new Resource("a", "units", new Supply.Plain(new Profile.Ramp(Value.of(100), x,
                                    Value.of(0)), one), true, Value.of(0.1), 0, Value.of(0)),
                            new Resource("b", "units", new Supply.Plain(Profile.constant(x), one), false,
                                    Value.of(0), 1, Value.of(50))),
                    List.of(new Product("p", List.of(BomLine.count(BomLine.Kind.OTHER, "a", Value.of(1)),
                                    BomLine.count(BomLine.Kind.OTHER, "b", Value.of(3))), one, one,
                                    Optional.of(new Profile.Step(Value.of(0), Value.of(40), Value.of(1))),
                                    Optional.of(Profile.constant(30))),
                            new Product("q", List.of(BomLine.count(BomLine.Kind.OTHER, "a", Value.of(2)),
                                    BomLine.count(BomLine.Kind.OTHER, "b", Value.of(0.5))), one, one,
                                    Optional.empty(), Optional.empty())),
                    List.of(new Share("a", "p", Value.of(0.3))), List.of(), List.of(), false, Optional.empty());
            CompiledModel m = CompiledModel.compile(tiny);
            BatchEvaluator b = new BatchEvaluator(m);
            int n = b.lanes();
            double[][] inputs = new double[n][1];
            double[][] events = new double[n][0];
            SampleOutput[] out = new SampleOutput[n];
            for (int i = 0; i < n; i++) {
                inputs[i][0] = (i % 3) * 0.75;
                out[i] = m.newOutput();
            }
            long start = System.nanoTime();
            long first = -1;
            int fast = 0;
            while (fast < 3 && System.nanoTime() - start < WARM_UP_LIMIT_NANOS) {
                long t0 = System.nanoTime();
                for (int k = 0; k < 200; k++) {
                    b.evaluate(inputs, events, out);
                }
                long took = System.nanoTime() - t0;
                if (first < 0) {
                    first = took;
                }
                fast = took * 50 < first ? fast + 1 : 0;
            }
            warm = true;
        }
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
        evaluate(inputs, eventUniforms, out, true);
    }

    /**
     * {@link #evaluate(double[][], double[][], SampleOutput[])} without filling the outputs: the figures
     * stay lane-major, for {@link #laneGood} and the other lane-major views (a caller that writes them
     * straight into a column-major block needs no transposition); {@link #unpack} fills outputs from them
     * later. {@code out} is what a failing sample's evaluation may write into, as {@code evaluate} would.
     */
    public void evaluateLanes(double[][] inputs, double[][] eventUniforms, SampleOutput[] out) {
        evaluate(inputs, eventUniforms, out, false);
    }

    private void evaluate(double[][] inputs, double[][] eventUniforms, SampleOutput[] out, boolean unpack) {
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
        if (unpack) {
            unpack(out);
        }
    }

    /*
     * Lane-major views of the last evaluation: entry (cell * lanes() + lane), cell p * periods + t for
     * products, r * periods + t for resources. Read-only, valid until the next evaluation.
     */

    /** Good packages {@code V_{p,t}} of every lane, lane-major. */
    public double[] laneGood() {
        return kernel.oGood;
    }

    /** Packages started, lane-major. */
    public double[] laneStarted() {
        return kernel.oStarted;
    }

    /** Targets {@code G_{p,t}}, lane-major; 0 for a product without a target (as the row layout counts it). */
    public double[] laneTarget() {
        return kernel.tgt;
    }

    /** Binding constraint codes ({@link SampleOutput#binding}) as doubles, lane-major. */
    public double[] laneBinding() {
        return kernel.oBinding;
    }

    /** Available per resource and period, lane-major. */
    public double[] laneAvailable() {
        return kernel.oAvail;
    }

    /** Used per resource and period, lane-major. */
    public double[] laneUsed() {
        return kernel.oUsed;
    }

    /** Utilisation per resource and period, lane-major. */
    public double[] laneUtilisation() {
        return kernel.oUtil;
    }

    /** After {@link #evaluate}: sample {@code lane}'s total target at period {@code t}, NaN if none. */
    public double totalTarget(int lane, int t) {
        return lanes[lane].totalTarget(t);
    }

    /** Fills {@code out[0 .. lanes() - 1]} from the last evaluation, as {@link #evaluate} does. */
    public void unpack(SampleOutput[] out) {
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
