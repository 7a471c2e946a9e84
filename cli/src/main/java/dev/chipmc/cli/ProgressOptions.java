package dev.chipmc.cli;

import dev.chipmc.io.run.RunControl;
import dev.chipmc.io.run.RunMonitor;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of long runs shared by {@code run} and {@code resume}: progress and checkpoints. */
final class ProgressOptions {
    @Option(names = "--progress-every", paramLabel = "SECONDS", description = "When stderr is not a terminal: one progress line every SECONDS (default: ${DEFAULT-VALUE}).")
    long progressEverySeconds = 60;

    @Option(names = "--quiet", description = "No progress bar and no progress lines.")
    boolean quiet;

    @Option(names = "--checkpoint-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Make finished chunks durable this often (default: 5m; 0 = after every chunk). Also at exit.")
    Duration checkpointEvery = RunControl.DEFAULT_CHECKPOINT_EVERY;

    /** The control of a run: a monitor that fits where stderr goes, and the checkpoint interval. */
    RunControl control(PrintWriter err) {
        RunMonitor monitor;
        if (quiet) {
            monitor = RunMonitor.SILENT;
        } else if (ConsoleMonitor.stderrIsTerminal()) {
            monitor = new ConsoleMonitor.Bar(err);
        } else {
            monitor = new ConsoleMonitor.Lines(err, Duration.ofSeconds(progressEverySeconds));
        }
        return new RunControl(checkpointEvery, monitor, RunControl.WriteHook.NONE);
    }

    String check() {
        if (progressEverySeconds < 1) {
            return "--progress-every: must be at least 1 second, got " + progressEverySeconds;
        }
        if (checkpointEvery.isNegative()) {
            return "--checkpoint-every: must not be negative";
        }
        return null;
    }
}
