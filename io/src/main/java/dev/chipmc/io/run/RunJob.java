package dev.chipmc.io.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.RunResult;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.scenario.Overrides;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.CompiledModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code chipmc run}: loads the scenario, samples it, and writes the run directory atomically: every
 * file is written under a temporary directory next to the final one, which is renamed into place
 * only when complete, so a failed or killed run leaves nothing under the final name.
 */
public final class RunJob {
    public static final String RUN_JSON = "run.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJob() {
    }

    /** The outcome: where the files are and the merged result. */
    public record Outcome(Path directory, RunResult result, Scenario scenario) {
    }

    /** Loads the scenario of a request (the built-in one without a file) and applies its overrides. */
    public static Scenario scenario(RunRequest req) throws ScenarioException {
        Scenario s = req.scenario() == null ? ScenarioLoader.builtIn() : ScenarioLoader.load(req.scenario());
        return req.overrides().isEmpty() ? s : Overrides.apply(s, req.overrides());
    }

    public static Outcome run(RunRequest req, PrintStream log) throws ScenarioException, BadInputException,
            IOException, InterruptedException {
        Scenario scenario = scenario(req);
        CompiledModel model;
        MonteCarloRun run;
        try {
            model = CompiledModel.compile(scenario);
            run = MonteCarloRun.prepare(model, new RunConfig(req.samples(), req.seed(), req.threads(), req.sampler(),
                    RunConfig.DEFAULT_CHUNK_SIZE, req.quantileBudgetBytes()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source(req) + ": " + e.getMessage(), e);
        }
        run.correlationWarning().ifPresent(w -> log.println("warning: " + w));

        Instant startedAt = Instant.now();
        Path dir = (req.out() != null ? req.out() : Path.of("runs", safeName(scenario.name()) + "-" + STAMP.format(startedAt)))
                .toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw new BadInputException("--out " + dir + ": already exists; choose another directory or remove it");
        }
        Path parent = dir.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new BadInputException("--out " + dir + ": cannot create its parent directory (" + e + ")", e);
        }
        if (!Files.isWritable(parent)) {
            throw new BadInputException("--out " + dir + ": the directory " + parent + " is not writable");
        }
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
        openPermissions(tmp);
        boolean done = false;
        try {
            Map<String, String> meta = metadata(scenario, req, model);
            SampleParts sink = req.writeSamples() ? new SampleParts(tmp, model, meta) : null;
            RunResult result = run.execute(sink, MonteCarloRun.ChunkListener.NONE);
            RunTables.writeSummary(tmp.resolve(RunTables.SUMMARY), result, meta);
            RunTables.writeBinding(tmp.resolve(RunTables.BINDING), result, meta);
            RunTables.writeResources(tmp.resolve(RunTables.RESOURCES), result, meta);
            writeJson(tmp.resolve(RUN_JSON), runJson(req, scenario, result, startedAt, Instant.now()));
            fsyncDirectory(tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new BadInputException("--out " + dir + ": appeared while the run was going; the results are lost", e);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + tmp + " to " + dir + " atomically", e);
            }
            fsyncDirectory(parent);
            done = true;
            return new Outcome(dir, result, scenario);
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
    }

    static String source(RunRequest req) {
        return req.scenario() == null ? "built-in reference scenario" : req.scenario().toString();
    }

    static String safeName(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._-]+", "-");
        return n.isEmpty() ? "scenario" : n;
    }

    /** Key-value metadata of every Parquet file of the run (no timestamps, so files are reproducible). */
    static Map<String, String> metadata(Scenario scenario, RunRequest req, CompiledModel model) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("chipmc.version", Version.get());
        m.put("chipmc.scenario", scenario.name());
        m.put("chipmc.scenario_sha256", ScenarioJson.sha256(scenario));
        m.put("chipmc.seed", Long.toString(req.seed()));
        m.put("chipmc.sampler", req.sampler().name().toLowerCase(java.util.Locale.ROOT));
        m.put("chipmc.samples", Long.toString(req.samples()));
        m.put("chipmc.periods", String.join(",", model.scenario().periods().labels()));
        return m;
    }

    static ObjectNode runJson(RunRequest req, Scenario scenario, RunResult result, Instant startedAt, Instant finishedAt) {
        ObjectNode j = JSON.createObjectNode();
        j.put("format", "chipmc-run/1");
        j.put("version", Version.get());
        j.put("status", "complete");
        j.put("scenario_name", scenario.name());
        j.put("scenario_source", req.scenario() == null ? "built-in" : req.scenario().toAbsolutePath().toString());
        j.put("scenario_sha256", ScenarioJson.sha256(scenario));
        ArrayNode ov = j.putArray("overrides");
        req.overrides().forEach(ov::add);
        j.put("seed", req.seed());
        j.put("sampler", req.sampler().name().toLowerCase(java.util.Locale.ROOT));
        j.put("samples_requested", req.samples());
        j.put("samples", result.samples());
        j.put("chunk_size", result.run().config().chunkSize());
        j.put("chunks", result.chunksDone());
        j.put("threads", req.threads());
        j.put("quantile_method", result.quantileMode().name().toLowerCase(java.util.Locale.ROOT));
        j.put("write_samples", req.writeSamples());
        ObjectNode timing = j.putObject("timings");
        timing.put("started_at", startedAt.toString());
        timing.put("finished_at", finishedAt.toString());
        double secs = result.elapsedNanos() / 1e9;
        timing.put("sampling_seconds", secs);
        timing.put("samples_per_second", secs > 0 ? result.samples() / secs : 0);
        j.set("scenario", ScenarioJson.tree(scenario));
        return j;
    }

    static void writeJson(Path file, ObjectNode node) throws IOException {
        byte[] bytes = JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
            os.write(bytes);
            os.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A temporary directory is created owner-only; the run directory gets the usual rwxr-xr-x. */
    static void openPermissions(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems do not support opening or syncing a directory; the rename still orders writes.
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: what remains is under a temporary name, never the final one
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
