package dev.chipmc.cli;

import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.run.StoppingRules;
import dev.chipmc.io.report.Report;
import dev.chipmc.io.run.RunControl;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.StressRuns;
import dev.chipmc.io.scenario.StressOverlays;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chipmc run}: samples a scenario and writes a run directory of Parquet tables. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Sample a scenario (the built-in reference scenario without SCENARIO) and write the results",
            "as Parquet tables to a new run directory."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished", "1:the run failed (nothing is left under the output name; the last checkpoint is kept)",
            "2:bad arguments, a bad scenario, or --out taken (nothing is written)",
            "130:interrupted (SIGINT/SIGTERM): a checkpoint was written; continue with 'chipmc resume DIR'"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario YAML file (default: built-in reference-2026).")
    Path scenario;

    @Option(names = "--samples", paramLabel = "N", converter = WholeNumberConverter.class, description = "Number of samples, e.g. 100000, 1_000_000 or 1e6 (default: 100000; with a precision target, the most to draw: default 1e9).")
    Long samples;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = RunConfig.DEFAULT_SEED;

    @Option(names = "--threads", paramLabel = "K", description = "Chunks evaluated at once (default: all cores, ${DEFAULT-VALUE} here). Results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--sampler", paramLabel = "mc|lhs|sobol", converter = SamplerConverter.class,
            description = "Hypercube sampler: mc (default), lhs (Latin hypercube within each chunk), sobol (scrambled Sobol).")
    SamplerKind sampler = SamplerKind.MC;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory to create (default: runs/<scenario>-<UTC timestamp>, with -2, -3, ... for runs started in the same second).")
    Path out;

    @Option(names = "--write-samples", description = "Also write per-sample outputs (samples/) and inputs (inputs/).")
    boolean writeSamples;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = {"Override a named input with a constant or a distribution,",
        "e.g. --set cowos_l.growth=tri(0.02,0.05,0.08). Repeatable."})
    List<String> sets = new ArrayList<>();

    @Option(names = "--until-rse", paramLabel = "X", description = "Stop when the relative standard error of mean total good packages is at most X (e.g. 0.001).")
    Double untilRse;

    @Option(names = "--until-quantile-ci", paramLabel = "p:X", description = {"Stop when the 95% confidence interval of quantile p of total",
        "good packages is at most X wide relative to it (e.g. 0.05:0.005)."})
    String untilQuantileCi;

    @Option(names = "--max-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this wall-clock time (e.g. 8h, 45m); the run records whether its precision target was met.")
    Duration maxTime;

    @Option(names = "--report", description = "Also write DIR/report.html (as 'chipmc report DIR' does) when the run finishes.")
    boolean report;

    @Option(names = "--stress", paramLabel = "NAME|all", description = {"After the run, run the scenario's stress: overlay NAME",
        "(or all of them) with common random numbers; results in DIR/stress/. Repeatable."})
    List<String> stress = new ArrayList<>();

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    @Option(names = "--quantile-budget-mb", paramLabel = "MB", description = "Memory for exact quantiles; beyond it a KLL sketch is used (default: ${DEFAULT-VALUE}).")
    long quantileBudgetMb = 256;

    /** Sample budget when a precision target is given and --samples is not. */
    static final long DEFAULT_BUDGET_WITH_TARGET = 1_000_000_000L;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        StoppingRules rules;
        try {
            double[] q = untilQuantileCi == null ? new double[] {Double.NaN, Double.NaN}
                    : StoppingRules.parseQuantileCi(untilQuantileCi);
            rules = new StoppingRules(untilRse == null ? Double.NaN : untilRse, q[0], q[1], maxTime);
        } catch (IllegalArgumentException e) {
            return Exits.usage(err, e.getMessage());
        }
        long n = samples != null ? samples : rules.hasPrecisionTarget() ? DEFAULT_BUDGET_WITH_TARGET : RunConfig.DEFAULT_SAMPLES;
        if (n < 1) {
            return Exits.usage(err, "--samples: must be at least 1, got " + n);
        }
        String bad = progress.check();
        if (bad != null) {
            return Exits.usage(err, bad);
        }
        if (threads < 1) {
            return Exits.usage(err, "--threads: must be at least 1, got " + threads);
        }
        if (quantileBudgetMb < 0) {
            return Exits.usage(err, "--quantile-budget-mb: must be >= 0, got " + quantileBudgetMb);
        }
        RunRequest req = new RunRequest(scenario, n, seed, threads, sampler, out, writeSamples, sets,
                quantileBudgetMb << 20, rules);
        RunControl control = progress.control(err);
        Signals.install(control, err);
        try {
            if (!stress.isEmpty()) {
                StressRuns.resolve(StressOverlays.read(scenario), stress, scenario == null ? "the built-in scenario"
                        : scenario.toString());
            }
            RunJob.Outcome outcome = RunJob.run(req, control, Exits.printStream(err));
            int code = Exits.outcome(outcome, outw, err);
            if (code == 0 && !stress.isEmpty() && outcome.status() == RunJob.Status.COMPLETE) {
                outw.print(StressRuns.format(StressRuns.run(outcome, req, stress, Exits.printStream(err))));
                outw.flush();
            }
            if (code == 0 && report && outcome.status() == RunJob.Status.COMPLETE) {
                outw.println("Report: " + Report.write(outcome.directory()));
                outw.flush();
            }
            return code;
        } catch (ScenarioException e) {
            return Exits.usage(err, e.getMessage());
        } catch (BadInputException e) {
            return Exits.usage(err, e.getMessage());
        } catch (IOException e) {
            return Exits.failure(err, "the run failed: " + e.getMessage());
        }
    }

    /** Converts {@code mc|lhs|sobol}. */
    static final class SamplerConverter implements picocli.CommandLine.ITypeConverter<SamplerKind> {
        @Override
        public SamplerKind convert(String value) {
            try {
                return SamplerKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
