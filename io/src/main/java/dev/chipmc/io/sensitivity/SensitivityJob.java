package dev.chipmc.io.sensitivity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.engine.Version;
import dev.chipmc.engine.sensitivity.Factor;
import dev.chipmc.engine.sensitivity.ScenarioSobolModel;
import dev.chipmc.engine.sensitivity.SobolAnalysis;
import dev.chipmc.engine.sensitivity.SobolConfig;
import dev.chipmc.engine.sensitivity.SobolIndices;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DurableFiles;
import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.TableWriter;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.ScenarioJson;
import dev.chipmc.io.scenario.Overrides;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.CompiledModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * {@code chipmc sensitivity}: Sobol indices of a scenario ({@link SobolAnalysis} on a
 * {@link ScenarioSobolModel}) written to a directory that appears complete or not at all: the work
 * goes into {@code <out>.partial}, which holds {@code sobol.parquet} and {@code sensitivity.json}
 * (each written under a temporary name, fsynced and renamed) and is renamed to {@code <out>} at the
 * end. An analysis is short and has no checkpoint: an interrupted one leaves {@code <out>.partial},
 * which the next attempt refuses until it is removed.
 *
 * <p>Stateless and thread-safe.
 */
public final class SensitivityJob {
    public static final String SOBOL = "sobol.parquet";
    public static final String JSON_FILE = "sensitivity.json";
    public static final String FORMAT = "chipmc-sensitivity/1";
    public static final String PARTIAL_SUFFIX = ".partial";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The finished directory, the indices and how the scenario's outputs and factors were named. */
    public record Outcome(Path directory, SobolIndices indices, ScenarioSobolModel model, Scenario scenario,
            Map<String, List<String>> groups) {
    }

    private SensitivityJob() {
    }

    public static Outcome run(SensitivityRequest req, PrintStream log) throws ScenarioException, BadInputException,
            IOException, InterruptedException {
        return run(req, log, Path.of("sensitivity"));
    }

