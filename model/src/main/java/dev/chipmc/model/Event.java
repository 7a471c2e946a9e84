package dev.chipmc.model;

import java.util.List;
import java.util.Objects;

/**
 * A disruption event (MODEL.md section 7): in each period it starts with probability
 * {@code probability}, decided by that period's own uniform; it then cuts the production of
 * {@code resources} by {@code cut} for {@code duration} periods (the start period included).
 * Overlapping occurrences multiply.
 */
public record Event(String name, Value probability, int duration, List<String> resources, Value cut) {
    public Event {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probability, "probability");
        resources = List.copyOf(resources);
        Objects.requireNonNull(cut, "cut");
        if (duration < 1) {
            throw new IllegalArgumentException("duration: must be at least 1 period, got " + duration);
        }
    }
}
