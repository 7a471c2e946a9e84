package dev.chipmc.engine.sensitivity;

import java.util.Arrays;
import java.util.Objects;

/**
 * One factor of a Sobol analysis: a named set of hypercube coordinates that move together. A single
 * input is a factor of one coordinate; a group (all HBM inputs, all event uniforms) is one factor of
 * many, and its indices are those of the group as a whole (the closed and total indices of the set).
 *
 * @param name the factor's name, as written to {@code sobol.parquet}
 * @param dimensions the coordinates, ascending, distinct, {@code >= 0}
 */
public record Factor(String name, int[] dimensions) {

    public Factor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        dimensions = dimensions.clone();
        if (dimensions.length == 0) {
            throw new IllegalArgumentException("dimensions: factor '" + name + "' has no coordinates");
        }
        Arrays.sort(dimensions);
        for (int i = 0; i < dimensions.length; i++) {
            if (dimensions[i] < 0 || (i > 0 && dimensions[i] == dimensions[i - 1])) {
                throw new IllegalArgumentException("dimensions: factor '" + name
                        + "' must have distinct coordinates >= 0, got " + Arrays.toString(dimensions));
            }
        }
    }

    /** A factor of one coordinate. */
    public static Factor of(String name, int dimension) {
        return new Factor(name, new int[] {dimension});
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** The number of coordinates. */
    public int size() {
        return dimensions.length;
    }

    int dimension(int j) {
        return dimensions[j];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Factor f && f.name.equals(name) && Arrays.equals(f.dimensions, dimensions);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return "Factor[" + name + ", " + Arrays.toString(dimensions) + "]";
    }
}
