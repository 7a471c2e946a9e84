package dev.chipmc.engine.sampling;

/**
 * A sequence of points of the open unit hypercube {@code (0,1)^d}. Not thread-safe: one stream
 * belongs to one chunk and is read by one thread.
 */
public interface PointStream {

    /** The number of coordinates {@code d} of each point. */
    int dimensions();

    /**
     * Writes the next point into {@code u[0..dimensions())}, every coordinate strictly inside
     * {@code (0,1)}. Does not allocate.
     *
     * @throws IllegalStateException when more points are asked for than the chunk holds
     */
    void next(double[] u);
}
