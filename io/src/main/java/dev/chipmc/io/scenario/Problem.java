package dev.chipmc.io.scenario;

import java.util.Objects;

/**
 * One problem found in a scenario: where it is ({@code source}, 1-based {@code line} and
 * {@code column}, 0 when unknown), the path of the offending entry in the file
 * ({@code products[1].bom.hbm.count}) and what is wrong with it.
 *
 * <p>Immutable and thread-safe.
 */
public record Problem(String source, int line, int column, String path, String message) {
    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code source:line:column: path: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
