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
