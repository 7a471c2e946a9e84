package dev.chipmc.model;

import java.util.Objects;

/**
 * Defect-limited die yield as a function of {@code AD = (A / 100) * D0} (A in mm^2, D0 in defects
 * per cm^2), MODEL.md section 4. The systematic yield {@code Y0} multiplies it and lives in
 * {@link Supply.LogicDie}.
 */
public sealed interface YieldModel {

    /** {@code exp(-AD)}. */
    record Poisson() implements YieldModel {
    }

    /** {@code ((1 - exp(-AD)) / AD)^2}, 1 at {@code AD = 0}. */
    record Murphy() implements YieldModel {
    }

    /** {@code 1 / (1 + AD)}. */
    record Seeds() implements YieldModel {
    }

    /** {@code (1 + AD / alpha)^(-alpha)}, the clustering parameter {@code alpha} an input. */
    record NegativeBinomial(Value alpha) implements YieldModel {
        public NegativeBinomial {
            Objects.requireNonNull(alpha, "alpha");
        }
    }
}
