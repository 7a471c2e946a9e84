package dev.chipmc.cli;

import dev.chipmc.io.report.Report;
import dev.chipmc.io.run.RunJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chipmc report DIR}: writes {@code DIR/report.html} for a run or sweep directory and prints its path (exit 0);
 * a missing directory is a usage error (exit 2), an unreadable one a failure (exit 1).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write DIR/report.html: a self-contained HTML report (inline SVG charts, opens offline) of a run",
            "directory (fan charts, distribution of the total, binding constraints, sensitivity) or of a sweep",
            "directory (the headline metrics across the swept parameters)."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A run directory (chipmc run --out) or a sweep directory.")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            return Exits.usage(spec.commandLine().getErr(), dir + " is not a directory"
                    + RunJob.unfinished(dir).map(s -> " (" + s + ")").orElse(""));
        }
        try {
            Path out = Report.write(dir);
            spec.commandLine().getOut().println("Report: " + out);
            spec.commandLine().getOut().flush();
            return Exits.OK;
        } catch (IOException | UncheckedIOException e) {
            return Exits.failure(spec.commandLine().getErr(), "cannot write the report of " + dir + ": " + e.getMessage());
        }
    }
}
