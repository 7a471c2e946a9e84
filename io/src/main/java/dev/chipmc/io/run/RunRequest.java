package dev.chipmc.io.run;

import dev.chipmc.engine.run.StoppingRules;
import dev.chipmc.engine.sampling.SamplerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code chipmc run} was asked to do.
 *
 * @param scenario     the scenario file, or {@code null} for the built-in reference scenario
 * @param samples      the sample budget (the most a run draws; a stopping rule may stop it earlier)
 * @param out          the run directory to create, or {@code null} for {@code runs/<scenario>-<timestamp>}
 * @param overrides    {@code name=value} assignments of {@code --set}
 * @param stopping     precision targets and the wall-clock budget
 */
public record RunRequest(Path scenario, long samples, long seed, int threads, SamplerKind sampler, Path out,
        boolean writeSamples, List<String> overrides, long quantileBudgetBytes, StoppingRules stopping) {
    public RunRequest {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(stopping, "stopping");
        overrides = List.copyOf(overrides);
    }

    public RunRequest(Path scenario, long samples, long seed, int threads, SamplerKind sampler, Path out,
            boolean writeSamples, List<String> overrides, long quantileBudgetBytes) {
        this(scenario, samples, seed, threads, sampler, out, writeSamples, overrides, quantileBudgetBytes,
                StoppingRules.NONE);
    }

    public RunRequest withThreads(int k) {
        return new RunRequest(scenario, samples, seed, k, sampler, out, writeSamples, overrides, quantileBudgetBytes, stopping);
    }
}
