package dev.chipmc.io;

/**
 * A user's input (an argument, a scenario value the engine rejects, an output path) is wrong; the
 * message says which and how to fix it. The command line exits with code 2 and writes nothing.
 */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
