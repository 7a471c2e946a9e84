package dev.chipmc.engine.run;

import dev.chipmc.engine.stats.Accumulator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything a run keeps about a set of consecutive chunks: the statistics accumulator of the
 * layout's columns, binding-constraint counts per (product, period, constraint), and sums of the
 * resource figures per (resource, period). Merged strictly in chunk order with {@link #combine},
 * which makes the run's results independent of the thread count.
 *
 * <p>Not thread-safe.
 */
public final class ChunkResult {
    /** Resource figures summed per (resource, period): available, used, utilisation, utilisation > 0.99. */
    public static final int RESOURCE_FIGURES = 4;

    final Accumulator stats;
    final long[] bindingCounts;
    final double[] resourceSums;
    long samples;

    ChunkResult(Accumulator stats, int bindingCells, int resourceCells) {
        this.stats = stats;
        this.bindingCounts = new long[bindingCells];
        this.resourceSums = new double[resourceCells * RESOURCE_FIGURES];
    }

    private ChunkResult(Accumulator stats, long[] bindingCounts, double[] resourceSums, long samples) {
        this.stats = stats;
        this.bindingCounts = bindingCounts;
        this.resourceSums = resourceSums;
        this.samples = samples;
    }

    /** Appends {@code later}, the result of the chunks that follow this one. */
    public void combine(ChunkResult later) {
        stats.combine(later.stats);
        for (int i = 0; i < bindingCounts.length; i++) {
            bindingCounts[i] += later.bindingCounts[i];
        }
        for (int i = 0; i < resourceSums.length; i++) {
            resourceSums[i] += later.resourceSums[i];
        }
        samples += later.samples;
    }

    public long samples() {
        return samples;
    }

    public Accumulator stats() {
        return stats;
    }

    /** Exact serialisation, for checkpoints: {@link #read} gives back a bit-identical state. */
    public void write(DataOutput out) throws IOException {
        out.writeLong(samples);
        out.writeInt(bindingCounts.length);
        for (long c : bindingCounts) {
            out.writeLong(c);
        }
        out.writeInt(resourceSums.length);
        for (double d : resourceSums) {
            out.writeDouble(d);
        }
        stats.write(out);
    }

    public static ChunkResult read(DataInput in) throws IOException {
        long samples = in.readLong();
        long[] counts = new long[in.readInt()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readLong();
        }
        double[] sums = new double[in.readInt()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = in.readDouble();
        }
        return new ChunkResult(Accumulator.read(in), counts, sums, samples);
    }
}
