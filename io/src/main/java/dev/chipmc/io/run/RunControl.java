package dev.chipmc.io.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a caller steers a run while it goes: a stop request (set by a signal handler), how often to
 * checkpoint, what to tell about progress, and, for tests, a hook at every durable write.
 */
public final class RunControl {
    /** Default interval between two checkpoints. */
    public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofMinutes(5);

    /** Called before each durable write of the run directory (a checkpoint, a part listing, run.json). */
    @FunctionalInterface
    public interface WriteHook {
        void beforeWrite(Path target) throws IOException;

        WriteHook NONE = target -> { };
    }

    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final Duration checkpointEvery;
    private final RunMonitor monitor;
    private final WriteHook writeHook;

    public RunControl(Duration checkpointEvery, RunMonitor monitor, WriteHook writeHook) {
        if (checkpointEvery.isNegative()) {
            throw new IllegalArgumentException("--checkpoint-every: must not be negative, got " + checkpointEvery);
        }
        this.checkpointEvery = checkpointEvery;
        this.monitor = monitor;
        this.writeHook = writeHook;
    }

    public static RunControl quiet() {
        return new RunControl(DEFAULT_CHECKPOINT_EVERY, RunMonitor.SILENT, WriteHook.NONE);
    }

    /** Asks the run to stop at the next chunk boundary and write a checkpoint (what SIGINT does). */
    public void requestStop() {
        stopRequested.set(true);
    }

    public boolean stopRequested() {
        return stopRequested.get();
    }

    public Duration checkpointEvery() {
        return checkpointEvery;
    }

    public RunMonitor monitor() {
        return monitor;
    }

    WriteHook writeHook() {
        return writeHook;
    }
}
