package dev.chipmc.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.run.StoppingRules;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.run.RunTables;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.sweep.Sweep;
import dev.chipmc.io.sweep.SweepJob;
import dev.chipmc.io.sweep.SweepTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A chipmc sweep on Spark: one Spark task per point. A task runs its point as {@code chipmc sweep}
 * does ({@link RunJob#run} with the point's seed and {@code --set} assignments, on a local scratch
 * directory) and publishes the point's run directory to {@code <out>/point=NNNN} through
 * {@link OutputStore}; a retried task publishes the same bytes. The driver then writes
 * {@code points.parquet}, {@code sweep_summary.parquet} and {@code sweep.json} as {@link SweepJob}
 * does; the output is staged as {@code <out>.partial} and renamed when every point is done.
 *
 * <p>Unlike {@code chipmc sweep}, a Spark sweep does not resume an earlier, unfinished output: Spark
 * retries failed tasks instead. Not thread-safe: one sweep per driver at a time.
 */
public final class SparkSweep {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the sweep produced: where, and how many points (each a Spark task). */
    public record Outcome(String directory, int points) {
    }

    private SparkSweep() {
    }

    /**
     * Runs every point of {@code sweep} on {@code spark}, each task evaluating {@code threadsPerTask}
     * chunks at once (the results do not depend on it), and writes the sweep directory to {@code out}.
     */
    public static Outcome run(SparkSession spark, Sweep sweep, String out, int threadsPerTask, PrintStream log)
            throws ScenarioException, BadInputException, IOException {
        if (threadsPerTask < 1) {
            throw new IllegalArgumentException("threadsPerTask must be at least 1, got " + threadsPerTask);
        }
        ObjectNode definition = SweepJob.definition(sweep);
        Map<String, String> meta = SweepJob.metadata(sweep);
        OutputStore target = new OutputStore(out, spark.sparkContext().hadoopConfiguration());
        OutputStore partial = target.sibling(RunJob.PARTIAL_SUFFIX);
        if (target.exists("")) {
            throw new BadInputException("--out " + out + ": already exists; choose another directory or remove it");
        }
        if (partial.exists("")) {
            throw new BadInputException("--out " + out + ": " + partial.root() + " exists (an unfinished Spark sweep); remove it first");
        }
        partial.fs().mkdirs(partial.path(""));
        String baseText = sweep.base() == null ? null : Files.readString(sweep.base(), StandardCharsets.UTF_8);
        String baseName = sweep.base() == null ? null : sweep.base().getFileName().toString();
        List<PointJob> jobs = new ArrayList<>();
        for (Sweep.Point p : sweep.points()) {
            jobs.add(new PointJob(p.id(), p.seed(), sweep.assignments(p)));
        }
        PointTask task = new PointTask(baseName, baseText, sweep.samples(), sweep.sampler().label(), sweep.writeSamples(),
                threadsPerTask, partial);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> done = jsc.parallelize(jobs, Math.max(1, jobs.size())).mapPartitions(task::apply).collect();
        log.printf("chipmc-spark: %d of %d points done%n", done.size(), jobs.size());

        Path local = Files.createTempDirectory("chipmc-spark-sweep-");
        try {
            var fs = partial.fs();
            for (Sweep.Point p : sweep.points()) {
                String rel = Sweep.pointDirName(p.id()) + "/" + RunTables.SUMMARY;
                Files.createDirectories(local.resolve(Sweep.pointDirName(p.id())));
                fs.copyToLocalFile(false, partial.path(rel), new org.apache.hadoop.fs.Path(local.resolve(rel).toUri()), true);
            }
            SweepTables.writePoints(local.resolve(SweepJob.POINTS), sweep, meta);
            SweepTables.writeSummary(local.resolve(SweepJob.SWEEP_SUMMARY), sweep, local, meta);
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", SweepJob.FORMAT);
            manifest.put("version", Version.get());
            manifest.put("sweep_file", sweep.file() == null ? "" : sweep.file().toAbsolutePath().toString());
            manifest.set("definition", definition);
            manifest.put("status", "complete");
            ArrayNode complete = manifest.putArray("points_complete");
            sweep.points().forEach(p -> complete.add(p.id()));
            manifest.put("executor", "spark");
            manifest.put("threads", threadsPerTask);
            Files.writeString(local.resolve(SweepJob.SWEEP_JSON), JSON.writeValueAsString(manifest), StandardCharsets.UTF_8);
            for (String f : List.of(SweepJob.POINTS, SweepJob.SWEEP_SUMMARY, SweepJob.SWEEP_JSON)) {
                partial.publish(local.resolve(f), f);
            }
        } finally {
            SparkRun.deleteTree(local);
        }
        partial.renameTo(target);
        return new Outcome(out, jobs.size());
    }

    /** One point as it travels to its task. */
    record PointJob(int id, long seed, List<String> assignments) implements Serializable {
        PointJob {
            assignments = List.copyOf(assignments);
        }
    }

    /** Runs points locally on an executor and publishes their run directories. */
    record PointTask(String baseName, String baseText, long samples, String sampler, boolean writeSamples, int threads,
            OutputStore out) implements Serializable {

        Iterator<Integer> apply(Iterator<PointJob> points) throws IOException, ScenarioException, BadInputException,
                InterruptedException {
            List<Integer> done = new ArrayList<>();
            Path scratch = Files.createTempDirectory("chipmc-spark-point-");
            try {
                Path base = null;
                if (baseText != null) {
                    base = scratch.resolve(baseName);
                    Files.writeString(base, baseText, StandardCharsets.UTF_8);
                }
                while (points.hasNext()) {
                    PointJob p = points.next();
                    String dirName = Sweep.pointDirName(p.id());
                    Path dir = scratch.resolve(dirName);
                    RunRequest req = new RunRequest(base, samples, p.seed(), threads, SamplerKind.parse(sampler), dir,
                            writeSamples, p.assignments(), 256L << 20, StoppingRules.NONE);
                    RunJob.run(req, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            out.publish(f, dirName + "/" + dir.relativize(f).toString().replace('\\', '/'));
                        }
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                    done.add(p.id());
                }
            } finally {
                SparkRun.deleteTree(scratch);
            }
            return done.iterator();
        }
    }
}
