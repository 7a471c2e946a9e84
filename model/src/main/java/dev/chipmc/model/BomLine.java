package dev.chipmc.model;

import java.util.Objects;

/**
 * One line of a product's bill of materials: per package started it consumes
 * {@code quantity} units of {@code resource}, or, when {@code siteArea} is given (interposers and
 * packaging lithography), {@code quantity / DPW(siteArea, edgeExclusion)} units: one interposer
 * is {@code 1 / DPW} wafers, {@code layers} RDL layers are {@code layers / DPW} wafer-layer passes.
 *
 * @param kind           what the line is, for display and tie-breaking order (the order of the list)
 * @param siteArea       interposer area in mm^2, or {@code null} for a plain count
 * @param edgeExclusion  edge exclusion in mm for the DPW of {@code siteArea} (ignored without it)
 */
public record BomLine(Kind kind, String resource, Value quantity, Value siteArea, Value edgeExclusion) {

    /** What a line consumes. */
    public enum Kind { DIE, HBM, INTERPOSER, LITHOGRAPHY, SUBSTRATE, OTHER }

    public static final Value DEFAULT_EDGE_EXCLUSION = Value.of(3);

    public BomLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(edgeExclusion, "edgeExclusion");
    }

    /** A plain count per package. */
    public static BomLine count(Kind kind, String resource, Value quantity) {
        return new BomLine(kind, resource, quantity, null, DEFAULT_EDGE_EXCLUSION);
    }
}
