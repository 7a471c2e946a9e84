package dev.chipmc.model;

import java.util.Objects;

/**
 * A scalar that is either a constant or a reference to a named uncertain input, which is sampled
 * once per sample and may be used in many places (one defect density shared by several die types).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Value permits Value.Const, Value.Ref {

    /** A constant. */
    record Const(double value) implements Value {
        public Const {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("value: NaN is not allowed");
            }
        }
    }

    /** A reference to the named input {@code input} of the scenario. */
    record Ref(String input) implements Value {
        public Ref {
            Objects.requireNonNull(input, "input");
            if (input.isBlank()) {
                throw new IllegalArgumentException("input: name must not be blank");
            }
        }
    }

    static Value of(double value) {
        return new Const(value);
    }

    static Value ref(String input) {
        return new Ref(input);
    }
}
