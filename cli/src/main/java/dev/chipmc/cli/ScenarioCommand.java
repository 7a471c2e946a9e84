package dev.chipmc.cli;

import dev.chipmc.io.scenario.ScenarioLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chipmc scenario ...}: the built-in scenario. */
@Command(name = "scenario", mixinStandardHelpOptions = true, description = "The built-in reference scenario.",
        subcommands = ScenarioCommand.Show.class)
final class ScenarioCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command: show");
    }

    /** {@code chipmc scenario show}: prints the built-in scenario's YAML, to copy and edit. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the built-in scenario (YAML), e.g. chipmc scenario show > my.yaml")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ScenarioLoader.builtInText());
            return 0;
        }
    }
}
