package dev.chipmc.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole scenario: the immutable value that the loader produces and the evaluator compiles.
 * Structural validation (names defined, shares summing to at most 1, ...) is the loader's job, which
 * reports located errors; {@code dev.chipmc.model.eval.CompiledModel#compile} re-checks what the
 * arithmetic relies on.
 *
 * @param totalTarget good packages wanted per period over all products together, if any
 */
public record Scenario(String name, String description, Periods periods, List<Input> inputs,
        List<Resource> resources, List<Product> products, List<Share> shares, List<Event> events,
        List<Correlation> correlations, boolean repairCorrelations, Optional<Profile> totalTarget) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(periods, "periods");
        inputs = List.copyOf(inputs);
        resources = List.copyOf(resources);
        products = List.copyOf(products);
        shares = List.copyOf(shares);
        events = List.copyOf(events);
        correlations = List.copyOf(correlations);
        Objects.requireNonNull(totalTarget, "totalTarget");
    }
}
