package dev.chipmc.model;

import java.util.List;
import java.util.Objects;

/**
 * A per-period quantity {@code x_t} (MODEL.md section 3) whose parameters are {@link Value}s.
 * {@code at} is the launch period (default 0, may be fractional or uncertain); {@code k = t - at}.
 * Before {@code at}, {@link Ramp} and {@link Step}'s {@code after} part are 0 / {@code before}, and
 * {@link Learning} holds at {@code initial}.
 */
public sealed interface Profile {

    Value ZERO = Value.of(0);

    /** {@code x_t = x}. */
    record Constant(Value x) implements Profile {
        public Constant {
            Objects.requireNonNull(x, "x");
        }
    }

    /** {@code x_t = start * (1 + growth)^k} for {@code t >= at}, else 0. */
    record Ramp(Value start, Value growth, Value at) implements Profile {
        public Ramp {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(growth, "growth");
            Objects.requireNonNull(at, "at");
        }
    }

    /** {@code x_t = final - (final - initial) * exp(-max(k, 0) / tau)}. */
    record Learning(Value initial, Value fin, Value tau, Value at) implements Profile {
        public Learning {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(fin, "final");
            Objects.requireNonNull(tau, "tau");
            Objects.requireNonNull(at, "at");
        }
    }

    /** {@code x_t = values[t]}; one entry per period. */
    record Series(List<Value> values) implements Profile {
        public Series {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values: must not be empty");
            }
        }
    }

    /** {@code x_t = before} for {@code t < at}, else {@code after}. */
    record Step(Value before, Value after, Value at) implements Profile {
        public Step {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(at, "at");
        }
    }

    static Profile constant(double x) {
        return new Constant(Value.of(x));
    }

    static Profile constant(Value x) {
        return new Constant(x);
    }
}
