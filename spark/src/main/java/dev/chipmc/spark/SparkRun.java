package dev.chipmc.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.run.ChunkResult;
import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.RunResult;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.run.RunTables;
import dev.chipmc.io.run.SampleParts;
import dev.chipmc.io.run.ScenarioJson;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.CompiledModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A chipmc run on Spark: the run's chunks (4096 samples each) are split into tasks of
 * {@code chunksPerTask} consecutive chunks; each task rebuilds the model from the shipped scenario
 * and evaluates its chunks with one {@link MonteCarloRun#chunkEvaluator} (the code a local run's workers
 * run) and returns each chunk's {@link ChunkResult} as bytes ({@link ChunkResult#write}). The driver
 * merges them strictly in chunk order, as {@link MonteCarloRun#execute} does, so the summary is
 * bit for bit that of {@code chipmc run} with the same scenario, seed, sampler and sample count.
 *
 * <p>Tasks are submitted in waves of {@code tasksPerWave}: the driver holds at most one wave's chunk
 * results before merging them, whatever the run's size. With {@code --write-samples} each task
 * publishes its chunks' parts ({@code samples/part-NNNNN.parquet}, {@code inputs/part-NNNNN.parquet})
 * through {@link OutputStore}: a retried task writes the same bytes under the same final name.
 * The output directory is staged as {@code <out>.partial} and renamed when complete.
 *
 * <p>Not thread-safe: one run per instance of the driver program at a time.
 */
public final class SparkRun {
    /** Spark configuration key (tests only): the task index whose first attempt throws, to exercise retries. */
    public static final String FAIL_FIRST_ATTEMPT_KEY = "spark.chipmc.test.failFirstAttemptOfTask";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How the run is split: chunks per Spark task, and tasks run before the driver merges. */
    public record Split(int chunksPerTask, int tasksPerWave) {
        public static Split of(int chunksPerTask, int tasksPerWave) {
            if (chunksPerTask < 1) {
                throw new IllegalArgumentException("chunksPerTask must be at least 1, got " + chunksPerTask);
            }
            if (tasksPerWave < 1) {
                throw new IllegalArgumentException("tasksPerWave must be at least 1, got " + tasksPerWave);
            }
            return new Split(chunksPerTask, tasksPerWave);
        }
    }

    /** What the run produced: where, the merged result, and the number of Spark tasks. */
    public record Outcome(String directory, RunResult result, Scenario scenario, int tasks) {
    }

    /** One chunk's result as it travels from an executor to the driver. */
    public record ChunkBytes(long chunk, byte[] bytes) implements Serializable {
    }

    private SparkRun() {
    }

    /**
     * Runs {@code req} on {@code spark} and writes the run directory to {@code out} (a local path or
     * any URI Hadoop can write); {@code req.out()} and {@code req.threads()} are not used.
     */
    public static Outcome run(SparkSession spark, RunRequest req, String out, Split split, PrintStream log)
            throws ScenarioException, BadInputException, IOException {
        ScenarioSource source = ScenarioSource.of(req);
        Scenario scenario = RunJob.scenario(req);
        CompiledModel model;
        MonteCarloRun run;
        try {
            model = CompiledModel.compile(scenario);
            run = prepare(model, req);
        } catch (IllegalArgumentException e) {
            throw new BadInputException((req.scenario() == null ? "built-in reference scenario" : req.scenario().toString())
                    + ": " + e.getMessage(), e);
        }
        run.correlationWarning().ifPresent(w -> log.println("warning: " + w));
        OutputStore target = new OutputStore(out, spark.sparkContext().hadoopConfiguration());
        OutputStore partial = target.sibling(RunJob.PARTIAL_SUFFIX);
        if (target.exists("")) {
            throw new BadInputException("--out " + out + ": already exists; choose another directory or remove it");
        }
        if (partial.exists("")) {
            throw new BadInputException("--out " + out + ": " + partial.root() + " exists (an unfinished Spark run); remove it first");
        }
        partial.fs().mkdirs(partial.path(""));
        Map<String, String> meta = RunJob.metadata(scenario, req, model);

        long chunks = run.config().chunks();
        int tasks = (int) Math.min(Integer.MAX_VALUE, (chunks + split.chunksPerTask() - 1) / split.chunksPerTask());
        List<long[]> ranges = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            long from = (long) t * split.chunksPerTask();
            ranges.add(new long[] {from, Math.min(chunks, from + split.chunksPerTask())});
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int failTask = Integer.parseInt(spark.conf().get(FAIL_FIRST_ATTEMPT_KEY, "-1"));
        ChunkTask task = new ChunkTask(source, req.samples(), req.seed(), req.sampler().label(), req.quantileBudgetBytes(),
                req.writeSamples() ? partial : null, meta, failTask);
        JavaRDD<ChunkBytes> results = jsc.parallelize(ranges, Math.max(1, tasks)).mapPartitions(task::apply);

        long started = System.nanoTime();
        ChunkResult merged = run.emptyResult();
        merged.stats().reserve(run.config().samples());
        long next = 0;
        for (int first = 0; first < tasks; first += split.tasksPerWave()) {
            int n = Math.min(split.tasksPerWave(), tasks - first);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = first + i;
            }
            List<ChunkBytes>[] wave = results.collectPartitions(ids);
            for (List<ChunkBytes> part : wave) {
                for (ChunkBytes cb : part) {
                    if (cb.chunk() != next) {
                        throw new IllegalStateException("chunk " + cb.chunk() + " arrived where chunk " + next + " was due");
                    }
                    merged.combine(read(cb.bytes()));
                    next++;
                }
            }
            log.printf(Locale.ROOT, "chipmc-spark: %d / %d chunks merged%n", next, chunks);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        RunResult result = run.resultOf(merged, next, false);
        String reason = "sample budget reached";
        Path local = Files.createTempDirectory("chipmc-spark-run-");
        try {
            Map<String, String> tableMeta = new java.util.LinkedHashMap<>(meta);
            tableMeta.put("chipmc.stop_reason", reason);
            RunTables.writeAll(local, result, tableMeta);
            Files.writeString(local.resolve(RunJob.RUN_JSON),
                    JSON.writeValueAsString(manifest(req, scenario, run, result, reason, seconds, tasks)), StandardCharsets.UTF_8);
            try (Stream<Path> files = Files.list(local)) {
                for (Path f : files.sorted().toList()) {
                    partial.publish(f, f.getFileName().toString());
                }
            }
        } finally {
            deleteTree(local);
        }
        partial.renameTo(target);
        return new Outcome(out, result, scenario, tasks);
    }

    static MonteCarloRun prepare(CompiledModel model, RunRequest req) {
        return MonteCarloRun.prepare(model, new RunConfig(req.samples(), req.seed(), 1, req.sampler(),
                RunConfig.DEFAULT_CHUNK_SIZE, req.quantileBudgetBytes()));
    }

    static ChunkResult read(byte[] bytes) {
        try {
            return ChunkResult.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode manifest(RunRequest req, Scenario scenario, MonteCarloRun run, RunResult result,
            String reason, double seconds, int tasks) {
        ObjectNode j = JSON.createObjectNode();
        j.put("format", RunJob.FORMAT);
        j.put("version", Version.get());
        j.put("status", "complete");
        j.put("executor", "spark");
        j.put("spark_tasks", tasks);
        ScenarioJson.describe(j, scenario, req.scenario(), req.overrides());
        j.put("seed", req.seed());
        j.put("sampler", req.sampler().label());
        j.put("samples_requested", req.samples());
        j.put("chunk_size", run.config().chunkSize());
        j.put("chunks_total", run.config().chunks());
        j.put("quantile_budget_bytes", req.quantileBudgetBytes());
        j.put("quantile_method", run.quantileMode().name().toLowerCase(Locale.ROOT));
        j.put("write_samples", req.writeSamples());
        j.put("chunks_done", result.chunksDone());
        j.put("samples_done", result.samples());
        j.put("stop_reason", reason);
        j.putNull("precision_met");
        j.put("samples", result.samples());
        j.put("chunks", result.chunksDone());
        j.putNull("checkpoint");
        ObjectNode timing = j.putObject("timings");
        timing.put("finished_at", Instant.now().toString());
        timing.put("sampling_seconds", seconds);
        timing.put("samples_per_second", seconds > 0 ? result.samples() / seconds : 0);
        j.set("scenario", ScenarioJson.tree(scenario));
        return j;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The work of one Spark task: chunks {@code from .. to-1}, evaluated in order; with an output
     * store, each chunk's parts are written on local disk and published under their final names.
     */
    record ChunkTask(ScenarioSource source, long samples, long seed, String sampler, long quantileBudgetBytes,
            OutputStore parts, Map<String, String> meta, int failFirstAttemptOfTask) implements Serializable {

        Iterator<ChunkBytes> apply(Iterator<long[]> ranges) throws IOException {
            TaskContext ctx = TaskContext.get();
            if (ctx != null && ctx.partitionId() == failFirstAttemptOfTask && ctx.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of the first attempt of task " + failFirstAttemptOfTask);
            }
            Scenario scenario = source.load();
            CompiledModel model = CompiledModel.compile(scenario);
            RunRequest req = new RunRequest(null, samples, seed, 1, dev.chipmc.engine.sampling.SamplerKind.parse(sampler),
                    null, parts != null, List.of(), quantileBudgetBytes);
            MonteCarloRun run = prepare(model, req);
            // one worker's state for all of the task's chunks, not one per chunk
            MonteCarloRun.ChunkEvaluator chunks = run.chunkEvaluator();
            List<ChunkBytes> out = new ArrayList<>();
            while (ranges.hasNext()) {
                long[] r = ranges.next();
                for (long c = r[0]; c < r[1]; c++) {
                    out.add(new ChunkBytes(c, bytes(evaluate(chunks, model, c))));
                }
            }
            return out.iterator();
        }

        private ChunkResult evaluate(MonteCarloRun.ChunkEvaluator chunks, CompiledModel model, long c) throws IOException {
            if (parts == null) {
                return chunks.evaluate(c, null);
            }
            Path local = Files.createTempDirectory("chipmc-spark-part-");
            try {
                ChunkResult r = chunks.evaluate(c, new SampleParts(local, model, meta));
                String name = SampleParts.partName(c);
                for (String d : new String[] {SampleParts.SAMPLES_DIR, SampleParts.INPUTS_DIR}) {
                    parts.publish(local.resolve(d).resolve(name), d + "/" + name);
                }
                return r;
            } finally {
                deleteTree(local);
            }
        }

        private static byte[] bytes(ChunkResult r) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            r.write(d);
            d.flush();
            return b.toByteArray();
        }
    }
}
