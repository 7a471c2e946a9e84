package dev.chipmc.benchmarks;

import dev.chipmc.engine.run.OutputLayout;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.engine.stats.QuantileMode;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.eval.CompiledModel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-sample statistics of one chunk of {@value #SAMPLES} samples with the reference
 * scenario's output layout (its column count and which columns keep quantiles), in nanoseconds
 * per sample (all columns of one sample):
 * <ul>
 *   <li>{@code perValueAdd}: {@link Accumulator#add} for every column of every row, as the engine
 *       did before block adds;</li>
 *   <li>{@code block}: each row copied into a column-major buffer of {@code blockRows} samples
 *       (what the engine's worker does), and every full buffer handed over with
 *       {@link Accumulator#addColumns};</li>
 *   <li>{@code addColumnsOnly}: one {@link Accumulator#addColumns} of a column-major block of all
 *       {@value #SAMPLES} samples into a fresh accumulator, the engine's per-chunk statistics
 *       without the copy into the block;</li>
 *   <li>{@link SketchMerge}: merging a finished chunk accumulator, built one way or the other,
 *       into a run state that has already taken 64 chunks (sketch mode only: an exact run state
 *       grows without bound), the part of the work done on the single merging thread.</li>
 * </ul>
 * The rows are synthetic but shaped like the model's outputs: moment-only columns are 0/1
 * indicators; quantile columns are lognormal, a third of them capped at a demand so that many
 * values tie, as for shipped units. The heap is fixed and touched in advance: otherwise the first
 * touch of fresh heap pages (4 MB of exact-quantile arrays per chunk) makes the scores swing by
 * a factor of ten from one iteration to the next.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class AccumulatorBenchmark {
    static final int SAMPLES = 4096;

    @Param({"EXACT", "SKETCH"})
    public QuantileMode mode;

    @Param({"4096", "256"})
    public int blockRows;

    private boolean[] flags;
    private int cols;
    private double[] rows;
    private double[] block;

    @Setup
    public void setUp() {
        flags = new OutputLayout(CompiledModel.compile(ScenarioLoader.builtIn())).quantileFlags();
        cols = flags.length;
        rows = rows(flags, 1);
        block = new double[cols * stride(blockRows)];
    }

    /**
     * Column stride of the buffer: {@code blockRows} plus one cache line, so that a row's values,
     * written a stride apart, fall in different cache sets (a power-of-two stride puts them all in
     * the same few sets of L1 and L2, which costs several times the whole block path).
     */
    static int stride(int blockRows) {
        return blockRows + 8;
    }

    static double[] rows(boolean[] flags, long seed) {
        int cols = flags.length;
        double[] rows = new double[SAMPLES * cols];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < SAMPLES; i++) {
            for (int c = 0; c < cols; c++) {
                double v;
                if (!flags[c]) {
                    v = rng.nextDouble() < 0.3 ? 1.0 : 0.0;
                } else {
                    v = 1000.0 * Math.exp(0.5 * gaussian(rng));
                    if (c % 3 == 0) {
                        v = Math.min(v, 1200.0);
                    }
                }
                rows[i * cols + c] = v;
            }
        }
        return rows;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; only the shape of the data matters here
        return Math.sqrt(-2.0 * Math.log(1.0 - rng.nextDouble())) * Math.cos(2.0 * Math.PI * rng.nextDouble());
    }

    static Accumulator perValue(boolean[] flags, QuantileMode mode, double[] rows) {
        int cols = flags.length;
        Accumulator a = Accumulator.create(cols, flags, mode);
        for (int i = 0; i < SAMPLES; i++) {
            int base = i * cols;
            for (int c = 0; c < cols; c++) {
                a.add(c, rows[base + c]);
            }
        }
        return a;
    }

    static Accumulator blocked(boolean[] flags, QuantileMode mode, double[] rows, double[] block, int blockRows) {
        int cols = flags.length;
        Accumulator a = Accumulator.create(cols, flags, mode);
        int stride = stride(blockRows);
        int filled = 0;
        for (int i = 0; i < SAMPLES; i++) {
            int base = i * cols;
            for (int c = 0; c < cols; c++) {
                block[c * stride + filled] = rows[base + c];
            }
            if (++filled == blockRows) {
                a.addColumns(block, stride, filled);
                filled = 0;
            }
        }
        if (filled > 0) {
            a.addColumns(block, stride, filled);
        }
        return a;
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public Accumulator perValueAdd() {
        return perValue(flags, mode, rows);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public Accumulator block() {
        return blocked(flags, mode, rows, block, blockRows);
    }

    /** The state for {@code addColumnsOnly}: all samples already in one column-major block. */
    @State(Scope.Thread)
    public static class FullBlock {
        boolean[] flags;
        double[] block;

        @Setup
        public void setUp() {
            flags = new OutputLayout(CompiledModel.compile(ScenarioLoader.builtIn())).quantileFlags();
            int cols = flags.length;
            double[] rows = rows(flags, 1);
            int stride = stride(SAMPLES);
            block = new double[cols * stride];
            for (int i = 0; i < SAMPLES; i++) {
                for (int c = 0; c < cols; c++) {
                    block[c * stride + i] = rows[i * cols + c];
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public Accumulator addColumnsOnly(FullBlock b) {
        Accumulator a = Accumulator.create(b.flags.length, b.flags, mode);
        a.addColumns(b.block, stride(SAMPLES), SAMPLES);
        return a;
    }

    /**
     * Merging one more chunk, built per value or by blocks, into a sketch run state that has taken
     * 64 chunks built the same way.
     */
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
    @State(Scope.Thread)
    public static class SketchMerge {
        @Param({"4096", "256"})
        public int blockRows;

        private Accumulator runByValue;
        private Accumulator runByBlock;
        private Accumulator chunkByValue;
        private Accumulator chunkByBlock;

        @Setup
        public void setUp() {
            boolean[] flags = new OutputLayout(CompiledModel.compile(ScenarioLoader.builtIn())).quantileFlags();
            double[] block = new double[flags.length * stride(blockRows)];
            runByValue = Accumulator.create(flags.length, flags, QuantileMode.SKETCH);
            runByBlock = Accumulator.create(flags.length, flags, QuantileMode.SKETCH);
            for (int c = 0; c < 64; c++) {
                double[] rows = rows(flags, 100 + c);
                runByValue.combine(perValue(flags, QuantileMode.SKETCH, rows));
                runByBlock.combine(blocked(flags, QuantileMode.SKETCH, rows, block, blockRows));
            }
            double[] rows = rows(flags, 99);
            chunkByValue = perValue(flags, QuantileMode.SKETCH, rows);
            chunkByBlock = blocked(flags, QuantileMode.SKETCH, rows, block, blockRows);
        }

        @Benchmark
        @OperationsPerInvocation(SAMPLES)
        public Accumulator combinePerValueChunk() {
            runByValue.combine(chunkByValue);
            return runByValue;
        }

        @Benchmark
        @OperationsPerInvocation(SAMPLES)
        public Accumulator combineBlockChunk() {
            runByBlock.combine(chunkByBlock);
            return runByBlock;
        }
    }
}
