package dev.chipmc.io.run;

import dev.chipmc.engine.sampling.SamplerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code chipmc run} was asked to do.
 *
 * @param scenario     the scenario file, or {@code null} for the built-in reference scenario
 * @param out          the run directory to create, or {@code null} for {@code runs/<scenario>-<timestamp>}
 * @param overrides    {@code name=value} assignments of {@code --set}
 */
public record RunRequest(Path scenario, long samples, long seed, int threads, SamplerKind sampler, Path out,
        boolean writeSamples, List<String> overrides, long quantileBudgetBytes) {
    public RunRequest {
        Objects.requireNonNull(sampler, "sampler");
        overrides = List.copyOf(overrides);
    }
}
