package dev.chipmc.io.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.run.ChunkResult;
import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.OutputLayout;
import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.RunResult;
import dev.chipmc.engine.run.StoppingRules;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DirectoryLock;
import dev.chipmc.io.DurableFiles;
import dev.chipmc.io.scenario.Overrides;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.CompiledModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * {@code chipmc run} and {@code chipmc resume}: the life cycle of a run directory.
 *
 * <p>A run works in {@code <out>.partial}: {@code run.json} (what was asked, what is done), the
 * Parquet parts written so far, and the merged statistics as of the last checkpoint
 * ({@code checkpoint-NNNNNNNNN.bin}, named by its chunk count). Every file is written under a
 * temporary name, fsynced and renamed, and {@code run.json} is replaced last, so at any instant the
 * directory describes a consistent checkpoint: a kill loses at most the chunks since the last
 * checkpoint, and {@code resume} redoes them bit for bit. When the run finishes, the result tables
 * are written and {@code <out>.partial} is renamed to {@code <out>}: a directory under the final
 * name is always complete. Checksums (SHA-256) of the checkpoint and of every listed part in
 * {@code run.json} let {@code resume} detect a corrupt or truncated file instead of using it.
 */
public final class RunJob {
    public static final String RUN_JSON = "run.json";
    public static final String PARTIAL_SUFFIX = ".partial";
    public static final String FORMAT = "chipmc-run/1";
    static final byte[] CHECKPOINT_MAGIC = "CHIPMCK1".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJob() {
    }

    /** How a run session ended. */
    public enum Status { COMPLETE, INTERRUPTED }

    /**
     * The outcome: where the files are, the merged result, and why the run stopped. For an
     * interrupted run {@code directory} is the {@code .partial} directory to resume.
     */
    public record Outcome(Path directory, RunResult result, Scenario scenario, Status status, String stopReason) {
    }

    /** Loads the scenario of a request (the built-in one without a file) and applies its overrides. */
    public static Scenario scenario(RunRequest req) throws ScenarioException {
        // Overrides.load: an override may name an input or a path into the scenario file (sweeps use both).
        return Overrides.load(req.scenario(), req.overrides());
    }

    /** Runs quietly with the default checkpoint interval. */
    public static Outcome run(RunRequest req, PrintStream log) throws ScenarioException, BadInputException,
            IOException, InterruptedException {
        return run(req, RunControl.quiet(), log);
    }

    public static Outcome run(RunRequest req, RunControl control, PrintStream log) throws ScenarioException,
            BadInputException, IOException, InterruptedException {
        return run(req, control, log, Path.of("runs"));
    }

