package dev.chipmc.cli;

import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.scenario.ScenarioLoader;
import dev.chipmc.io.scenario.ScenarioSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chipmc validate FILE}: a summary of a valid scenario (exit 0), or every problem on stderr (exit 2). */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a scenario file and print a summary of it.",
            "Every problem is listed on stderr as FILE:LINE:COLUMN: PATH: MESSAGE, and the exit code is 2."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML).")
    Path file;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(ScenarioSummary.format(ScenarioLoader.load(file)));
            return 0;
        } catch (ScenarioException e) {
            spec.commandLine().getErr().println(e.getMessage());
            int n = e.problems().size();
            spec.commandLine().getErr().println(n + (n == 1 ? " problem" : " problems") + " in " + file);
            return 2;
        }
    }
}
