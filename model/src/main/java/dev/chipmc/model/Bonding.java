package dev.chipmc.model;

/**
 * HBM stacking technology. It sets the default per-interface bonding yield {@code y_bond} of a
 * {@link Supply.HbmStack} when the scenario gives none.
 */
public enum Bonding {
    /** Thermocompression with non-conductive film. */
    TC_NCF(0.992),
    /** Mass reflow with molded underfill. */
    MR_MUF(0.995),
    /** Hybrid (copper-to-copper) bonding. */
    HYBRID(0.985);

    private final double defaultInterfaceYield;

    Bonding(double defaultInterfaceYield) {
        this.defaultInterfaceYield = defaultInterfaceYield;
    }

    /** The per-interface bonding yield used when the scenario names the technology but no yield. */
    public double defaultInterfaceYield() {
        return defaultInterfaceYield;
    }
}