    /** {@link #run(SensitivityRequest, PrintStream)} with the default output under {@code parent} (tests). */
    static Outcome run(SensitivityRequest req, PrintStream log, Path parent) throws ScenarioException,
            BadInputException, IOException, InterruptedException {
        Scenario scenario = Overrides.load(req.scenario(), req.overrides());
        CompiledModel compiled;
        ScenarioSobolModel model;
        try {
            compiled = CompiledModel.compile(scenario);
            model = ScenarioSobolModel.of(compiled);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source(req) + ": " + e.getMessage(), e);
        }
        model.correlationWarning().ifPresent(w -> log.println("warning: " + w));
        Map<String, List<String>> groups = req.groups() == null ? Map.of()
                : GroupsReader.read(req.groups(), compiled.inputNames());
        List<Factor> factors;
        SobolConfig config;
        try {
            factors = model.factors(groups);
            config = new SobolConfig(req.samples(), req.seed(), req.threads(), req.sampler(),
                    SobolConfig.DEFAULT_CHUNK_SIZE, req.bootstrap(), SobolConfig.DEFAULT_CONFIDENCE);
            if (req.sampler() == dev.chipmc.engine.sampling.SamplerKind.SOBOL && 2 * model.dimensions() > 1000) {
                throw new IllegalArgumentException("--sampler sobol: the design needs 2 x " + model.dimensions()
                        + " dimensions, more than the Sobol sequence's 1000; use --sampler lhs or mc");
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        boolean named = req.out() != null;
        Path base = (named ? req.out()
                : parent.resolve(DurableFiles.safeName(scenario.name()) + "-" + STAMP.format(Instant.now())))
                .toAbsolutePath().normalize();
        // analyses started in the same second get -2, -3, ... after the default name (as runs do)
        Path dir = named ? base : DurableFiles.freeName(base);
        Path partial = dir.resolveSibling(dir.getFileName() + PARTIAL_SUFFIX);
        if (Files.exists(dir)) {
            throw new BadInputException("--out " + dir + ": already exists; choose another directory or remove it");
        }
        if (Files.exists(partial)) {
            throw new BadInputException("--out " + dir + ": " + partial
                    + " exists (an unfinished analysis, or one running now); remove it first");
        }
        try {
            Files.createDirectories(dir.getParent());
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.createDirectory(partial);
                    break;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (named || attempt == 100) {
                        throw e;
                    }
                    dir = DurableFiles.freeName(base);
                    partial = dir.resolveSibling(dir.getFileName() + PARTIAL_SUFFIX);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("--out " + dir + ": cannot create " + partial + " (" + e + ")", e);
        }
        log.printf(java.util.Locale.ROOT, "sensitivity: %d factors, %d outputs, N = %,d rows, %,d evaluations%n",
                factors.size(), model.outputNames().size(), req.samples(), req.samples() * (factors.size() + 2));
        long started = System.nanoTime();
        SobolIndices r = SobolAnalysis.run(model, factors, config);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> meta = metadata(scenario, req, compiled);
        writeSobol(partial.resolve(SOBOL), r, model, meta);
        DurableFiles.writeDurably(partial.resolve(JSON_FILE), manifest(req, scenario, model, groups, factors, r, seconds));
        DurableFiles.fsyncDirectory(partial);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(dir.getParent());
        return new Outcome(dir, r, model, scenario, groups);
    }

    /** Key-value metadata of {@code sobol.parquet}: those of a run's files plus the analysis' own. */
    static Map<String, String> metadata(Scenario scenario, SensitivityRequest req, CompiledModel model) {
        Map<String, String> m = RunJob.metadata(scenario, req.seed(), req.sampler(), req.samples(), model);
        m.put("chipmc.analysis", "sobol");
        m.put("chipmc.bootstrap", Integer.toString(req.bootstrap()));
        m.put("chipmc.confidence", Double.toString(SobolConfig.DEFAULT_CONFIDENCE));
        return m;
    }

    static void writeSobol(Path file, SobolIndices r, ScenarioSobolModel model, Map<String, String> meta)
            throws IOException {
        List<Column> schema = List.of(Column.string("factor"), Column.int32("factor_size"), Column.string("output"),
                Column.string("metric"), Column.string("product"), Column.string("period"), Column.dbl("S1"),
                Column.dbl("S1_low"), Column.dbl("S1_high"), Column.dbl("ST"), Column.dbl("ST_low"),
                Column.dbl("ST_high"), Column.dbl("mean"), Column.dbl("variance"));
        // TableWriter writes under a temporary name, fsyncs and renames when closed.
        try (TableWriter w = TableWriter.create(file, schema, meta)) {
            for (int o = 0; o < r.outputs().size(); o++) {
                ScenarioSobolModel.Output def = model.outputs().get(o);
                for (int i = 0; i < r.factors().size(); i++) {
                    int c = 0;
                    w.setString(c++, r.factors().get(i).name());
                    w.setInt(c++, r.factors().get(i).size());
                    w.setString(c++, def.name());
                    w.setString(c++, def.metric());
                    w.setString(c++, def.product());
                    w.setString(c++, def.period());
                    for (double v : new double[] {r.s1()[i][o], r.s1Low()[i][o], r.s1High()[i][o], r.st()[i][o],
                            r.stLow()[i][o], r.stHigh()[i][o], r.mean()[o], r.variance()[o]}) {
                        if (Double.isNaN(v)) {
                            w.setNull(c++);
                        } else {
                            w.setDouble(c++, v);
                        }
                    }
                    w.endRow();
                }
            }
        }
    }

    private static byte[] manifest(SensitivityRequest req, Scenario scenario, ScenarioSobolModel model,
            Map<String, List<String>> groups, List<Factor> factors, SobolIndices r, double seconds) throws IOException {
        ObjectNode j = JSON.createObjectNode();
        j.put("format", FORMAT);
        j.put("version", Version.get());
        j.put("status", "complete");
        ScenarioJson.describe(j, scenario, req.scenario(), req.overrides());
        j.put("seed", req.seed());
        j.put("sampler", req.sampler().label());
        j.put("samples", req.samples());
        j.put("evaluations", r.evaluations());
        j.put("bootstrap", req.bootstrap());
        j.put("confidence", SobolConfig.DEFAULT_CONFIDENCE);
        j.put("chunk_size", SobolConfig.DEFAULT_CHUNK_SIZE);
        j.put("threads", req.threads());
        if (req.groups() == null) {
            j.putNull("groups_file");
        } else {
            j.put("groups_file", req.groups().toAbsolutePath().toString());
        }
        ObjectNode fs = j.putObject("factors");
        List<String> names = model.model().inputNames();
        for (Factor f : factors) {
            ArrayNode a = fs.putArray(f.name());
            if (f.name().equals(ScenarioSobolModel.EVENTS) && !groups.containsKey(f.name())) {
                a.add("(" + f.size() + " event uniforms: one per event and period)");
                continue;
            }
            for (int d : f.dimensions()) {
                a.add(names.get(d));
            }
        }
        ArrayNode outs = j.putArray("outputs");
        model.outputNames().forEach(outs::add);
        j.put("seconds", seconds);
        j.set("scenario", ScenarioJson.tree(scenario));
        return JSON.writeValueAsString(j).getBytes(StandardCharsets.UTF_8);
    }

    private static String source(SensitivityRequest req) {
        return req.scenario() == null ? "built-in reference scenario" : req.scenario().toString();
    }




    /** A short table: per factor, S1 and ST of total good packages over the horizon, largest ST first. */
    public static String format(Outcome o) {
        SobolIndices r = o.indices();
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT,
                "chipmc sensitivity: %s, N = %,d (%,d evaluations), %d factors%n%n", o.scenario().name(), r.samples(),
                r.evaluations(), r.factors().size()));
        b.append("Total good packages over the horizon (all products): Sobol indices, 95 % bootstrap intervals\n");
        b.append(String.format(java.util.Locale.ROOT, "  %-28s %6s %17s %6s %17s%n", "factor", "S1", "", "ST", ""));
        Integer[] order = new Integer[r.factors().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(nz(r.st()[y][0]), nz(r.st()[x][0])));
        for (int i : order) {
            b.append(String.format(java.util.Locale.ROOT, "  %-28s %6.3f [%6.3f, %6.3f] %6.3f [%6.3f, %6.3f]%n",
                    r.factors().get(i).name(), r.s1()[i][0], r.s1Low()[i][0], r.s1High()[i][0], r.st()[i][0],
                    r.stLow()[i][0], r.stHigh()[i][0]));
        }
        b.append(String.format(java.util.Locale.ROOT, "%nResults: %s (%s, %s)%n", o.directory(), SOBOL, JSON_FILE));
        return b.toString();
    }

    private static double nz(double x) {
        return Double.isNaN(x) ? -1 : x;
    }
}
