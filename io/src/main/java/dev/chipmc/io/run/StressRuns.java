package dev.chipmc.io.run;

import dev.chipmc.engine.run.MonteCarloRun;
import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.RunResult;
import dev.chipmc.engine.run.RunResult.SummaryRow;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DurableFiles;
import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.TableWriter;
import dev.chipmc.io.scenario.Overrides;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.StressOverlays;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.eval.CompiledModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code chipmc run --stress NAME|all}: after a complete base run, each named overlay of the scenario
 * file's {@code stress:} section is applied on top of the run's {@code --set} overrides and run with
 * the base run's seed, sampler, chunk size and sample count (the samples the base run drew), so with
 * the same inputs the stressed run sees the same uniforms sample by sample: common random numbers,
 * and differences far more precise than those of independent runs. Results go to
 * {@code <run>/stress/NAME/} (the five result tables) and {@code <run>/stress/stress.parquet} (base,
 * stressed and difference of mean, p05, p50, p95 and P(below target) per headline output), written
 * under {@code stress.partial/} and renamed, so {@code stress/} is complete or absent.
 */
public final class StressRuns {
    public static final String DIR = "stress";
    public static final String TABLE = "stress.parquet";
    /** Compared figures: mean, p05, p50, p95, P(below target). */
    static final List<String> FIGURES = List.of("mean", "p05", "p50", "p95", "p_below_target");

    private StressRuns() {
    }

    /** One headline output of one overlay: {@link #FIGURES} of the base and stressed runs. */
    public record Comparison(String stress, String metric, String product, String period, double[] base,
            double[] stressed) {
        public double difference(int figure) {
            return stressed[figure] - base[figure];
        }
    }

    /** The overlay names {@code requested} means ({@code all}: every overlay, in file order). */
    public static List<String> resolve(Map<String, List<String>> overlays, List<String> requested, String source)
            throws BadInputException {
        List<String> names = new ArrayList<>();
        for (String r : requested) {
            for (String n : r.split(",")) {
                String name = n.strip();
                if (name.equals(StressOverlays.ALL)) {
                    names.addAll(overlays.keySet());
                } else if (overlays.containsKey(name)) {
                    names.add(name);
                } else {
                    throw new BadInputException("--stress " + name + ": " + source + " has no such overlay under stress:"
                            + (overlays.isEmpty() ? " (it has no stress: section)" : " (it has: "
                                    + String.join(", ", overlays.keySet()) + ")"));
                }
            }
        }
        return names.stream().distinct().toList();
    }

