package dev.chipmc.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An accelerator class (MODEL.md section 6). Products are allocated in the order the scenario
 * lists them (priority order).
 *
 * @param bom           the bill of materials; its order breaks ties between binding constraints
 * @param assemblyYield per-period assembly yield
 * @param testYield     per-period test yield
 * @param demandCap     packages started at most per period; empty means unlimited
 * @param target        good packages wanted per period (for risk figures); empty means none
 */
public record Product(String name, List<BomLine> bom, Profile assemblyYield, Profile testYield,
        Optional<Profile> demandCap, Optional<Profile> target) {
    public Product {
        Objects.requireNonNull(name, "name");
        bom = List.copyOf(bom);
        Objects.requireNonNull(assemblyYield, "assemblyYield");
        Objects.requireNonNull(testYield, "testYield");
        Objects.requireNonNull(demandCap, "demandCap");
        Objects.requireNonNull(target, "target");
    }
}
