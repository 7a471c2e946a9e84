package dev.chipmc.io.scenario;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /**
     * A file that cannot be read at all: "cannot read the file (no such file)", "(permission denied)", "(it is
     * a directory)", or the system's message.
     */
    public static Problem unreadable(String source, Exception e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (Files.isDirectory(Path.of(source))) {
            why = "it is a directory";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new Problem(source, 0, 0, "", "cannot read the file (" + why + ")");
    }

    /**
     * {@code source:line:column: path: message}, the form compilers use, so editors can jump to it;
     * {@code source: message} where the place is unknown (line 0).
     */
    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line + ":" + column : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
