package dev.chipmc.engine.sampling;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the points of the unit hypercube are produced; see {@link Points}. */
public enum SamplerKind {
    /** Independent uniforms (plain Monte Carlo); the default. */
    MC,
    /** Latin hypercube, stratified within each chunk. */
    LHS,
    /** Sobol sequence with a random digital shift. */
    SOBOL;

    /**
     * The kind named {@code s}, case-insensitive: {@code mc}, {@code lhs} or {@code sobol}.
     *
     * @throws IllegalArgumentException naming the choices when {@code s} is none of them
     */
    public static SamplerKind parse(String s) {
        if (s != null) {
            String key = s.strip().toUpperCase(Locale.ROOT);
            for (SamplerKind k : values()) {
                if (k.name().equals(key)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + s + "'; choose one of "
                + Arrays.stream(values()).map(SamplerKind::label).collect(Collectors.joining(", ")));
    }

    /** The name as written in scenario files and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