    /** Runs the overlays {@code names} against the complete run {@code base} and writes their tables. */
    public static List<Comparison> run(RunJob.Outcome base, RunRequest req, List<String> names, PrintStream log)
            throws ScenarioException, BadInputException, IOException, InterruptedException {
        Map<String, List<String>> overlays = StressOverlays.read(req.scenario());
        String source = req.scenario() == null ? "the built-in scenario" : req.scenario().toString();
        List<String> chosen = resolve(overlays, names, source);
        Path dir = base.directory();
        Path partial = dir.resolve(DIR + ".partial");
        DurableFiles.deleteTree(partial);
        Files.createDirectories(partial);
        RunResult b = base.result();
        MonteCarloRun baseRun = b.run();
        List<Comparison> all = new ArrayList<>();
        for (String name : chosen) {
            List<String> sets = new ArrayList<>(req.overrides());
            sets.addAll(overlays.get(name));
            Scenario scenario = Overrides.load(req.scenario(), sets);
            RunResult s;
            CompiledModel model;
            try {
                model = CompiledModel.compile(scenario);
                RunConfig c = baseRun.config();
                MonteCarloRun run = MonteCarloRun.prepare(model, new RunConfig(b.samples(), c.seed(), c.threads(),
                        c.sampler(), c.chunkSize(), c.quantileBudgetBytes()));
                if (run.dimensions() != baseRun.dimensions()) {
                    log.println("warning: stress " + name + " changes the number of sampled dimensions ("
                            + baseRun.dimensions() + " -> " + run.dimensions() + "); its random numbers are not common"
                            + " with the base run's");
                }
                s = run.execute(null, MonteCarloRun.ChunkListener.NONE);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("stress " + name + ": " + e.getMessage(), e);
            }
            Path sub = partial.resolve(name);
            Files.createDirectories(sub);
            Map<String, String> meta = new LinkedHashMap<>(RunJob.metadata(scenario, req, model));
            meta.put("chipmc.stress", name);
            meta.put("chipmc.stress_set", String.join(";", overlays.get(name)));
            RunTables.writeAll(sub, s, meta);
            all.addAll(compare(name, b, s));
        }
        Map<String, String> meta = new LinkedHashMap<>(RunJob.metadata(base.scenario(), req, baseRun.model()));
        writeTable(partial.resolve(TABLE), all, meta);
        Path target = dir.resolve(DIR);
        DurableFiles.deleteTree(target);
        DurableFiles.fsyncDirectory(partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(dir);
        return all;
    }

    /** Headline outputs: good of every entity per year and over the horizon, and horizon shortfalls. */
    static boolean headline(SummaryRow r) {
        boolean yearOrHorizon = r.period().matches("\\d{4}") || r.period().equals("all");
        return r.metric().equals("good") && yearOrHorizon || r.metric().equals("shortfall") && r.period().equals("all");
    }

    static List<Comparison> compare(String name, RunResult base, RunResult stressed) {
        Map<String, SummaryRow> s = new LinkedHashMap<>();
        for (SummaryRow r : stressed.summaryRows()) {
            s.put(r.metric() + "|" + r.product() + "|" + r.period(), r);
        }
        List<Comparison> out = new ArrayList<>();
        for (SummaryRow r : base.summaryRows()) {
            SummaryRow t = s.get(r.metric() + "|" + r.product() + "|" + r.period());
            if (headline(r) && t != null) {
                out.add(new Comparison(name, r.metric(), r.product(), r.period(), figures(r), figures(t)));
            }
        }
        return out;
    }

    private static double[] figures(SummaryRow r) {
        double[] q = r.stats().quantiles();
        return new double[] {r.stats().mean(), q[1], q[4], q[7], r.pBelowTarget()};
    }

    static void writeTable(Path file, List<Comparison> rows, Map<String, String> meta) throws IOException {
        List<Column> schema = new ArrayList<>(List.of(Column.string("stress"), Column.string("metric"),
                Column.string("product"), Column.string("period")));
        for (String f : FIGURES) {
            schema.add(Column.dbl("base_" + f));
            schema.add(Column.dbl("stressed_" + f));
            schema.add(Column.dbl("diff_" + f));
        }
        try (TableWriter w = TableWriter.create(file, schema, meta)) {
            for (Comparison c : rows) {
                w.setString(0, c.stress());
                w.setString(1, c.metric());
                w.setString(2, c.product());
                w.setString(3, c.period());
                for (int f = 0; f < FIGURES.size(); f++) {
                    set(w, 4 + 3 * f, c.base()[f]);
                    set(w, 5 + 3 * f, c.stressed()[f]);
                    set(w, 6 + 3 * f, c.difference(f));
                }
                w.endRow();
            }
        }
    }

    private static void set(TableWriter w, int c, double v) {
        if (Double.isNaN(v)) {
            w.setNull(c);
        } else {
            w.setDouble(c, v);
        }
    }

    /** The printed comparison: total good and every horizon shortfall, base against each overlay. */
    public static String format(List<Comparison> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nStress overlays against the base case (common random numbers)%n"));
        b.append(String.format(Locale.ROOT, "  %-16s %-34s %12s %12s %12s %14s%n", "stress", "output", "mean", "P5", "P95",
                "P(< target)"));
        for (Comparison c : rows) {
            boolean show = c.product().equals("all") && c.metric().equals("good") || c.metric().equals("shortfall");
            if (!show) {
                continue;
            }
            String output = c.metric() + " " + c.product() + " " + c.period();
            b.append(String.format(Locale.ROOT, "  %-16s %-34s %12s %12s %12s %14s%n", c.stress(), output,
                    RunSummaryText.num(c.stressed()[0]), RunSummaryText.num(c.stressed()[1]),
                    RunSummaryText.num(c.stressed()[3]), RunSummaryText.pct(c.stressed()[4])));
            b.append(String.format(Locale.ROOT, "  %-16s %-34s %12s %12s %12s %14s%n", "", "  vs base",
                    signed(c.difference(0)), signed(c.difference(1)), signed(c.difference(3)),
                    Double.isNaN(c.difference(4)) ? "-" : String.format(Locale.ROOT, "%+.1f pt", 100 * c.difference(4))));
        }
        return b.toString();
    }

    private static String signed(double v) {
        String s = RunSummaryText.num(v);
        return v >= 0 ? "+" + s : s;
    }
}
