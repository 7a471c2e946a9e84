package dev.chipmc.engine.stats;

import java.io.DataOutput;
import java.io.IOException;

/**
 * What an {@link Accumulator} keeps of one column's values to answer rank questions: all of them
 * ({@link ExactQuantiles}) or a bounded KLL sketch ({@link QuantileSketch}).
 *
 * <p>Both reject NaN values. Implementations are not thread-safe; the same sequence of
 * {@link #add} and {@link #combine} calls gives the same state and the same answers, bit for bit,
 * whichever thread made them.
 */
public sealed interface QuantileState permits ExactQuantiles, QuantileSketch {

    /**
     * Adds one value.
     *
     * @throws IllegalArgumentException if {@code x} is NaN
     */
    void add(double x);

    /**
     * Adds {@code values[from .. from + count)} in one step: the same multiset as {@link #add}ing
     * them in order, though a sketch may compact at other moments (see
     * {@link QuantileSketch#addBlock}). Nothing is added if a value is NaN.
     *
     * @throws IllegalArgumentException  if a value is NaN
     * @throws IndexOutOfBoundsException if the range is outside {@code values}
     */
    void addBlock(double[] values, int from, int count);

    /**
     * Appends the values summarized by {@code later} (the next chunk), which is left unchanged.
     *
     * @throws IllegalArgumentException if {@code later} is of another kind, has another
     *                                  configuration, or is this object
     */
    void combine(QuantileState later);

    /**
     * The {@code p} quantile; NaN when empty. {@code p = 0} gives the minimum and {@code p = 1}
     * the maximum.
     *
     * @throws IllegalArgumentException if {@code p} is not in [0, 1]
     */
    double quantile(double p);

    /** The fraction of values strictly below {@code threshold}; NaN when empty. */
    double fractionBelow(double threshold);

    /**
     * The mean of {@code max(0, threshold - x)} over all values: the expected shortfall below a
     * target (MODEL.md section 8); NaN when empty.
     */
    double meanShortfallBelow(double threshold);

    /** Whether answers are exact (all values kept) rather than sketched. */
    boolean exact();

    /** Number of values added. */
    long count();

    /** Writes the exact state, to be read back by the implementing class's {@code read}. */
    void write(DataOutput out) throws IOException;
}
