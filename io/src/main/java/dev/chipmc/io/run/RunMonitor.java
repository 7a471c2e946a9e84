package dev.chipmc.io.run;

import java.nio.file.Path;

/**
 * What a run tells about its progress; the command line shows it as a progress bar on a terminal
 * or as log lines in batch. Called on the thread that merges chunks, in chunk order.
 */
public interface RunMonitor {

    /** A snapshot after a merged chunk. {@code rse} is the headline output's relative standard error. */
    record Progress(long samplesDone, long samplesTotal, double samplesPerSecond, double etaSeconds, double rse) {
    }

    default void started(Path directory, long samplesDone, long samplesTotal) {
    }

    default void progress(Progress p) {
    }

    default void checkpointed(Path checkpoint, long samplesDone) {
    }

    default void finished() {
    }

    RunMonitor SILENT = new RunMonitor() {
    };
}
