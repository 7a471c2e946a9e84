package dev.chipmc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code chipmc} command. Each subcommand is a {@link Callable} returning its exit code: 0 on
 * success, 2 for a usage error or an invalid scenario, 1 for an unexpected failure. A new command
 * is one more class in the {@code subcommands} list below.
 *
 * <p>{@link #run(PrintWriter, PrintWriter, String...)} is what tests call; {@link #main} exits the JVM.
 */
@Command(name = "chipmc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Monte Carlo risk engine for AI accelerator supply: packaging (CoWoS, RDL, substrates) and "
                + "HBM constraints.",
        subcommands = {
            RunCommand.class,
            ResumeCommand.class,
            SweepCommand.class,
            SensitivityCommand.class,
            CompareCommand.class,
            ValidateCommand.class,
            ScenarioCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command");
    }

    /** The configured command line, for tests and for commands that add subcommands. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    /** Runs {@code chipmc args} writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs {@code chipmc args} on standard output and error; returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return CommandLine.ExitCode.USAGE;
    }
}
