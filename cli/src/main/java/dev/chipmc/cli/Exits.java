package dev.chipmc.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Exit codes and error printing shared by the commands. */
final class Exits {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private Exits() {
    }

    static int usage(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return USAGE;
    }

    static int failure(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return FAILURE;
    }

    /** Prints what a finished or interrupted run session says, and returns its exit code. */
    static int outcome(dev.chipmc.io.run.RunJob.Outcome o, PrintWriter out, PrintWriter err) {
        if (o.status() == dev.chipmc.io.run.RunJob.Status.INTERRUPTED) {
            String dir = o.directory().toString();
            String finalName = dir.endsWith(dev.chipmc.io.run.RunJob.PARTIAL_SUFFIX)
                    ? dir.substring(0, dir.length() - dev.chipmc.io.run.RunJob.PARTIAL_SUFFIX.length()) : dir;
            err.printf(java.util.Locale.ROOT, "chipmc: interrupted after %,d samples; checkpoint written in %s%n",
                    o.result().samples(), dir);
            err.println("chipmc: continue with: chipmc resume " + finalName);
            err.flush();
            return Signals.INTERRUPTED_EXIT;
        }
        out.print(dev.chipmc.io.run.RunSummaryText.format(o));
        out.flush();
        return OK;
    }

    /** A PrintStream that writes through to a picocli writer (for io code that logs to a stream). */
    static PrintStream printStream(PrintWriter w) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                w.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                w.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                w.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
