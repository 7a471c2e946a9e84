package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chipmc run} as a user runs it: arguments, exit codes, what is printed and what is left on disk. */
class RunCommandTest {
    private static final Path REFERENCE = Path.of("..", "scenarios", "reference-2026.yaml");

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void run_builtInScenario_printsSummaryAndWritesTables(@TempDir Path dir) {
        Path out = dir.resolve("r");
        Result r = run("run", "--samples", "3000", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().contains("reference-2026, 3,000 samples (mc, seed 5"), r::out);
        assertTrue(r.out().contains("Total good packages (all products)"), r::out);
        assertTrue(r.out().contains("P(< target)"), r::out);
        assertTrue(r.out().contains("Top binding constraints"), r::out);
        assertTrue(r.out().contains("Results: " + out.toAbsolutePath()), r::out);
        assertTrue(Files.isRegularFile(out.resolve("summary.parquet")));
        assertFalse(Files.exists(out.resolve("samples")));
    }

    @Test
    void run_scenarioFileSamplerAndWriteSamples(@TempDir Path dir) {
        Path out = dir.resolve("r");
        Result r = run("run", REFERENCE.toString(), "--samples", "1000", "--sampler", "sobol", "--threads", "1",
                "--write-samples", "--set", "hbm4.start=tri(0.5e6,1e6,1.5e6)", "--out", out.toString());
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().contains("(sobol, seed"), r::out);
        assertTrue(Files.isRegularFile(out.resolve("samples/part-00000.parquet")));
        assertTrue(Files.isRegularFile(out.resolve("inputs/part-00000.parquet")));
    }

    @Test
    void run_withReport_writesReportHtml(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r");
        Result r = run("run", "--samples", "2000", "--report", "--out", out.toString());
        assertEquals(0, r.code(), r::err);
        Path html = out.resolve("report.html");
        assertTrue(r.out().contains("Report: " + html.toAbsolutePath()), r::out);
        String text = Files.readString(html);
        assertTrue(text.contains("<svg") && text.contains("reference-2026"), "report.html has charts");
    }

    @Test
    void run_unknownSampler_exits2NamingTheChoices(@TempDir Path dir) throws IOException {
        Result r = run("run", "--sampler", "halton", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("halton"), r::err);
        assertTrue(r.err().contains("mc") && r.err().contains("lhs") && r.err().contains("sobol"), r::err);
        assertTrue(empty(dir));
    }

    @Test
    void run_badNumbers_exit2(@TempDir Path dir) throws IOException {
        Result r = run("run", "--samples", "0", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--samples: must be at least 1, got 0"), r::err);
        r = run("run", "--threads", "-1", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--threads"), r::err);
        r = run("run", "--samples", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'lots'"), r::err);
        r = run("run", "--samples", "1.5e3x", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'1.5e3x' is not a number; write a whole number such as 100000, 1_000_000 or 1e6"),
                r::err);
        r = run("run", "--samples", "2.5", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'2.5' is not a whole number"), r::err);
        r = run("run", "--sampler", "halton", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for option '--sampler': unknown sampler 'halton'; choose one of mc, lhs, sobol"),
                r::err);
        assertTrue(!r.err().contains("Exception"), r::err);
        assertTrue(empty(dir));
    }

    @Test
    void run_samplesInScientificNotationOrWithUnderscores_runThatMany(@TempDir Path dir) {
        Result r = run("run", "--samples", "2.5e3", "--out", dir.resolve("a").toString());
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().contains("reference-2026, 2,500 samples"), r::out);
        r = run("run", "--samples", "1_500", "--out", dir.resolve("b").toString());
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().contains("reference-2026, 1,500 samples"), r::out);
    }

    @Test
    void run_badSet_exits2WithLocatedDidYouMean(@TempDir Path dir) throws IOException {
        Result r = run("run", "--samples", "100", "--set", "cowos_l.grwth=0.1", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--set:1:"), r::err);
        assertTrue(r.err().contains("cowos_l.growth"), r::err);
        r = run("run", "--samples", "100", "--set", "cowos_l.growth=tri(0.1,0.05,0.2)", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mode"), r::err);
        assertTrue(empty(dir));
    }

    @Test
    void run_badScenarioFile_exits2WithLocation(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(REFERENCE).replace("test_yield: bwu.test", "test_yield: 1.5"));
        Result r = run("run", bad.toString(), "--samples", "100", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad + ":"), r::err);
        assertTrue(r.err().contains("test_yield must be in [0, 1], got 1.5"), r::err);
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void run_existingOutput_exits2AndKeepsIt(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("r"));
        Result r = run("run", "--samples", "100", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already exists"), r::err);
        assertTrue(empty(out));
    }

    @Test
    void run_outputUnderAFile_exits2(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Result r = run("run", "--samples", "100", "--out", file.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file.toString()), r::err);
    }

    @Test
    void run_help_listsEveryOption() {
        Result r = run("run", "--help");
        assertEquals(0, r.code());
        for (String o : new String[] {"--samples", "--seed", "--threads", "--sampler", "--out", "--write-samples", "--set",
            "--quantile-budget-mb", "SCENARIO"}) {
            assertTrue(r.out().contains(o), o);
        }
    }
}
