package dev.chipmc.cli;

import dev.chipmc.io.BadInputException;
import dev.chipmc.io.compare.RunComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chipmc compare}: the shift of each headline quantity between two runs, with its interval. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two finished runs: the shift B - A of the mean, P5, P50, P95 and P(below target) of good",
            "packages (all products and each, per year and over the horizon) with a Monte Carlo confidence interval;",
            "'real' marks a shift whose interval excludes 0."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared", "1:an unexpected failure", "2:not runs, or runs of different periods or products"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The first run directory (the baseline).")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The second run directory.")
    Path runB;

    @Option(names = "--confidence", paramLabel = "C", description = "Level of the intervals (default: ${DEFAULT-VALUE}).")
    double confidence = 0.95;

    @Option(names = "--out", paramLabel = "FILE.parquet", description = "Also write every shift to this Parquet file.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        if (!(confidence > 0 && confidence < 1)) {
            return Exits.usage(err, "--confidence: must be between 0 and 1, got " + confidence);
        }
        try {
            RunComparison.Result r = RunComparison.compare(runA, runB, confidence);
            if (out != null) {
                RunComparison.write(r, out);
            }
            outw.print(RunComparison.format(r));
            outw.flush();
            return Exits.OK;
        } catch (BadInputException e) {
            return Exits.usage(err, e.getMessage());
        } catch (IOException e) {
            return Exits.failure(err, "cannot compare: " + e.getMessage());
        }
    }
}
