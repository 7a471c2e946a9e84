package dev.chipmc.cli;

import dev.chipmc.io.BadInputException;
import dev.chipmc.io.run.RunControl;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chipmc resume DIR}: continues a stopped run from its last checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue a stopped run (interrupted, killed or failed) from its last checkpoint. The results are",
            "bit-for-bit those of the same run uninterrupted."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished", "1:the run failed again (the last checkpoint is kept)",
            "2:nothing to resume, a corrupt checkpoint or part, a changed scenario or version without --force, "
                + "or another process running the run now",
            "130:interrupted again: a checkpoint was written"})
public final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The run's directory as 'chipmc run' named it (or its .partial directory).")
    Path dir;

    @Option(names = "--threads", paramLabel = "K", description = "Chunks evaluated at once (default: as the run started). Results do not depend on it.")
    Integer threads;

    @Option(names = "--force", description = "Continue even if the scenario file or the chipmc version changed since the run started.")
    boolean force;

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (threads != null && threads < 1) {
            return Exits.usage(err, "--threads: must be at least 1, got " + threads);
        }
        String bad = progress.check();
        if (bad != null) {
            return Exits.usage(err, bad);
        }
        RunControl control = progress.control(err);
        Signals.install(control, err);
        try {
            RunJob.Outcome o = RunJob.resume(dir, threads == null ? OptionalInt.empty() : OptionalInt.of(threads), force,
                    control, Exits.printStream(err));
            return Exits.outcome(o, spec.commandLine().getOut(), err);
        } catch (ScenarioException | BadInputException e) {
            return Exits.usage(err, e.getMessage());
        } catch (IOException e) {
            return Exits.failure(err, "the run failed: " + e.getMessage());
        }
    }
}
