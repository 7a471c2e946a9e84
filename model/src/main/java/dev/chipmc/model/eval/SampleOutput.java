package dev.chipmc.model.eval;

/**
 * The outputs of one sample (MODEL.md section 8), in flat arrays that an {@link Evaluator}
 * overwrites on each call, so no allocation happens per sample. Product arrays are indexed
 * {@code p * T + t}, resource arrays {@code r * T + t}, with {@code T} the number of periods.
 *
 * <p>Not thread-safe: one instance per worker.
 */
public final class SampleOutput {
    /** {@link #binding} code for "the demand cap limited the raise of phase 2". */
    public static final int BINDING_DEMAND = 0;

    /** Binding code of resource {@code r}: {@code r + 1}. */
    public static int bindingOfResource(int r) {
        return r + 1;
    }

    public final int periods;
    public final int products;
    public final int resources;

    /** Packages started {@code s_{p,t}}. */
    public final double[] started;
    /** Good packages {@code V_{p,t}}. */
    public final double[] good;
    /** {@code max(0, G_{p,t} - V_{p,t})}; 0 where the product has no target. */
    public final double[] shortfall;
    /** Target {@code G_{p,t}}, NaN where the product has no target. */
    public final double[] target;
    /** Binding constraint: {@link #BINDING_DEMAND} or {@link #bindingOfResource(int)}. */
    public final int[] binding;

    /** {@code A_{r,t}}: good production arriving at t plus inventory carried in. */
    public final double[] available;
    /** Units consumed by all products at t. */
    public final double[] used;
    /** Inventory carried into t + 1 (after the loss fraction); 0 for resources without carryover. */
    public final double[] inventory;
    /** {@code used / available}, 0 where nothing was available. */
    public final double[] utilisation;

    public SampleOutput(int periods, int products, int resources) {
        this.periods = periods;
        this.products = products;
        this.resources = resources;
        int pt = periods * products;
        int rt = periods * resources;
        started = new double[pt];
        good = new double[pt];
        shortfall = new double[pt];
        target = new double[pt];
        binding = new int[pt];
        available = new double[rt];
        used = new double[rt];
        inventory = new double[rt];
        utilisation = new double[rt];
    }
}
