package dev.chipmc.cli;

import dev.chipmc.io.run.RunMonitor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** How a run's progress is shown: a progress bar on a terminal, log lines in batch. */
final class ConsoleMonitor {
    /** Set by the {@code ./chipmc} launcher, which can ask the shell whether stderr is a terminal. */
    static final String TTY_PROPERTY = "chipmc.stderr.tty";

    private ConsoleMonitor() {
    }

    static boolean stderrIsTerminal() {
        return Boolean.getBoolean(TTY_PROPERTY);
    }

    static String line(RunMonitor.Progress p) {
        return String.format(Locale.ROOT, "%,d / %,d samples (%.1f %%), %,.0f samples/s, ETA %s, RSE %s",
                p.samplesDone(), p.samplesTotal(), 100.0 * p.samplesDone() / p.samplesTotal(), p.samplesPerSecond(),
                eta(p.etaSeconds()), Double.isNaN(p.rse()) ? "-" : String.format(Locale.ROOT, "%.3g %%", 100 * p.rse()));
    }

    static String eta(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "-";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** One line every {@code every}, and at the end; for cron, nohup and batch queues. */
    static final class Lines implements RunMonitor {
        private final PrintWriter err;
        private final long everyNanos;
        private long last;
        private Progress latest;

        Lines(PrintWriter err, Duration every) {
            this.err = err;
            this.everyNanos = every.toNanos();
        }

        @Override
        public void started(Path directory, long samplesDone, long samplesTotal) {
            last = System.nanoTime();
            err.println(stamp() + " chipmc: running in " + directory + " (" + String.format(Locale.ROOT, "%,d", samplesDone)
                    + " of " + String.format(Locale.ROOT, "%,d", samplesTotal) + " samples done)");
            err.flush();
        }

        @Override
        public void progress(Progress p) {
            latest = p;
            long now = System.nanoTime();
            if (now - last >= everyNanos) {
                last = now;
                err.println(stamp() + " chipmc: " + line(p));
                err.flush();
            }
        }

        @Override
        public void checkpointed(Path checkpoint, long samplesDone) {
            err.println(stamp() + " chipmc: checkpoint at " + String.format(Locale.ROOT, "%,d", samplesDone) + " samples");
            err.flush();
        }

        @Override
        public void finished() {
            if (latest != null) {
                err.println(stamp() + " chipmc: " + line(latest));
                err.flush();
            }
        }

        private static String stamp() {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    /** A progress bar (me.tongfei:progressbar) on stderr with rate, ETA and the headline RSE. */
    static final class Bar implements RunMonitor {
        private final PrintWriter err;
        private ProgressBar bar;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(Path directory, long samplesDone, long samplesTotal) {
            err.flush();
            bar = new ProgressBarBuilder().setTaskName("chipmc").setInitialMax(samplesTotal).startsFrom(samplesDone, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().setUnit(" samples", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true))).build();
        }

        @Override
        public void progress(Progress p) {
            if (bar != null) {
                bar.stepTo(p.samplesDone());
                bar.setExtraMessage(Double.isNaN(p.rse()) ? "" : String.format(Locale.ROOT, "RSE %.3g %%", 100 * p.rse()));
            }
        }

        @Override
        public void finished() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
