package dev.chipmc.spark;

import dev.chipmc.engine.run.RunConfig;
import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.WholeNumber;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.io.sweep.Sweep;
import dev.chipmc.io.sweep.SweepReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code spark-submit} entry point: {@code spark-submit --class dev.chipmc.spark.ChipmcSparkJob
 * chipmc-spark.jar run [SCENARIO] --samples N --seed S --sampler mc|lhs|sobol --out DIR [--set ...]}.
 * and {@code ... sweep SWEEP --out DIR [--samples N] [--independent-streams]}. The options mean what
 * they mean to {@code chipmc run} and {@code chipmc sweep}; {@code --out} may be any URI Spark can write.
 * Exit codes: 0 done, 1 an I/O failure, 2 bad input. Not thread-safe (one job per JVM).
 */
@Command(name = "chipmc-spark", mixinStandardHelpOptions = true, subcommands = {ChipmcSparkJob.Run.class, ChipmcSparkJob.SweepCmd.class},
        description = "chipmc runs on Apache Spark, with the results of a local chipmc run.")
public final class ChipmcSparkJob {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Parses and runs a command with the active (or a new) SparkSession; returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new ChipmcSparkJob()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "One Monte Carlo run, its chunks as Spark tasks.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario YAML file (default: the built-in reference scenario).")
        Path scenario;

        @Option(names = "--samples", paramLabel = "N", converter = WholeNumberConverter.class, description = "Number of samples, e.g. 1e10 (default: 100000).")
        long samples = RunConfig.DEFAULT_SAMPLES;

        @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = RunConfig.DEFAULT_SEED;

        @Option(names = "--sampler", paramLabel = "mc|lhs|sobol", description = "Sampler (default: mc).")
        String sampler = "mc";

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory to create: a path or a URI (hdfs://, s3a://).")
        String out;

        @Option(names = "--write-samples", description = "Also write per-sample outputs (samples/) and inputs (inputs/).")
        boolean writeSamples;

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a named input or a path into the scenario file (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--quantile-budget-mb", paramLabel = "MB", description = "Memory for exact quantiles on the driver; beyond it a KLL sketch is used (default: ${DEFAULT-VALUE}).")
        long quantileBudgetMb = 256;

        @Option(names = "--chunks-per-task", paramLabel = "K", description = "Chunks of 4096 samples per Spark task (default: ${DEFAULT-VALUE}).")
        int chunksPerTask = 16;

        @Option(names = "--tasks-per-wave", paramLabel = "T", description = "Tasks run before the driver merges their chunks (default: 4 x the default parallelism).")
        Integer tasksPerWave;

        @Override
        public Integer call() {
            SparkSession spark = SparkSession.builder().appName("chipmc run").getOrCreate();
            try {
                SamplerKind kind = SamplerKind.parse(sampler.toLowerCase(Locale.ROOT));
                RunRequest req = new RunRequest(scenario, samples, seed, 1, kind, null, writeSamples, overrides,
                        quantileBudgetMb * 1024 * 1024);
                int wave = tasksPerWave != null ? tasksPerWave : 4 * Math.max(1, spark.sparkContext().defaultParallelism());
                SparkRun.Outcome o = SparkRun.run(spark, req, out, SparkRun.Split.of(chunksPerTask, wave), System.err);
                System.out.printf(Locale.ROOT, "%s: %d samples in %d Spark tasks%n", o.directory(), o.result().samples(), o.tasks());
                return 0;
            } catch (ScenarioException | BadInputException | IllegalArgumentException e) {
                System.err.println("chipmc-spark: " + e.getMessage());
                return 2;
            } catch (java.io.IOException e) {
                System.err.println("chipmc-spark: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = "A sweep, one Spark task per point.")
    static final class SweepCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SWEEP", description = "Sweep YAML file.")
        Path file;

        @Option(names = "--samples", paramLabel = "N", converter = WholeNumberConverter.class, description = "Samples per point, e.g. 2e5 (default: the sweep file's samples, else 100000).")
        Long samples;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sweep directory to create: a path or a URI (hdfs://, s3a://).")
        String out;

        @Option(names = "--independent-streams", description = "A different seed per point instead of common random numbers.")
        boolean independentStreams;

        @Option(names = "--threads-per-task", paramLabel = "K", description = "Chunks a task evaluates at once; match spark.task.cpus (default: ${DEFAULT-VALUE}).")
        int threadsPerTask = 1;

        @Override
        public Integer call() {
            try {
                Sweep sweep = SweepReader.read(file);
                if (samples != null) {
                    sweep = sweep.withSamples(samples);
                }
                if (independentStreams) {
                    sweep = sweep.withIndependentStreams(true);
                }
                SparkSession spark = SparkSession.builder().appName("chipmc sweep").getOrCreate();
                SparkSweep.Outcome o = SparkSweep.run(spark, sweep, out, threadsPerTask, System.err);
                System.out.printf(Locale.ROOT, "%s: %d points%n", o.directory(), o.points());
                return 0;
            } catch (ScenarioException | BadInputException | IllegalArgumentException e) {
                System.err.println("chipmc-spark: " + e.getMessage());
                return 2;
            } catch (java.io.IOException e) {
                System.err.println("chipmc-spark: " + e.getMessage());
                return 1;
            }
        }
    }

    /** Sample counts as for {@code chipmc run} ({@link WholeNumber}): {@code 100000}, {@code 1_000_000}, {@code 1e6}. */
    static final class WholeNumberConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return WholeNumber.parse(value);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
