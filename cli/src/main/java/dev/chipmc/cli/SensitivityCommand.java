package dev.chipmc.cli;

import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.sensitivity.SobolConfig;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.sensitivity.SensitivityJob;
import dev.chipmc.io.sensitivity.SensitivityRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chipmc sensitivity}: Sobol indices of a scenario's headline outputs (docs/sensitivity.md). */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = {"Sobol first-order (Saltelli 2010) and total-order (Jansen) indices of total and per-product good",
            "packages and of shortfalls, per input or per group of inputs, with bootstrap intervals. Evaluates the",
            "scenario N (k + 2) times for k factors; writes DIR/sobol.parquet and DIR/sensitivity.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:an unexpected failure", "2:a bad scenario, groups file or argument"})
public final class SensitivityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario YAML file (default: built-in reference-2026).")
    Path scenario;

    @Option(names = "--samples", paramLabel = "N", converter = WholeNumberConverter.class, description = "Rows of the pick-freeze design, e.g. 8192 or 8_192 (default: ${DEFAULT-VALUE}; a power of two suits sobol).")
    long samples = 8192;

    @Option(names = "--groups", paramLabel = "FILE", description = "Groups YAML: groups: {hbm: [hbm3e.*, hbm4.*], ...}; each group is one factor.")
    Path groups;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = RunConfig.DEFAULT_SEED;

    @Option(names = "--threads", paramLabel = "K", description = "Chunks evaluated at once (default: all cores, ${DEFAULT-VALUE} here). Results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--sampler", paramLabel = "mc|lhs|sobol", description = "Sampler of the 2d-dimensional design (default: ${DEFAULT-VALUE}).")
    String sampler = "sobol";

    @Option(names = "--bootstrap", paramLabel = "R", description = "Bootstrap replicates for the 95% intervals (default: ${DEFAULT-VALUE}; 0: none).")
    int bootstrap = SobolConfig.DEFAULT_BOOTSTRAP;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a named input (repeatable), as for 'chipmc run'.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to create (default: sensitivity/<scenario>-<UTC timestamp>, with -2, -3, ... for analyses started in the same second).")
    Path out;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        if (samples < 2) {
            return Exits.usage(err, "--samples: must be at least 2, got " + samples);
        }
        if (threads < 1) {
            return Exits.usage(err, "--threads: must be at least 1, got " + threads);
        }
        if (bootstrap < 0) {
            return Exits.usage(err, "--bootstrap: must be at least 0, got " + bootstrap);
        }
        SamplerKind kind;
        try {
            kind = SamplerKind.parse(sampler);
        } catch (IllegalArgumentException e) {
            return Exits.usage(err, "--sampler: " + e.getMessage());
        }
        try {
            SensitivityJob.Outcome o = SensitivityJob.run(new SensitivityRequest(scenario, sets, samples, seed, threads,
                    kind, groups, bootstrap, out), Exits.printStream(err));
            outw.print(SensitivityJob.format(o));
            outw.flush();
            return Exits.OK;
        } catch (ScenarioException | BadInputException e) {
            return Exits.usage(err, e.getMessage());
        } catch (IOException e) {
            return Exits.failure(err, "the analysis failed: " + e.getMessage());
        }
    }
}