    /** {@link #run(RunRequest, RunControl, PrintStream)} with the default output under {@code runs} (tests). */
    static Outcome run(RunRequest req, RunControl control, PrintStream log, Path runs) throws ScenarioException,
            BadInputException, IOException, InterruptedException {
        Scenario scenario = scenario(req);
        Prepared p = prepare(req, scenario);
        p.run.correlationWarning().ifPresent(w -> log.println("warning: " + w));
        boolean named = req.out() != null;
        // The default name has a timestamp to the second; runs started in the same second (a script
        // starting several seeds at once) take -2, -3, ... after it instead of failing.
        Path base = (named ? req.out()
                : runs.resolve(DurableFiles.safeName(scenario.name()) + "-" + STAMP.format(Instant.now()))).toAbsolutePath().normalize();
        Path dir = named ? base : DurableFiles.freeName(base);
        Path partial = partialOf(dir);
        if (Files.exists(dir)) {
            throw new BadInputException("--out " + dir + ": already exists; choose another directory or remove it");
        }
        if (Files.exists(partial)) {
            Optional<String> running = DirectoryLock.heldBy(partial);
            if (running.isPresent()) {
                throw new BadInputException("--out " + dir + ": another chipmc process is running a run there now ("
                        + running.get() + ", in " + partial + "); choose another --out, or wait for it to finish");
            }
            throw new BadInputException("--out " + dir + ": an unfinished run is in " + partial
                    + "; continue it with 'chipmc resume " + dir + "' or remove it");
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
        // The .partial directory appears with its run.json already inside: it is prepared under a
        // hidden temporary name and renamed, so a kill at any moment never leaves a .partial that
        // resume cannot read.
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + partial.getFileName() + ".tmp-");
            DurableFiles.openPermissions(staging);
        } catch (IOException e) {
            throw new BadInputException("--out " + dir + ": cannot create a directory in " + parent + " (" + e + ")", e);
        }
        ObjectNode manifest = newManifest(req, scenario, p.run);
        // Claimed before anyone can see it, so a 'resume' started at once finds it taken.
        DirectoryLock lock = null;
        try {
            lock = claimNew(staging, log);
            new Session(staging, dir, manifest, req, scenario, p, control, log, lock).writeManifest();
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.move(staging, partial, StandardCopyOption.ATOMIC_MOVE);
                    break;
                } catch (IOException e) {
                    if (named || !Files.exists(partial) || attempt == 100) {
                        throw e;
                    }
                    // another run took this default name since it was chosen: the next free one
                    dir = DurableFiles.freeName(base);
                    partial = partialOf(dir);
                }
            }
            lock.movedTo(partial);
        } catch (IOException e) {
            closeQuietly(lock);
            DurableFiles.deleteTree(staging);
            if (Files.exists(partial)) {
                throw new BadInputException("--out " + dir + ": " + partial + " appeared meanwhile; is another run using it?", e);
            }
            throw new IOException(dir + ": cannot start the run (" + e.getMessage() + ")", e);
        }
        try (DirectoryLock held = lock) {
            DurableFiles.fsyncDirectory(parent);
            Session s = new Session(partial, dir, manifest, req, scenario, p, control, log, held);
            return s.execute(0, p.run.emptyResult(), 0);
        }
    }

    /**
     * Continues the stopped run at {@code dir} (its final name or its {@code .partial} directory).
     *
     * @param threads a new thread count, or empty to keep the run's
     * @param force   continue even though the scenario or the engine version changed
     */
    public static Outcome resume(Path dir, OptionalInt threads, boolean force, RunControl control, PrintStream log)
            throws ScenarioException, BadInputException, IOException, InterruptedException {
        Path given = dir.toAbsolutePath().normalize();
        Path partial;
        Path target;
        if (given.getFileName().toString().endsWith(PARTIAL_SUFFIX)) {
            partial = given;
            String n = given.getFileName().toString();
            target = given.resolveSibling(n.substring(0, n.length() - PARTIAL_SUFFIX.length()));
        } else {
            target = given;
            partial = partialOf(given);
        }
        if (!Files.isDirectory(partial)) {
            if (Files.isRegularFile(target.resolve(RUN_JSON))) {
                throw new BadInputException(target + ": this run is already complete; nothing to resume");
            }
            throw new BadInputException(given + ": no unfinished run here (expected " + partial
                    + " with a run.json); check the path 'chipmc run' printed");
        }
        try (DirectoryLock lock = claimToResume(partial, target, log)) {
            return resume(partial, target, lock, threads, force, control, log);
        }
    }

    private static Outcome resume(Path partial, Path target, DirectoryLock lock, OptionalInt threads, boolean force,
            RunControl control, PrintStream log) throws ScenarioException, BadInputException, IOException,
            InterruptedException {
        ObjectNode manifest = readManifest(partial);
        String version = manifest.path("version").asText();
        if (!version.equals(Version.get()) && !force) {
            throw new BadInputException(partial + ": the run was started by chipmc " + version + " and this is "
                    + Version.get() + "; results could differ from an uninterrupted run. Resume it with the same "
                    + "version, or add --force to continue anyway");
        }
        RunRequest req = requestOf(manifest, partial, target);
        if (threads.isPresent()) {
            req = req.withThreads(threads.getAsInt());
        }
        if (req.scenario() != null && !Files.exists(req.scenario())) {
            throw new BadInputException(partial + ": the run was started from " + req.scenario() + ", which is not there "
                    + "any more; put it back to continue (" + partial.resolve(RUN_JSON) + " keeps the scenario as it was "
                    + "resolved, under 'scenario')");
        }
        Scenario scenario = scenario(req);
        String sha = ScenarioJson.sha256(scenario);
        if (!sha.equals(manifest.path("scenario_sha256").asText()) && !force) {
            throw new BadInputException(partial + ": the scenario changed since the run started ("
                    + (req.scenario() == null ? "the built-in scenario" : req.scenario().toString())
                    + "); restore it, or add --force to continue with the changed scenario (the results then mix both)");
        }
        if (!sha.equals(manifest.path("scenario_sha256").asText())) {
            log.println("warning: continuing with a changed scenario (--force)");
            manifest.put("scenario_sha256", sha);
            manifest.set("scenario", ScenarioJson.tree(scenario));
        }
        Prepared p = prepare(req, scenario);
        Session s = new Session(partial, target, manifest, req, scenario, p, control, log, lock);
        String status = manifest.path("status").asText();
        if (status.equals("complete")) {
            s.publish();
            throw new BadInputException(target + ": the run had finished; its directory is now in place");
        }
        long chunks = manifest.path("chunks_done").asLong();
        ChunkResult merged = s.loadCheckpoint();
        s.verifyParts();
        s.removeStrays(chunks);
        double before = manifest.path("timings").path("sampling_seconds").asDouble(0);
        if (status.equals("finalizing")) {
            return s.finish(p.run.resultOf(merged, chunks, chunks < p.run.config().chunks()),
                    manifest.path("stop_reason").asText());
        }
        log.println("resuming " + partial + " at sample " + merged.samples() + " of " + req.samples());
        return s.execute(chunks, merged, before);
    }

    /**
     * What to tell someone who names {@code dir} where a finished run is expected, when it is not one yet:
     * that a process is running it now (and which), or that it stopped and how to finish it; empty when
     * there is no {@code .partial} directory either. Asks without writing ({@link DirectoryLock#heldBy}).
     */
    public static Optional<String> unfinished(Path dir) {
        Path partial = partialOf(dir.toAbsolutePath().normalize());
        if (!Files.isDirectory(partial)) {
            return Optional.empty();
        }
        Optional<String> running = DirectoryLock.heldBy(partial);
        return Optional.of(running.isPresent() ? "the run is still going: " + running.get() + ", in " + partial
                : "the run is unfinished: " + partial + "; finish it with 'chipmc resume " + dir + "'");
    }

    /** Claims a new run's staging directory, which nobody else knows yet. */
    private static DirectoryLock claimNew(Path staging, PrintStream log) throws IOException {
        DirectoryLock lock = DirectoryLock.tryAcquire(staging)
                .orElseThrow(() -> new IOException(staging + ": claimed by another process before its run started"));
        lock.warnIfUnenforced(log, "run");
        return lock;
    }

    /** Claims a stopped run's {@code .partial} directory, or says who is running it now. */
    private static DirectoryLock claimToResume(Path partial, Path target, PrintStream log) throws BadInputException,
            IOException {
        Optional<DirectoryLock> lock;
        try {
            lock = DirectoryLock.tryAcquire(partial);
        } catch (NoSuchFileException e) {
            throw new BadInputException(partial + ": went away while being resumed; "
                    + (Files.isRegularFile(target.resolve(RUN_JSON)) ? "the run has just finished, in " + target
                            : "check the path 'chipmc run' printed"), e);
        }
        if (lock.isPresent() && !Files.isDirectory(partial)) {
            // Locked the file of a run that was published (renamed) between our open and our lock.
            lock.get().close();
            throw new BadInputException(partial + ": the run has just finished, in " + target);
        }
        if (lock.isEmpty()) {
            throw new BadInputException(partial + ": another chipmc process is running this run now ("
                    + DirectoryLock.holder(partial) + "); wait for it to finish, or stop it (Ctrl-C where it runs, or "
                    + "kill PID: it writes a checkpoint first) and resume then");
        }
        lock.get().warnIfUnenforced(log, "run");
        return lock.get();
    }

    private static void closeQuietly(DirectoryLock lock) {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // the lock file is in a directory about to be deleted
            }
        }
    }

    /** A run's engine objects. */
    private record Prepared(CompiledModel model, MonteCarloRun run, int headline) {
    }

    private static Prepared prepare(RunRequest req, Scenario scenario) throws BadInputException {
        try {
            CompiledModel model = CompiledModel.compile(scenario);
            MonteCarloRun run = MonteCarloRun.prepare(model, new RunConfig(req.samples(), req.seed(), req.threads(),
                    req.sampler(), RunConfig.DEFAULT_CHUNK_SIZE, req.quantileBudgetBytes()));
            int headline = run.layout().column(OutputLayout.Metric.GOOD, OutputLayout.ALL, OutputLayout.ALL);
            return new Prepared(model, run, headline);
        } catch (IllegalArgumentException e) {
            throw new BadInputException((req.scenario() == null ? "built-in reference scenario" : req.scenario().toString())
                    + ": " + e.getMessage(), e);
        }
    }

    static Path partialOf(Path dir) {
        return dir.resolveSibling(dir.getFileName() + PARTIAL_SUFFIX);
    }


    /** Key-value metadata of every Parquet file of the run (no timestamps, so files are reproducible). */
    public static Map<String, String> metadata(Scenario scenario, RunRequest req, CompiledModel model) {
        return metadata(scenario, req.seed(), req.sampler(), req.samples(), model);
    }

    /** The same keys for any analysis of a scenario (a run, a Sobol analysis); callers may add their own. */
    public static Map<String, String> metadata(Scenario scenario, long seed, SamplerKind sampler, long samples,
            CompiledModel model) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("chipmc.version", Version.get());
        m.put("chipmc.scenario", scenario.name());
        m.put("chipmc.scenario_sha256", ScenarioJson.sha256(scenario));
        m.put("chipmc.seed", Long.toString(seed));
        m.put("chipmc.sampler", sampler.label());
        m.put("chipmc.samples", Long.toString(samples));
        m.put("chipmc.periods", String.join(",", model.scenario().periods().labels()));
        return m;
    }

    private static ObjectNode newManifest(RunRequest req, Scenario scenario, MonteCarloRun run) {
        ObjectNode j = JSON.createObjectNode();
        j.put("format", FORMAT);
        j.put("version", Version.get());
        j.put("status", "running");
        ScenarioJson.describe(j, scenario, req.scenario(), req.overrides());
        j.put("seed", req.seed());
        j.put("sampler", req.sampler().label());
        j.put("samples_requested", req.samples());
        j.put("chunk_size", run.config().chunkSize());
        j.put("chunks_total", run.config().chunks());
        j.put("threads", req.threads());
        j.put("quantile_budget_bytes", req.quantileBudgetBytes());
        j.put("quantile_method", run.quantileMode().name().toLowerCase(Locale.ROOT));
        j.put("write_samples", req.writeSamples());
        ObjectNode stop = j.putObject("stopping");
        StoppingRules r = req.stopping();
        putNullable(stop, "until_rse", r.untilRse());
        putNullable(stop, "until_quantile_p", r.quantile());
        putNullable(stop, "until_quantile_ci", r.quantileWidth());
        if (r.maxTime() != null) {
            stop.put("max_time_seconds", r.maxTime().toMillis() / 1000.0);
        } else {
            stop.putNull("max_time_seconds");
        }
        j.put("chunks_done", 0);
        j.put("samples_done", 0);
        j.putNull("stop_reason");
        j.putNull("checkpoint");
        j.putArray("parts");
        ObjectNode timing = j.putObject("timings");
        timing.put("started_at", Instant.now().toString());
        timing.put("sampling_seconds", 0.0);
        j.set("scenario", ScenarioJson.tree(scenario));
        return j;
    }

    private static void putNullable(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static double nullableDouble(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
    }

    private static RunRequest requestOf(ObjectNode m, Path partial, Path target) throws BadInputException {
        try {
            String source = m.get("scenario_source").asText();
            List<String> overrides = new ArrayList<>();
            m.get("overrides").forEach(n -> overrides.add(n.asText()));
            JsonNode stop = m.get("stopping");
            JsonNode maxTime = stop.get("max_time_seconds");
            StoppingRules rules = new StoppingRules(nullableDouble(stop.get("until_rse")),
                    nullableDouble(stop.get("until_quantile_p")), nullableDouble(stop.get("until_quantile_ci")),
                    maxTime == null || maxTime.isNull() ? null : Duration.ofMillis(Math.round(maxTime.asDouble() * 1000)));
            return new RunRequest(source.equals("built-in") ? null : Path.of(source), m.get("samples_requested").asLong(),
                    m.get("seed").asLong(), m.get("threads").asInt(), SamplerKind.parse(m.get("sampler").asText()), target,
                    m.get("write_samples").asBoolean(), overrides, m.get("quantile_budget_bytes").asLong(), rules);
        } catch (RuntimeException e) {
            throw new BadInputException(partial.resolve(RUN_JSON) + ": not a run description chipmc can read (" + e
                    + "); the run cannot be resumed", e);
        }
    }

    private static ObjectNode readManifest(Path partial) throws BadInputException {
        Path f = partial.resolve(RUN_JSON);
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!(n instanceof ObjectNode o) || !FORMAT.equals(o.path("format").asText())) {
                throw new BadInputException(f + ": not a chipmc run description (format " + FORMAT + " expected)");
            }
            return o;
        } catch (IOException e) {
            throw new BadInputException(f + ": cannot be read or is corrupt (" + e.getMessage()
                    + "); the run cannot be resumed", e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }




    /** One session of a run: from a starting chunk until it completes, is interrupted or fails. */
    private static final class Session {
        private final Path partial;
        private final Path target;
        private final ObjectNode manifest;
        private final RunRequest req;
        private final Scenario scenario;
        private final Prepared p;
        private final RunControl control;
        private final PrintStream log;
        private final Map<String, String> meta;
        /** This process's claim on {@code partial}, held from before the session until after publishing. */
        private final DirectoryLock lock;
        private long listedChunks;

        Session(Path partial, Path target, ObjectNode manifest, RunRequest req, Scenario scenario, Prepared p,
                RunControl control, PrintStream log, DirectoryLock lock) {
            this.partial = partial;
            this.lock = lock;
            this.target = target;
            this.manifest = manifest;
            this.req = req;
            this.scenario = scenario;
            this.p = p;
            this.control = control;
            this.log = log;
            this.meta = metadata(scenario, req, p.model);
            this.listedChunks = manifest.path("chunks_done").asLong();
        }

        Outcome execute(long firstChunk, ChunkResult merged, double secondsBefore) throws IOException, InterruptedException {
            RunConfig config = p.run.config();
            StoppingRules rules = req.stopping();
            long startNanos = System.nanoTime();
            long[] lastCheckpoint = {startNanos};
            long checkpointEvery = control.checkpointEvery().toNanos();
            String[] stopReason = {null};
            long total = config.samples();
            long samplesAtStart = merged.samples();
            RunMonitor monitor = control.monitor();
            monitor.started(partial, samplesAtStart, total);
            MonteCarloRun.ChunkListener listener = (done, state) -> {
                long now = System.nanoTime();
                double secs = (now - startNanos) / 1e9;
                long samples = state.samples();
                double rate = secs > 0 ? (samples - samplesAtStart) / secs : 0;
                monitor.progress(new RunMonitor.Progress(samples, total, rate,
                        rate > 0 ? (total - samples) / rate : Double.NaN,
                        StoppingRules.relativeStandardError(state.stats(), p.headline)));
                if (control.stopRequested()) {
                    stopReason[0] = "interrupted";
                    return false;
                }
                var met = rules.precisionMet(state.stats(), p.headline, done);
                if (met.isPresent()) {
                    stopReason[0] = "precision target met: " + met.get();
                    return false;
                }
                if (rules.maxTime() != null && secondsBefore + secs >= rules.maxTime().toMillis() / 1000.0 && done < config.chunks()) {
                    stopReason[0] = "max-time " + rules.maxTime() + " reached; precision target "
                            + (rules.hasPrecisionTarget() ? "not met" : "none set");
                    return false;
                }
                if (now - lastCheckpoint[0] >= checkpointEvery && done < config.chunks()) {
                    try {
                        checkpoint(done, state, "running", null, secondsBefore + secs);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    lastCheckpoint[0] = System.nanoTime();
                }
                return true;
            };
            RunResult result;
            try {
                SampleParts sink = req.writeSamples() ? new SampleParts(partial, p.model, meta) : null;
                result = p.run.execute(firstChunk, merged, sink, listener);
            } catch (UncheckedIOException e) {
                throw failed(e.getCause());
            } catch (IOException e) {
                throw failed(e);
            }
            double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
            manifest.with("timings").put("sampling_seconds", seconds);
            try {
                removeStrays(result.chunksDone());
                if ("interrupted".equals(stopReason[0])) {
                    checkpoint(result.chunksDone(), result.merged(), "interrupted", null, seconds);
                    monitor.finished();
                    return new Outcome(partial, result, scenario, Status.INTERRUPTED, "interrupted");
                }
                String reason = stopReason[0] != null ? stopReason[0] : "sample budget reached";
                checkpoint(result.chunksDone(), result.merged(), "finalizing", reason, seconds);
                monitor.finished();
                return finish(result, reason);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        /** Records a failure in run.json if the disk still allows it, and says what is kept. */
        private IOException failed(IOException cause) {
            String checkpoint = manifest.path("checkpoint").path("file").asText(null);
            String kept = checkpoint == null ? "no checkpoint was written yet; the run must start again"
                    : "the last checkpoint (" + manifest.path("samples_done").asLong() + " samples) is intact; after fixing the cause, "
                            + "continue with 'chipmc resume " + target + "'";
            try {
                manifest.put("status", "failed");
                manifest.put("error", String.valueOf(cause.getMessage()));
                writeManifest();
            } catch (IOException ignored) {
                // The disk that failed may refuse this too; the last run.json stays as it was.
            }
            return new IOException(describe(cause) + "; " + kept, cause);
        }

        private static String describe(IOException e) {
            if (e instanceof java.nio.file.FileSystemException fse) {
                String file = fse.getFile();
                String reason = fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
                return (file != null ? file + ": " : "") + reason;
            }
            return String.valueOf(e.getMessage());
        }

        void writeManifest() throws IOException {
            Path f = partial.resolve(RUN_JSON);
            control.writeHook().beforeWrite(f);
            DurableFiles.writeDurably(f, JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8));
        }

        /** Makes the merged state after {@code chunks} chunks durable, then points run.json at it. */
        void checkpoint(long chunks, ChunkResult state, String status, String reason, double seconds) throws IOException {
            String name = String.format(Locale.ROOT, "checkpoint-%09d.bin", chunks);
            Path f = partial.resolve(name);
            control.writeHook().beforeWrite(f);
            Path tmp = partial.resolve(name + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
                out.write(CHECKPOINT_MAGIC);
                out.writeLong(chunks);
                state.write(out);
                out.flush();
                ch.force(true);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            listParts(chunks);
            String previous = manifest.path("checkpoint").path("file").asText(null);
            ObjectNode cp = manifest.putObject("checkpoint");
            cp.put("file", name);
            cp.put("sha256", sha256(f));
            manifest.put("chunks_done", chunks);
            manifest.put("samples_done", state.samples());
            manifest.put("status", status);
            if (reason != null) {
                manifest.put("stop_reason", reason);
            }
            manifest.with("timings").put("sampling_seconds", seconds);
            manifest.with("timings").put("checkpoint_at", Instant.now().toString());
            writeManifest();
            DurableFiles.fsyncDirectory(partial);
            if (previous != null && !previous.equals(name)) {
                Files.deleteIfExists(partial.resolve(previous));
            }
            control.monitor().checkpointed(f, state.samples());
        }

        /** Adds the parts of chunks {@code listedChunks .. chunks-1} with their checksums to run.json. */
        private void listParts(long chunks) throws IOException {
            if (!req.writeSamples()) {
                listedChunks = chunks;
                return;
            }
            ArrayNode parts = manifest.withArray("parts");
            for (long c = listedChunks; c < chunks; c++) {
                for (String d : new String[] {SampleParts.SAMPLES_DIR, SampleParts.INPUTS_DIR}) {
                    String rel = d + "/" + SampleParts.partName(c);
                    ObjectNode o = parts.addObject();
                    o.put("file", rel);
                    o.put("sha256", sha256(partial.resolve(rel)));
                }
            }
            listedChunks = chunks;
        }

        ChunkResult loadCheckpoint() throws BadInputException, IOException {
            JsonNode cp = manifest.get("checkpoint");
            long chunks = manifest.path("chunks_done").asLong();
            if (cp == null || cp.isNull()) {
                if (chunks != 0) {
                    throw new BadInputException(partial.resolve(RUN_JSON) + ": says " + chunks
                            + " chunks are done but names no checkpoint; the run cannot be resumed");
                }
                return p.run.emptyResult();
            }
            Path f = partial.resolve(cp.get("file").asText());
            String expected = cp.get("sha256").asText();
            String actual;
            try {
                actual = sha256(f);
            } catch (NoSuchFileException e) {
                throw new BadInputException(f + ": the checkpoint run.json names is missing; the run cannot be resumed", e);
            }
            if (!actual.equals(expected)) {
                throw new BadInputException(f + ": corrupt or truncated checkpoint (SHA-256 " + actual + ", run.json says "
                        + expected + "); it is not used. The run cannot be resumed from it");
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
                byte[] magic = in.readNBytes(CHECKPOINT_MAGIC.length);
                long stored = in.readLong();
                if (!java.util.Arrays.equals(magic, CHECKPOINT_MAGIC) || stored != chunks) {
                    throw new BadInputException(f + ": not the checkpoint of " + chunks + " chunks that run.json names");
                }
                return ChunkResult.read(in);
            }
        }

        void verifyParts() throws BadInputException, IOException {
            for (JsonNode part : manifest.withArray("parts")) {
                Path f = partial.resolve(part.get("file").asText());
                if (!Files.isRegularFile(f)) {
                    throw new BadInputException(f + ": a finished part is missing; the run cannot be resumed");
                }
                if (!sha256(f).equals(part.get("sha256").asText())) {
                    throw new BadInputException(f + ": corrupt or truncated part (its SHA-256 differs from run.json's); "
                            + "it is not used. The run cannot be resumed");
                }
            }
        }

        /** Deletes temporary files and parts of chunks at or after {@code chunks} (to be redone or not used). */
        void removeStrays(long chunks) throws IOException {
            List<Path> stray = new ArrayList<>();
            try (Stream<Path> s = Files.walk(partial, 2)) {
                s.filter(Files::isRegularFile).forEach(f -> {
                    String n = f.getFileName().toString();
                    if (n.contains(".tmp")) {
                        stray.add(f);
                    } else if (n.startsWith("part-") && n.endsWith(".parquet")) {
                        long c = Long.parseLong(n.substring(5, n.length() - 8));
                        if (c >= chunks) {
                            stray.add(f);
                        }
                    } else if (n.startsWith("checkpoint-") && !n.equals(manifest.path("checkpoint").path("file").asText())) {
                        stray.add(f);
                    }
                });
            }
            for (Path f : stray) {
                Files.deleteIfExists(f);
            }
        }

        /** Writes the result tables and run.json, then publishes the directory under its final name. */
        Outcome finish(RunResult result, String reason) throws IOException {
            try {
                Map<String, String> tableMeta = new LinkedHashMap<>(meta);
                tableMeta.put("chipmc.stop_reason", reason);
                RunTables.writeAll(partial, result, tableMeta);
                String checkpoint = manifest.path("checkpoint").path("file").asText(null);
                manifest.put("status", "complete");
                manifest.put("stop_reason", reason);
                manifest.put("precision_met", !req.stopping().hasPrecisionTarget() ? null
                        : Boolean.valueOf(reason.startsWith("precision target met")));
                manifest.put("samples", result.samples());
                manifest.put("chunks", result.chunksDone());
                manifest.putNull("checkpoint");
                ObjectNode timing = manifest.with("timings");
                timing.put("finished_at", Instant.now().toString());
                double secs = timing.path("sampling_seconds").asDouble();
                timing.put("samples_per_second", secs > 0 ? result.samples() / secs : 0);
                writeManifest();
                if (checkpoint != null) {
                    Files.deleteIfExists(partial.resolve(checkpoint));
                }
                publish();
                return new Outcome(target, result, scenario, Status.COMPLETE, reason);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        /** Renames the finished {@code .partial} directory to its final name. */
        void publish() throws IOException {
            DurableFiles.fsyncDirectory(partial);
            if (Files.exists(target)) {
                throw new IOException(target + " appeared while the run was going; the finished run stays in " + partial);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            // Nobody claims a finished run's directory: its lock file goes when the claim ends.
            lock.movedTo(target);
            lock.deleteOnClose();
            DurableFiles.fsyncDirectory(target.getParent());
        }
    }

}
