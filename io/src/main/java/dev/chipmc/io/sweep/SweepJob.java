package dev.chipmc.io.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.StoppingRules;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DirectoryLock;
import dev.chipmc.io.DurableFiles;
import dev.chipmc.io.run.RunControl;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunMonitor;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.run.RunTables;
import dev.chipmc.io.run.ScenarioJson;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code chipmc sweep}: runs every point of a {@link Sweep} as a normal run directory
 * {@code DIR/point=NNNN} and lays the results out for one query ({@code points.parquet},
 * {@code sweep_summary.parquet}).
 *
 * <p>Points run one after another, each with all {@code threads} (the engine evaluates a run's
 * chunks in parallel, and its results do not depend on the thread count), so at most
 * {@code threads} chunks are evaluated at once and at most one point is unfinished at any time.
 * {@code DIR/sweep.json} holds the resolved sweep (its definition, compared on a rerun) and which
 * points are complete. Resuming is point by point: a rerun of the same sweep skips every complete
 * {@code point=NNNN}, continues a {@code point=NNNN.partial} with {@link RunJob#resume} (bit for bit
 * as if uninterrupted) and starts the others.
 *
 * <p>Common random numbers: with {@code independentStreams = false} every point is run with the
 * same seed, so sample {@code i} of every point draws the same uniforms; differences between points
 * then come from the parameters, not from sampling noise. Not thread-safe (one sweep per directory).
 */
