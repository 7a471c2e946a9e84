package dev.chipmc.engine.stats;

/**
 * The probabilities at which every summary reports quantiles (MODEL.md section 9).
 */
public final class Probabilities {
    /**
     * 1, 5, 10, 25, 50, 75, 90, 95 and 99 %. The array is shared: callers must not write to it.
     */
    public static final double[] STANDARD = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};

    private Probabilities() {
    }
}
