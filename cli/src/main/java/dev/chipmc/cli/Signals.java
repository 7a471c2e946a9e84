package dev.chipmc.cli;

import dev.chipmc.io.run.RunControl;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM during a run: the first asks the run to stop at the next chunk boundary and
 * write a checkpoint (the command then exits with 130); a second exits at once. Checkpoints are
 * replaced by atomic renames, so exiting at once still leaves the last one intact.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported): the JDK has no supported API to handle a
 * signal without starting shutdown, and shutdown hooks cannot tell a first Ctrl-C from a second.
 */
final class Signals {
    static final int INTERRUPTED_EXIT = 130;

    private Signals() {
    }

    static void install(RunControl control, PrintWriter err) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (count.incrementAndGet() == 1) {
                        err.println();
                        err.println("chipmc: " + "SIG" + s.getName() + ": stopping at the next chunk boundary and writing a "
                                + "checkpoint (press Ctrl-C again to exit at once; the last checkpoint stays usable)");
                        err.flush();
                        control.requestStop();
                    } else {
                        err.println("chipmc: exiting at once; resume from the last checkpoint with 'chipmc resume DIR'");
                        err.flush();
                        Runtime.getRuntime().halt(INTERRUPTED_EXIT);
                    }
                });
            } catch (IllegalArgumentException e) {
                // The signal is not available here (or is reserved by the JVM); Ctrl-C then ends the JVM as usual.
            }
        }
    }
}
