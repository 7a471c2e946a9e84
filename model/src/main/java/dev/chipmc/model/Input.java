package dev.chipmc.model;

import java.util.Objects;

/**
 * A named uncertain input: sampled once per sample from {@code distribution} and used wherever a
 * {@link Value.Ref} names it. Inline distributions in a scenario file become inputs named by their
 * path in the file.
 */
public record Input(String name, Distribution distribution) {
    public Input {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(distribution, "distribution");
    }
}
