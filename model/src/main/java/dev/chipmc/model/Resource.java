package dev.chipmc.model;

import java.util.Objects;

/**
 * A supply with a native unit, per period (MODEL.md section 5).
 *
 * @param name             unique name, referenced from bills of materials, shares and events
 * @param unit             the native unit, for display ("interposer wafers", "good stacks")
 * @param supply           how good units come about
 * @param carryover        whether unused good units carry into the next period
 * @param carryoverLoss    fraction of carried units lost per period (0 when not carried)
 * @param lag              periods between production and availability (>= 0)
 * @param initialInventory good units available at {@code t = 0} (the pipeline fill when lagged)
 */
public record Resource(String name, String unit, Supply supply, boolean carryover, Value carryoverLoss, int lag,
        Value initialInventory) {
    public Resource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(supply, "supply");
        Objects.requireNonNull(carryoverLoss, "carryoverLoss");
        Objects.requireNonNull(initialInventory, "initialInventory");
        if (lag < 0) {
            throw new IllegalArgumentException("lag: must be >= 0, got " + lag);
        }
    }
}
