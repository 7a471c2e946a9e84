package dev.chipmc.model;

import java.util.Objects;

/** A reservation: product {@code product} is reserved {@code fraction} of resource {@code resource}. */
public record Share(String resource, String product, Value fraction) {
    public Share {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(fraction, "fraction");
    }
}
