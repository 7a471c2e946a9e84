package dev.chipmc.engine.run;

import dev.chipmc.model.eval.SampleOutput;
import java.io.IOException;

/**
 * Receives every sample of a run, chunk by chunk, for writing per-sample tables. The engine opens one
 * {@link Chunk} per chunk on the worker that evaluates it, so writing runs in parallel with sampling
 * and never serialises the engine. A chunk's content depends only on the chunk index and seed.
 */
public interface SampleSink {

    /** Opens the writer of chunk {@code chunkIndex}; called on the worker thread. */
    Chunk open(long chunkIndex) throws IOException;

    /** The writer of one chunk; used by one thread only. */
    interface Chunk extends AutoCloseable {
        /** One sample: its global id, its sampled input values and its outputs. */
        void accept(long sampleId, double[] inputs, SampleOutput out) throws IOException;

        /** Makes the chunk's files durable under their final names. */
        @Override
        void close() throws IOException;

        /** Removes whatever the chunk wrote; nothing is left under a final name. */
        void abort();
    }
}
