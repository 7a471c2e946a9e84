package dev.chipmc.cli;

import dev.chipmc.io.BadInputException;
import dev.chipmc.io.parquet.Table;
import dev.chipmc.io.run.RunControl;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.sweep.Sweep;
import dev.chipmc.io.sweep.SweepJob;
import dev.chipmc.io.sweep.SweepReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chipmc sweep}: runs a scenario at every point of a parameter space (docs/sweeps.md). */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a scenario at every point of a sweep file's design, with common random numbers, and write",
            "DIR/point=NNNN/ run directories, DIR/points.parquet and DIR/sweep_summary.parquet. Rerunning the same",
            "command continues an unfinished sweep point by point."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every point finished", "1:a point failed (finished points are kept; rerun to continue)",
            "2:a bad sweep file, scenario or argument (every problem is listed; nothing runs), or another process is running this sweep",
            "130:interrupted: rerun the same command to continue"})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "Sweep YAML file.")
    Path file;

    @Option(names = "--samples", paramLabel = "N", converter = WholeNumberConverter.class, description = "Samples per point, e.g. 20000 or 2e4 (default: the sweep file's samples, else 100000).")
    Long samples;

    @Option(names = "--threads", paramLabel = "K", description = "Chunks evaluated at once (default: all cores, ${DEFAULT-VALUE} here).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (default: sweeps/<sweep name>).")
    Path out;

    @Option(names = "--independent-streams", description = "A different seed per point instead of common random numbers.")
    boolean independentStreams;

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        if (samples != null && samples < 1) {
            return Exits.usage(err, "--samples: must be at least 1, got " + samples);
        }
        if (threads < 1) {
            return Exits.usage(err, "--threads: must be at least 1, got " + threads);
        }
        String bad = progress.check();
        if (bad != null) {
            return Exits.usage(err, bad);
        }
        try {
            Sweep sweep = SweepReader.read(file);
            if (samples != null) {
                sweep = sweep.withSamples(samples);
            }
            if (independentStreams) {
                sweep = sweep.withIndependentStreams(true);
            }
            RunControl control = progress.control(err);
            Signals.install(control, err);
            Path dir = out != null ? out : SweepJob.defaultDirectory(sweep);
            SweepJob.Outcome o = SweepJob.run(sweep, dir, threads, control, Exits.printStream(err));
            if (o.status() == SweepJob.Status.INTERRUPTED) {
                err.println("chipmc: sweep interrupted; finished points are kept. Continue with the same command.");
                err.flush();
                return Signals.INTERRUPTED_EXIT;
            }
            outw.print(summary(sweep, o));
            outw.flush();
            return Exits.OK;
        } catch (ScenarioException | BadInputException e) {
            return Exits.usage(err, e.getMessage());
        } catch (IOException e) {
            return Exits.failure(err, "the sweep failed: " + e.getMessage());
        }
    }

    /** One line per point: its parameters and total good packages over the horizon (all products). */
    static String summary(Sweep sweep, SweepJob.Outcome o) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "chipmc sweep: %s, %d points (%s design, %,d samples each, %s); ran %d, resumed %d, "
                + "already complete %d%n%n", sweep.name(), sweep.points().size(), sweep.design(), sweep.samples(),
                sweep.independentStreams() ? "independent streams" : "common random numbers", o.ran().size(),
                o.resumed().size(), o.skipped().size()));
        b.append("Total good packages over the horizon (all products)\n");
        b.append(String.format(Locale.ROOT, "  %5s", "point"));
        for (Sweep.Parameter p : sweep.parameters()) {
            b.append(String.format(Locale.ROOT, " %16s", p.name()));
        }
        b.append(String.format(Locale.ROOT, " %10s %10s %10s %10s %12s%n", "P5", "P50", "mean", "P95", "P(< target)"));
        Table t = Table.read(o.directory().resolve(SweepJob.SWEEP_SUMMARY));
        for (long r = 0; r < t.rows(); r++) {
            if (!t.getString(r, "product").equals("all") || !t.getString(r, "span").equals("horizon")) {
                continue;
            }
            int id = (int) t.getLong(r, "point");
            b.append(String.format(Locale.ROOT, "  %5d", id));
            Sweep.Point p = sweep.points().get(id);
            for (int j = 0; j < sweep.parameters().size(); j++) {
                Sweep.Value v = p.values().get(j);
                b.append(String.format(Locale.ROOT, " %16s", v == null ? "(base)" : v.text()));
            }
            b.append(String.format(Locale.ROOT, " %9.3fM %9.3fM %9.3fM %9.3fM %12s%n", t.getDouble(r, "p05") / 1e6,
                    t.getDouble(r, "p50") / 1e6, t.getDouble(r, "mean") / 1e6, t.getDouble(r, "p95") / 1e6,
                    t.isNull(r, "p_below_target") ? "-"
                            : String.format(Locale.ROOT, "%.1f %%", 100 * t.getDouble(r, "p_below_target"))));
        }
        b.append(String.format(Locale.ROOT, "%nResults: %s (sweep_summary.parquet, points.parquet, point=NNNN/)%n",
                o.directory()));
        return b.toString();
    }
}