public final class SweepJob {
    public static final String SWEEP_JSON = "sweep.json";
    public static final String POINTS = "points.parquet";
    public static final String SWEEP_SUMMARY = "sweep_summary.parquet";
    public static final String FORMAT = "chipmc-sweep/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SweepJob() {
    }

    /** How a sweep session ended. */
    public enum Status { COMPLETE, INTERRUPTED }

    /**
     * The outcome: where it is, how it ended, which points ran, were resumed or skipped as complete.
     */
    public record Outcome(Path directory, Status status, List<Integer> ran, List<Integer> resumed, List<Integer> skipped) {
        public Outcome {
            ran = List.copyOf(ran);
            resumed = List.copyOf(resumed);
            skipped = List.copyOf(skipped);
        }
    }

    /** The default directory of a sweep: {@code sweeps/<name>} (rerunning the same command resumes it). */
    public static Path defaultDirectory(Sweep s) {
        return Path.of("sweeps", s.name().replaceAll("[^A-Za-z0-9._-]+", "-"));
    }

    /**
     * Runs (or continues) the sweep in {@code dir} with {@code threads} chunks at once.
     *
     * @throws BadInputException when {@code dir} holds something else (another sweep, other files)
     */
    public static Outcome run(Sweep sweep, Path dir, int threads, RunControl control, PrintStream log)
            throws ScenarioException, BadInputException, IOException, InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be at least 1, got " + threads);
        }
        Path out = dir.toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + ": exists and is not a directory");
        }
        Files.createDirectories(out);
        // One process per sweep directory: a second one would run the same points into the same files.
        Optional<DirectoryLock> claim = DirectoryLock.tryAcquire(out);
        if (claim.isEmpty()) {
            throw new BadInputException(out + ": another chipmc process is running this sweep now ("
                    + DirectoryLock.holder(out) + "); wait for it to finish, or stop it (Ctrl-C where it runs, or kill "
                    + "PID) and run the same command again to continue");
        }
        try (DirectoryLock lock = claim.get()) {
            lock.warnIfUnenforced(log, "sweep");
            return runClaimed(sweep, out, lock, threads, control, log);
        }
    }

    private static Outcome runClaimed(Sweep sweep, Path out, DirectoryLock lock, int threads, RunControl control,
            PrintStream log)
            throws ScenarioException, BadInputException, IOException, InterruptedException {
        ObjectNode definition = definition(sweep);
        Path json = out.resolve(SWEEP_JSON);
        ObjectNode manifest;
        if (Files.isRegularFile(json)) {
            JsonNode old;
            try {
                old = JSON.readTree(json.toFile());
            } catch (IOException e) {
                throw new BadInputException(json + ": cannot be read (" + e.getMessage() + ")", e);
            }
            // Compared as read back, so a number stored as a long and read as an int still matches.
            if (!JSON.readTree(JSON.writeValueAsString(definition)).equals(old.get("definition"))) {
                throw new BadInputException(out + ": holds a different sweep (its sweep.json differs in the base scenario, "
                        + "the points or the run settings); choose another --out or remove it");
            }
            manifest = (ObjectNode) old;
            log.println("continuing the sweep in " + out);
        } else {
            try (var s = Files.list(out)) {
                if (s.anyMatch(f -> !f.getFileName().toString().equals(DirectoryLock.FILE))) {
                    lock.deleteOnClose(); // leave someone else's directory as it was
                    throw new BadInputException("--out " + out + ": exists and is not a sweep directory; choose another");
                }
            }
            manifest = JSON.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("version", Version.get());
            manifest.put("sweep_file", sweep.file() == null ? "" : sweep.file().toAbsolutePath().toString());
            manifest.set("definition", definition);
            manifest.put("status", "running");
            manifest.putArray("points_complete");
            writeDurably(json, manifest);
            SweepTables.writePoints(out.resolve(POINTS), sweep, metadata(sweep));
        }
        manifest.put("threads", threads);
        // Many short points add up: warm the vector lanes once for all of them (results are unchanged).
        MonteCarloRun.warmLanesFor((long) sweep.samples() * sweep.points().size());
        List<Integer> ran = new ArrayList<>();
        List<Integer> resumed = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (Sweep.Point p : sweep.points()) {
            Path pointDir = out.resolve(Sweep.pointDirName(p.id()));
            Path partial = pointDir.resolveSibling(pointDir.getFileName() + RunJob.PARTIAL_SUFFIX);
            if (Files.isRegularFile(pointDir.resolve(RunJob.RUN_JSON))) {
                skipped.add(p.id());
                markComplete(json, manifest, p.id());
                continue;
            }
            if (control.stopRequested()) {
                return interrupted(json, manifest, out, ran, resumed, skipped);
            }
            log.printf("point %d of %d: %s%n", p.id() + 1, sweep.points().size(),
                    sweep.assignments(p).isEmpty() ? "the base scenario" : String.join(", ", sweep.assignments(p)));
            RunJob.Outcome o;
            if (Files.isDirectory(partial)) {
                o = RunJob.resume(pointDir, OptionalInt.of(threads), false, control, log);
                resumed.add(p.id());
            } else {
                RunRequest req = new RunRequest(sweep.base(), sweep.samples(), p.seed(), threads, sweep.sampler(), pointDir,
                        sweep.writeSamples(), sweep.assignments(p), 256L << 20, StoppingRules.NONE);
                o = RunJob.run(req, control, log);
                ran.add(p.id());
            }
            if (o.status() == RunJob.Status.INTERRUPTED) {
                return interrupted(json, manifest, out, ran, resumed, skipped);
            }
            markComplete(json, manifest, p.id());
        }
        SweepTables.writeSummary(out.resolve(SWEEP_SUMMARY), sweep, out, metadata(sweep));
        manifest.put("status", "complete");
        writeDurably(json, manifest);
        return new Outcome(out, Status.COMPLETE, ran, resumed, skipped);
    }

    /** A control for tests and quiet callers: no progress, default checkpoints. */
    public static RunControl quietControl() {
        return new RunControl(RunControl.DEFAULT_CHECKPOINT_EVERY, RunMonitor.SILENT, RunControl.WriteHook.NONE);
    }

    private static Outcome interrupted(Path json, ObjectNode manifest, Path out, List<Integer> ran, List<Integer> resumed,
            List<Integer> skipped) throws IOException {
        manifest.put("status", "interrupted");
        writeDurably(json, manifest);
        return new Outcome(out, Status.INTERRUPTED, ran, resumed, skipped);
    }

    private static void markComplete(Path json, ObjectNode manifest, int id) throws IOException {
        ArrayNode done = manifest.withArray("points_complete");
        for (JsonNode n : done) {
            if (n.asInt() == id) {
                return;
            }
        }
        done.add(id);
        writeDurably(json, manifest);
    }

    /** What identifies a sweep: compared when a directory is reused, so a changed sweep never mixes in. */
    public static ObjectNode definition(Sweep s) throws ScenarioException {
        ObjectNode d = JSON.createObjectNode();
        d.put("name", s.name());
        d.put("base", s.base() == null ? "built-in" : s.base().toAbsolutePath().toString());
        d.put("base_sha256", ScenarioJson.sha256(s.base() == null ? ScenarioLoader.builtIn() : ScenarioLoader.load(s.base())));
        d.put("samples", s.samples());
        d.put("seed", s.seed());
        d.put("sampler", s.sampler().label());
        d.put("independent_streams", s.independentStreams());
        d.put("write_samples", s.writeSamples());
        ObjectNode design = d.putObject("design");
        design.put("kind", s.design());
        design.put("seed", s.designSeed());
        ArrayNode params = d.putArray("parameters");
        for (Sweep.Parameter p : s.parameters()) {
            ObjectNode o = params.addObject();
            o.put("name", p.name());
            ArrayNode paths = o.putArray("paths");
            p.paths().forEach(paths::add);
        }
        ArrayNode points = d.putArray("points");
        for (Sweep.Point p : s.points()) {
            ObjectNode o = points.addObject();
            o.put("point", p.id());
            o.put("directory", Sweep.pointDirName(p.id()));
            o.put("seed", p.seed());
            ObjectNode values = o.putObject("values");
            for (int j = 0; j < s.parameters().size(); j++) {
                Sweep.Value v = p.values().get(j);
                if (v == null) {
                    values.putNull(s.parameters().get(j).name());
                } else {
                    values.put(s.parameters().get(j).name(), v.text());
                }
            }
            ArrayNode as = o.putArray("assignments");
            s.assignments(p).forEach(as::add);
        }
        return d;
    }

    public static java.util.Map<String, String> metadata(Sweep s) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("chipmc.version", Version.get());
        m.put("chipmc.sweep", s.name());
        m.put("chipmc.sweep_design", s.design());
        m.put("chipmc.seed", Long.toString(s.seed()));
        m.put("chipmc.common_random_numbers", Boolean.toString(!s.independentStreams()));
        m.put("chipmc.samples", Long.toString(s.samples()));
        return m;
    }

    private static void writeDurably(Path file, JsonNode node) throws IOException {
        DurableFiles.writeDurably(file, JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
    }

    /** The run table a point's summary lives in, for callers that print it. */
    public static Path pointSummary(Path dir, int id) {
        return dir.resolve(Sweep.pointDirName(id)).resolve(RunTables.SUMMARY);
    }
}
