package dev.chipmc.io.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario could not be loaded: every {@link Problem} found, in file order. {@link #getMessage()}
 * lists them one per line.
 */
public final class ScenarioException extends Exception {
    private final transient List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: must not be empty");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order (line, then column). */
    public List<Problem> problems() {
        return problems;
    }
}
