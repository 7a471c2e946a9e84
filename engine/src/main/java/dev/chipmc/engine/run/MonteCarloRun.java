package dev.chipmc.engine.run;

import dev.chipmc.engine.sampling.GaussianCopula;
import dev.chipmc.engine.sampling.InputSampler;
import dev.chipmc.engine.sampling.PointStream;
import dev.chipmc.engine.sampling.Points;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.engine.stats.QuantileMode;
import dev.chipmc.model.eval.BatchEvaluator;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.Evaluator;
import dev.chipmc.model.eval.SampleOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A Monte Carlo run of a compiled scenario: samples in fixed-size chunks, each chunk evaluated as one
 * task on a virtual thread with at most {@code threads} evaluating at once, and per-chunk results
 * merged strictly in chunk order on the calling thread.
 *
 * <p>Why results do not depend on the thread count: chunk {@code c}'s points come from
 * {@link Points#forChunk} with (seed, c) alone; every worker has its own evaluator and scratch
 * space; and the merge order is the chunk order, whatever order chunks finish in.
 *
 * <p>An instance is immutable and may be executed more than once; {@link #execute} is not reentrant.
 */
public final class MonteCarloRun {

    /** Told after each chunk is merged, in chunk order; returns false to stop the run there. */
    @FunctionalInterface
    public interface ChunkListener {
        boolean afterChunk(long chunksMerged, ChunkResult merged);

        ChunkListener NONE = (c, m) -> true;
    }

    /**
     * Bottleneck relaxations are computed on the samples whose global index is a multiple of this:
     * one sample in 64, the same whatever the thread count or chunking.
     */
    public static final int BOTTLENECK_EVERY = 64;

    /**
     * Runs of at least this many samples evaluate whole batches on vector lanes ({@link BatchEvaluator})
     * where the JVM allows it, and so do shorter ones once the JVM has warmed the vector code up: warming
     * it up (about half a second) costs a run of 2.5 x 10^5 samples more than the lanes save it, breaks
     * even between 5 x 10^5 and 7.5 x 10^5, and saves a run of 10^6 about 6 % (docs/BENCHMARKS.md).
     * Results are the same either way.
     */
    public static final long VECTOR_MIN_SAMPLES = 1_000_000;

    /**
     * For a job that runs several runs in this JVM (a sweep), {@code samples} in all: warms the vector
     * lanes up now if that is at least {@link #VECTOR_MIN_SAMPLES}, so that every run of the job uses
     * them, however short. Results are the same either way.
     *
     * @return whether this JVM's vector lanes are warm now
     */
    public static boolean warmLanesFor(long samples) {
        if (samples >= VECTOR_MIN_SAMPLES) {
            BatchEvaluator.warmUpIfAvailable();
        }
        return BatchEvaluator.isWarm();
    }

    /**
     * The tornado's rank correlations ({@link RankCorrelation}) are estimated on chunks
     * {@code 0 .. TORNADO_FIRST_CHUNKS - 1}, then on every {@value #TORNADO_EVERY}th chunk below
     * {@value #TORNADO_DENSE_CHUNKS}, then on every {@value #TORNADO_EVERY_LATER}th
     * ({@link #tornadoChunk}): ranking 50 inputs per chunk costs about as much as evaluating the model, a
     * quarter of the first million samples estimates the correlations to a few thousandths, and a run of
     * 10^9 samples still ranks about 16 million (standard error about 2.5e-4, the size of the chunked
     * estimate's bias). Which chunks count depends on the chunk index only, so results do not depend on
     * the thread count.
     */
    public static final int TORNADO_FIRST_CHUNKS = 8;

    /** See {@link #TORNADO_FIRST_CHUNKS}. */
    public static final int TORNADO_EVERY = 4;

    /** See {@link #TORNADO_FIRST_CHUNKS}: 4,194,304 samples at the default chunk size. */
    public static final int TORNADO_DENSE_CHUNKS = 1024;

    /** See {@link #TORNADO_FIRST_CHUNKS}. */
    public static final int TORNADO_EVERY_LATER = 64;

    /** Whether chunk {@code c} contributes to the tornado's rank correlations. */
    public static boolean tornadoChunk(long c) {
        return c < TORNADO_FIRST_CHUNKS
                || c % (c < TORNADO_DENSE_CHUNKS ? TORNADO_EVERY : TORNADO_EVERY_LATER) == 0;
    }

    /** Most doubles in a worker's column-major block buffer (8 MiB). */
    private static final int BLOCK_VALUES = 1 << 20;

    private final CompiledModel model;
    private final RunConfig config;
    private final OutputLayout layout;
    private final InputSampler sampler;
    private final GaussianCopula copula;
    private final QuantileMode mode;
    private final boolean[] quantileFlags;
    /**
     * Per cell with a target whose good packages and shortfall both keep quantiles: {good, target, shortfall}
     * columns, whose shortfall can be put in order from its good column's sort where the target is a
     * constant (sketch mode: {@code Worker.flush}; exact mode: {@link Accumulator#prepareQueries(int, int[][])});
     * empty when not used.
     */
    private final int[][] shortfallCells;
    /** Resources on some bill of materials, relaxed for the bottleneck figures, and per such resource the products that use it. */
    private final int[] relaxResources;
    private final int[][] relaxProducts;

    private MonteCarloRun(CompiledModel model, RunConfig config, boolean shortfallOrderFromGood) {
        this.model = model;
        this.config = config;
        this.layout = new OutputLayout(model);
        var scenario = model.scenario();
        this.copula = GaussianCopula.of(model.inputNames(), scenario.correlations(), scenario.repairCorrelations());
        this.sampler = InputSampler.of(model.inputDistributions(), copula, model.eventUniformCount());
        this.quantileFlags = layout.quantileFlags();
        this.mode = Accumulator.chooseMode(config.samples(), layout.quantileColumnCount(), config.quantileBudgetBytes());
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        if (shortfallOrderFromGood) {
            for (OutputLayout.Cell cell : layout.cells()) {
                if (cell.shortfall() >= 0 && cell.target() >= 0 && quantileFlags[cell.good()]
                        && quantileFlags[cell.shortfall()]) {
                    pairs.add(new int[] {cell.good(), cell.target(), cell.shortfall()});
                }
            }
        }
        this.shortfallCells = pairs.toArray(new int[0][]);
        java.util.List<Integer> relax = new java.util.ArrayList<>();
        java.util.List<int[]> users = new java.util.ArrayList<>();
        for (int r = 0; r < model.resources(); r++) {
            String name = model.resourceName(r);
            java.util.List<Integer> ps = new java.util.ArrayList<>();
            for (int p = 0; p < model.products(); p++) {
                if (scenario.products().get(p).bom().stream().anyMatch(l -> l.resource().equals(name))) {
                    ps.add(p);
                }
            }
            if (!ps.isEmpty()) {
                relax.add(r);
                users.add(ps.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        this.relaxResources = relax.stream().mapToInt(Integer::intValue).toArray();
        this.relaxProducts = users.toArray(new int[0][]);
    }

    /**
     * Prepares a run; an {@link IllegalArgumentException} names a scenario problem the engine finds
     * (a correlation matrix that is not positive definite, for one).
     */
    public static MonteCarloRun prepare(CompiledModel model, RunConfig config) {
        return new MonteCarloRun(model, config, true);
    }

    /**
     * {@link #prepare}, with or without ordering a shortfall column from its good column's sort (see
     * {@code Worker.flush}); for the test that shows both give the same state.
     */
    static MonteCarloRun prepare(CompiledModel model, RunConfig config, boolean shortfallOrderFromGood) {
        return new MonteCarloRun(model, config, shortfallOrderFromGood);
    }

    public CompiledModel model() {
        return model;
    }

    /** Number of cells whose shortfall may be put in order from their good column's sort. */
    int shortfallOrderCells() {
        return shortfallCells.length;
    }

    public RunConfig config() {
        return config;
    }

    public OutputLayout layout() {
        return layout;
    }

    public QuantileMode quantileMode() {
        return mode;
    }

    public int dimensions() {
        return sampler.dimensions();
    }

    /** The copula's warning when it repaired the scenario's correlation matrix. */
    public Optional<String> correlationWarning() {
        return copula.repairWarning();
    }

    /** An empty result: the state of a run before its first chunk. */
    public ChunkResult emptyResult() {
        return new ChunkResult(Accumulator.create(layout.columnCount(), quantileFlags, mode),
                model.products() * model.periods() * model.bindingCodes(), model.resources() * model.periods(),
                model.inputCount() * layout.rankColumnCount(), model.products() * model.periods() * model.resources());
    }

    /** Runs every chunk; see {@link #execute(long, ChunkResult, SampleSink, ChunkListener)}. */
    public RunResult execute(SampleSink sink, ChunkListener listener) throws IOException, InterruptedException {
        return execute(0, emptyResult(), sink, listener);
    }

    /**
     * Runs chunks {@code firstChunk ..} and merges them, in order, into {@code merged} (the state after
     * the chunks before {@code firstChunk}). Stops after the last chunk, or when the listener says so.
     *
     * @param sink where per-sample rows go, or {@code null}
     */
    public RunResult execute(long firstChunk, ChunkResult merged, SampleSink sink, ChunkListener listener)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        long chunks = config.chunks();
        merged.stats().reserve(config.samples());
        int threads = config.threads();
        // A worker holds an evaluator and a block of several MiB: no more of them than chunks to run.
        int pool = (int) Math.max(1, Math.min(threads, chunks - firstChunk));
        BlockingQueue<Worker> workers = new ArrayBlockingQueue<>(pool);
        for (int i = 0; i < pool; i++) {
            workers.add(new Worker());
        }
        int window = threads * 4;
        long done = firstChunk;
        boolean stoppedEarly = false;
        Deque<Future<ChunkResult>> inFlight = new ArrayDeque<>();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            long next = firstChunk;
            while (done < chunks) {
                while (next < chunks && inFlight.size() < window) {
                    long c = next++;
                    inFlight.add(executor.submit(() -> {
                        Worker w = workers.take();
                        try {
                            return w.evaluate(c, sink);
                        } finally {
                            workers.put(w);
                        }
                    }));
                }
                ChunkResult r = inFlight.poll().get();
                merged.combine(r);
                done++;
                if (!listener.afterChunk(done, merged)) {
                    stoppedEarly = done < chunks;
                    break;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException uio) {
                throw uio.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            for (Future<ChunkResult> f : inFlight) {
                f.cancel(true);
            }
            executor.shutdownNow();
            executor.close();
        }
        merged.stats().prepareQueries(threads, shortfallCells);
        return new RunResult(this, merged, done, stoppedEarly, System.nanoTime() - started);
    }

    /**
     * Evaluates chunk {@code c} alone, as a worker of {@link #execute} does: the result is the one
     * {@code execute} merges for that chunk, bit for bit, so that chunks evaluated elsewhere (other
     * processes, other machines) and merged in chunk order into {@link #emptyResult()} give the same
     * state as a local run. Thread-safe: each call uses its own worker state.
     *
     * @param sink where the chunk's per-sample rows go, or {@code null}
     */
    public ChunkResult evaluateChunk(long c, SampleSink sink) throws IOException {
        return chunkEvaluator().evaluate(c, sink);
    }

    /**
     * A worker's state for evaluating chunks one after another on one thread, as a task that runs many
     * chunks does (a Spark task): {@link ChunkEvaluator#evaluate} gives what {@link #evaluateChunk} gives for
     * each chunk, bit for bit, without building an evaluator and a statistics block of several MiB per chunk.
     */
    public ChunkEvaluator chunkEvaluator() {
        return new ChunkEvaluator();
    }

    /** See {@link #chunkEvaluator()}. Not thread-safe. */
    public final class ChunkEvaluator {
        private final Worker worker = new Worker();

        private ChunkEvaluator() {
        }

        /**
         * Chunk {@code c}, as {@link #evaluateChunk} evaluates it; chunks may come in any order.
         *
         * @param sink where the chunk's per-sample rows go, or {@code null}
         */
        public ChunkResult evaluate(long c, SampleSink sink) throws IOException {
            if (c < 0 || c >= config.chunks()) {
                throw new IllegalArgumentException("chunk " + c + " is outside 0.." + (config.chunks() - 1));
            }
            return worker.evaluate(c, sink);
        }
    }

    /**
     * The result of {@code merged}, the state after {@code chunksDone} chunks, without running any: for a
     * run whose chunks are all done (or that stopped) and whose tables must be written again.
     */
    public RunResult resultOf(ChunkResult merged, long chunksDone, boolean stoppedEarly) {
        return new RunResult(this, merged, chunksDone, stoppedEarly, 0);
    }

    /**
     * After a sample's {@link Evaluator#evaluateTracked}: for every resource on some bill of materials and
     * every period where it may have bound, the
     * volume each product using it would have gained with that resource unlimited in that period
     * ({@link Evaluator#relaxedGood}), added to the result's sums.
     */
    private void relaxSample(Evaluator evaluator, SampleOutput out, double[] relaxedGood, ChunkResult res) {
        int periods = model.periods();
        int resources = model.resources();
        for (int k = 0; k < relaxResources.length; k++) {
            int r = relaxResources[k];
            for (int t = 0; t < periods; t++) {
                if (!evaluator.mayBind(r, t)) {
                    // Unlimiting r at t would change no volume: the volume lost is exactly 0 for every
                    // product, and adding 0 to the sums changes nothing (Evaluator.mayBind).
                    continue;
                }
                evaluator.relaxedGood(r, t, relaxedGood);
                for (int p : relaxProducts[k]) {
                    double lost = relaxedGood[p] - out.good[p * periods + t];
                    int o = ((p * periods + t) * resources + r) * 2;
                    res.lostSums[o] += lost;
                    res.lostSums[o + 1] += lost * lost;
                }
            }
        }
        res.relaxedSamples++;
    }

    /** Per-worker state: evaluator, sampler worker and scratch arrays, reused across chunks. */
    private final class Worker {
        final Evaluator evaluator = model.newEvaluator();
        final SampleOutput out = model.newOutput();
        final InputSampler.Worker inputs = sampler.newWorker();
        final double[] u = new double[sampler.dimensions()];
        final double[] x = new double[model.inputCount()];
        final double[] eventU = new double[model.eventUniformCount()];
        final double[] scratch = new double[layout.scratchLength()];
        final OutputLayout.TotalTarget totalTarget = evaluator::totalTarget;
        /** Several samples at once on vector lanes where the JVM and the model allow it, else null. */
        final BatchEvaluator batch = config.samples() >= VECTOR_MIN_SAMPLES || BatchEvaluator.isWarm()
                ? BatchEvaluator.create(model).orElse(null) : null;
        final double[][] laneX = batch == null ? null : new double[batch.lanes()][model.inputCount()];
        final double[][] laneEventU = batch == null ? null : new double[batch.lanes()][model.eventUniformCount()];
        final SampleOutput[] laneOut = batch == null ? null : newOutputs(batch.lanes());
        final OutputLayout.TotalTarget[] laneTarget = batch == null ? null : laneTargets(batch);
        final double[] laneScratch = batch == null ? null : new double[layout.scratchLength() * batch.lanes()];
        final RankCorrelation.Work rank = new RankCorrelation.Work(model.inputCount(), layout.rankColumnCount(),
                config.chunkSize());
        final double[] relaxedGood = new double[model.products()];
        /** The chunk's sums of the resource figures per (resource, period), see ChunkResult.RESOURCE_FIGURES. */
        final double[] sumAvailable = new double[model.resources() * model.periods()];
        final double[] sumUsed = new double[sumAvailable.length];
        final double[] sumUtilisation = new double[sumAvailable.length];
        final double[] sumHigh = new double[sumAvailable.length];
        /*
         * Rows go column by column into this buffer and reach the statistics a block at a time
         * (Accumulator.addColumns): a whole chunk, or fewer rows (at least 256) where the buffer
         * would pass BLOCK_VALUES. The block length depends on the layout and chunk size only,
         * never on the thread count. The
         * stride has one cache line more than the block, so that one row's values do not all fall
         * into the same cache sets as they would a power of two apart.
         */
        final int blockRows = Math.min(config.chunkSize(), Math.max(256, BLOCK_VALUES / Math.max(1, layout.columnCount())));
        final int stride = blockRows + 8;
        final double[] block = new double[layout.columnCount() * stride];

        final int cells = model.products() * model.periods();
        final int codes = model.bindingCodes();
        final int resCells = model.resources() * model.periods();

        /**
         * Sample {@code i} of the chunk, one at a time: its point, inputs and evaluation, then
         * {@link #record}.
         */
        private void sample(PointStream points, int i, int filled, boolean relaxHere, boolean tornado, long[] binding) {
            points.next(u);
            inputs.map(u, x, eventU);
            if (relaxHere) {
                evaluator.evaluateTracked(x, eventU, out);
            } else {
                evaluator.evaluate(x, eventU, out);
            }
            record(i, filled, tornado, binding, x, out, totalTarget);
        }

        /**
         * Sample {@code i}'s columns into row {@code filled} of the block, its inputs and headline outputs
         * into the tornado's columns, its binding counts and resource sums.
         */
        private void record(int i, int filled, boolean tornado, long[] binding, double[] x, SampleOutput out,
                OutputLayout.TotalTarget target) {
            layout.fill(out, target, scratch, block, filled, stride);
            if (tornado) {
                for (int k = 0; k < rank.outputs; k++) {
                    rank.y[k * rank.capacity + i] = block[layout.rankColumn(k) * stride + filled];
                }
                for (int k = 0; k < x.length; k++) {
                    rank.x[k * rank.capacity + i] = x[k];
                }
            }
            for (int j = 0; j < cells; j++) {
                binding[j * codes + out.binding[j]]++;
            }
            // Four plain array sums (which C2 vectorises) instead of one interleaved loop; each sum
            // still adds its samples in order, so the totals are the same.
            double[] available = out.available;
            double[] used = out.used;
            double[] utilisation = out.utilisation;
            for (int j = 0; j < resCells; j++) {
                sumAvailable[j] += available[j];
            }
            for (int j = 0; j < resCells; j++) {
                sumUsed[j] += used[j];
            }
            for (int j = 0; j < resCells; j++) {
                sumUtilisation[j] += utilisation[j];
            }
            for (int j = 0; j < resCells; j++) {
                sumHigh[j] += utilisation[j] > 0.99 ? 1 : 0;
            }
        }

        /**
         * {@link #record} for the {@code lanes} samples {@code i ..} of the last
         * {@link BatchEvaluator#evaluateLanes}, into rows {@code filled ..} of the block: the same values,
         * and every sum adds its samples in the same order.
         */
        private void recordLanes(int i, int filled, boolean tornado, long[] binding) {
            int n = batch.lanes();
            layout.fillLanes(batch.laneGood(), batch.laneStarted(), batch.laneTarget(), laneTarget, n, laneScratch,
                    block, filled, stride);
            if (tornado) {
                for (int k = 0; k < rank.outputs; k++) {
                    System.arraycopy(block, layout.rankColumn(k) * stride + filled, rank.y, k * rank.capacity + i, n);
                }
                for (int l = 0; l < n; l++) {
                    double[] xl = laneX[l];
                    for (int k = 0; k < xl.length; k++) {
                        rank.x[k * rank.capacity + i + l] = xl[k];
                    }
                }
            }
            double[] code = batch.laneBinding();
            for (int j = 0; j < cells; j++) {
                // Usually the same constraint binds a cell in every lane: one addition then, instead of a
                // chain of increments of one counter.
                int o = j * n;
                double first = code[o];
                boolean same = true;
                for (int l = 1; l < n; l++) {
                    same &= code[o + l] == first;
                }
                if (same) {
                    binding[j * codes + (int) first] += n;
                } else {
                    for (int l = 0; l < n; l++) {
                        binding[j * codes + (int) code[o + l]]++;
                    }
                }
            }
            double[] available = batch.laneAvailable();
            double[] used = batch.laneUsed();
            double[] utilisation = batch.laneUtilisation();
            for (int j = 0; j < resCells; j++) {
                int o = j * n;
                double a = sumAvailable[j];
                double u = sumUsed[j];
                double z = sumUtilisation[j];
                int high = 0;
                for (int l = 0; l < n; l++) {
                    a += available[o + l];
                    u += used[o + l];
                    double x = utilisation[o + l];
                    z += x;
                    high += x > 0.99 ? 1 : 0;
                }
                sumAvailable[j] = a;
                sumUsed[j] = u;
                sumUtilisation[j] = z;
                // a count below 2^53: adding it at once gives the double that adding its ones in turn gives
                sumHigh[j] += high;
            }
        }

        private SampleOutput[] newOutputs(int n) {
            SampleOutput[] outs = new SampleOutput[n];
            for (int l = 0; l < n; l++) {
                outs[l] = model.newOutput();
            }
            return outs;
        }

        private static OutputLayout.TotalTarget[] laneTargets(BatchEvaluator b) {
            OutputLayout.TotalTarget[] targets = new OutputLayout.TotalTarget[b.lanes()];
            for (int l = 0; l < targets.length; l++) {
                int lane = l;
                targets[l] = t -> b.totalTarget(lane, t);
            }
            return targets;
        }

        final boolean orderShortfalls = shortfallCells.length > 0 && mode == QuantileMode.SKETCH;
        final double[] sortedGood = orderShortfalls ? new double[blockRows] : null;
        final double[] sortedShortfall = orderShortfalls ? new double[blockRows] : null;
        final boolean[] flushed = new boolean[layout.columnCount()];

        /**
         * The block's first {@code rows} rows into the chunk's statistics: {@link Accumulator#addColumns}, except
         * that in sketch mode a cell whose target has the same value {@code T} in every row has its shortfall,
         * {@code max(0, T - good)}, which falls as good rises, put in ascending order from its good column's
         * sort, so the sketch sorts one of the two columns ({@link Accumulator#addBlock(double[], int, int, int,
         * double[], int)}). Each column's state is bit for bit the same (a test compares whole runs): 22 of the
         * 122 sorts of a reference chunk saved.
         */
        private void flush(Accumulator stats, int rows) {
            if (!orderShortfalls) {
                stats.addColumns(block, stride, rows);
                return;
            }
            boolean[] done = flushed;
            java.util.Arrays.fill(done, false);
            for (int[] cell : shortfallCells) {
                int good = cell[0] * stride;
                int target = cell[1] * stride;
                long bits = Double.doubleToRawLongBits(block[target]);
                boolean constant = true;
                for (int i = 1; i < rows; i++) {
                    constant &= Double.doubleToRawLongBits(block[target + i]) == bits;
                }
                if (!constant) {
                    continue;
                }
                double t = block[target];
                System.arraycopy(block, good, sortedGood, 0, rows);
                java.util.Arrays.sort(sortedGood, 0, rows);
                // fill's max(0, target - good), good from largest to smallest
                for (int i = 0; i < rows; i++) {
                    sortedShortfall[i] = Math.max(0, t - sortedGood[rows - 1 - i]);
                }
                stats.addBlock(block, cell[0], good, rows, sortedGood, 0);
                stats.addBlock(block, cell[2], cell[2] * stride, rows, sortedShortfall, 0);
                done[cell[0]] = true;
                done[cell[2]] = true;
            }
            for (int col = 0; col < done.length; col++) {
                if (!done[col]) {
                    stats.addBlock(block, col, col * stride, rows);
                }
            }
        }

        ChunkResult evaluate(long c, SampleSink sink) throws IOException {
            int len = config.chunkLength(c);
            // LHS stratifies within the chunk's own samples; Sobol numbers points by global index
            // c * chunkSize + i, so it needs the run's chunk size even for a short last chunk.
            SamplerKind kind = config.sampler();
            PointStream points = Points.forChunk(kind, u.length, config.seed(), c,
                    kind == SamplerKind.LHS ? len : config.chunkSize());
            ChunkResult res = emptyResult();
            Accumulator stats = res.stats;
            long[] binding = res.bindingCounts;
            double[] rs = res.resourceSums;
            SampleSink.Chunk writer = sink == null ? null : sink.open(c);
            boolean ok = false;
            try {
                java.util.Arrays.fill(sumAvailable, 0.0);
                java.util.Arrays.fill(sumUsed, 0.0);
                java.util.Arrays.fill(sumUtilisation, 0.0);
                java.util.Arrays.fill(sumHigh, 0.0);
                long firstId = c * config.chunkSize();
                boolean tornado = tornadoChunk(c);
                int filled = 0;
                int i = 0;
                if (batch != null) {
                    // Whole batches on the vector lanes, then the rest one by one: the samples, their
                    // order and every figure are those of the loop below (BatchEvaluator is exact).
                    int lanes = batch.lanes();
                    for (; i + lanes <= len; i += lanes) {
                        for (int l = 0; l < lanes; l++) {
                            points.next(u);
                            inputs.map(u, laneX[l], laneEventU[l]);
                        }
                        // Rows filled .. filled + lanes - 1 of the block, written lane-major straight
                        // from the lanes when they fit before the block is full.
                        boolean direct = filled + lanes <= blockRows;
                        if (direct) {
                            batch.evaluateLanes(laneX, laneEventU, laneOut);
                            recordLanes(i, filled, tornado, binding);
                            if (writer != null) {
                                batch.unpack(laneOut);
                            }
                        } else {
                            batch.evaluate(laneX, laneEventU, laneOut);
                        }
                        for (int l = 0; l < lanes; l++) {
                            long id = firstId + i + l;
                            if (!direct) {
                                record(i + l, filled, tornado, binding, laneX[l], laneOut[l], laneTarget[l]);
                            }
                            if (id % BOTTLENECK_EVERY == 0) {
                                // the same figures again, with the state the relaxations restart from
                                evaluator.evaluateTracked(laneX[l], laneEventU[l], out);
                                relaxSample(evaluator, out, relaxedGood, res);
                            }
                            if (writer != null) {
                                writer.accept(id, laneX[l], laneOut[l]);
                            }
                            if (++filled == blockRows) {
                                flush(stats, filled);
                                filled = 0;
                            }
                        }
                    }
                }
                for (; i < len; i++) {
                    boolean relaxHere = (firstId + i) % BOTTLENECK_EVERY == 0;
                    sample(points, i, filled, relaxHere, tornado, binding);
                    if (relaxHere) {
                        relaxSample(evaluator, out, relaxedGood, res);
                    }
                    if (writer != null) {
                        writer.accept(firstId + i, x, out);
                    }
                    if (++filled == blockRows) {
                        flush(stats, filled);
                        filled = 0;
                    }
                }
                if (filled > 0) {
                    flush(stats, filled);
                }
                for (int j = 0; j < resCells; j++) {
                    int o = j * ChunkResult.RESOURCE_FIGURES;
                    rs[o] += sumAvailable[j];
                    rs[o + 1] += sumUsed[j];
                    rs[o + 2] += sumUtilisation[j];
                    rs[o + 3] += sumHigh[j];
                }
                if (tornado) {
                    rank.addChunk(len, res.rankSums);
                }
                res.samples = len;
                if (writer != null) {
                    writer.close();
                }
                ok = true;
                return res;
            } finally {
                if (!ok && writer != null) {
                    writer.abort();
                }
            }
        }
    }
}
