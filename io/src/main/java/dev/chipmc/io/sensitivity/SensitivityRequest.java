package dev.chipmc.io.sensitivity;

import dev.chipmc.engine.sampling.SamplerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code chipmc sensitivity} was asked to do.
 *
 * @param scenario the scenario file, or {@code null} for the built-in reference scenario
 * @param overrides {@code name=value} assignments of {@code --set}
 * @param samples {@code N}, rows of the pick-freeze design
 * @param groups the groups file, or {@code null} (every input its own factor)
 * @param bootstrap bootstrap replicates
 * @param out the directory to create, or {@code null} for {@code sensitivity/<scenario>-<timestamp>}
 */
public record SensitivityRequest(Path scenario, List<String> overrides, long samples, long seed, int threads,
        SamplerKind sampler, Path groups, int bootstrap, Path out) {
    public SensitivityRequest {
        Objects.requireNonNull(sampler, "sampler");
        overrides = List.copyOf(overrides);
    }
}
