package dev.chipmc.model;

import java.util.Objects;

/** A requested Spearman rank correlation {@code rho} between two named inputs. */
public record Correlation(String a, String b, double rho) {
    public Correlation {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("rho: must be in [-1, 1], got " + rho);
        }
    }
}
