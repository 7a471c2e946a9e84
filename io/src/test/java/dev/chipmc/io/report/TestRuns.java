package dev.chipmc.io.report;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real runs of the reference scenario shared by the report's test classes (made once per test JVM, deleted at exit):
 * one with per-sample parts (3000 samples: one partial chunk of 4096), one without.
 */
final class TestRuns {
    static final long SAMPLES = 3_000;
    static final long SEED = 7;

    private static Path root;
    private static Path withSamples;
    private static Path withoutSamples;

    private TestRuns() {
    }

    static synchronized Path withSamples() throws Exception {
        if (withSamples == null) {
            withSamples = run("with-samples", true);
        }
        return withSamples;
    }

    static synchronized Path withoutSamples() throws Exception {
        if (withoutSamples == null) {
            withoutSamples = run("without-samples", false);
        }
        return withoutSamples;
    }

    /** A fresh directory under the shared root (deleted at exit). */
    static synchronized Path newDir(String name) throws IOException {
        return Files.createDirectories(root().resolve(name));
    }

    private static Path run(String name, boolean samples) throws Exception {
        RunRequest req = new RunRequest(null, SAMPLES, SEED, 2, SamplerKind.MC, root().resolve(name), samples,
                List.of(), Accumulator.DEFAULT_BUDGET_BYTES);
        return RunJob.run(req, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).directory();
    }

    private static Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("chipmc-report-test");
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r)));
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort at JVM exit: a leftover temporary directory is harmless
        }
    }
}
