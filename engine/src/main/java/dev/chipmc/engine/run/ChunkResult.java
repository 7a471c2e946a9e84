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
    /** {@link RankCorrelation#FIGURES} sums per (input, output) pair. */
    final double[] rankSums;
    /** Per (product, period, resource): sum of volume lost, sum of its square. */
    final double[] lostSums;
    long relaxedSamples;
    long samples;

    ChunkResult(Accumulator stats, int bindingCells, int resourceCells, int rankPairs, int lostCells) {
        this.stats = stats;
        this.bindingCounts = new long[bindingCells];
        this.resourceSums = new double[resourceCells * RESOURCE_FIGURES];
        this.rankSums = new double[rankPairs * RankCorrelation.FIGURES];
        this.lostSums = new double[lostCells * 2];
    }

    private ChunkResult(Accumulator stats, long[] bindingCounts, double[] resourceSums, double[] rankSums,
            double[] lostSums, long relaxedSamples, long samples) {
        this.stats = stats;
        this.bindingCounts = bindingCounts;
        this.resourceSums = resourceSums;
        this.rankSums = rankSums;
        this.lostSums = lostSums;
        this.relaxedSamples = relaxedSamples;
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
        for (int i = 0; i < rankSums.length; i++) {
            rankSums[i] += later.rankSums[i];
        }
        for (int i = 0; i < lostSums.length; i++) {
            lostSums[i] += later.lostSums[i];
        }
        relaxedSamples += later.relaxedSamples;
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
        writeDoubles(out, resourceSums);
        writeDoubles(out, rankSums);
        writeDoubles(out, lostSums);
        out.writeLong(relaxedSamples);
        stats.write(out);
    }

    public static ChunkResult read(DataInput in) throws IOException {
        long samples = in.readLong();
        long[] counts = new long[in.readInt()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readLong();
        }
        double[] sums = readDoubles(in);
        double[] rank = readDoubles(in);
        double[] lost = readDoubles(in);
        long relaxed = in.readLong();
        return new ChunkResult(Accumulator.read(in), counts, sums, rank, lost, relaxed, samples);
    }

    private static void writeDoubles(DataOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double d : a) {
            out.writeDouble(d);
        }
    }

    private static double[] readDoubles(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt checkpoint: negative array length " + n);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
