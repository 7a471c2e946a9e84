package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private static final Path REFERENCE = Path.of("..", "scenarios", "reference-2026.yaml");

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void validate_reference_printsSummaryAndExits0() {
        Result r = run("validate", REFERENCE.toString());
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().contains("Periods: 8 (2026Q1 .. 2027Q4)"), r::out);
        assertTrue(r.out().contains("Resources: 11"), r::out);
        assertTrue(r.out().contains("Products: 4"), r::out);
        assertTrue(r.out().contains("Inputs: 50"), r::out);
        assertTrue(r.out().contains("Correlations: 4"), r::out);
        assertTrue(r.out().contains("Events: 1"), r::out);
        assertEquals("", r.err());
    }

    @Test
    void validate_badFile_listsLocatedProblemsOnStderrAndExits2(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(REFERENCE).replaceFirst("die_area: 800", "die_aera: 800")
                .replace("test_yield: bwu.test", "test_yield: 1.5"));
        Result r = run("validate", bad.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains(bad + ":152:5: resources.gb-die.die_aera: unknown key 'die_aera'; did you mean "
                + "'die_area'?"), r::err);
        assertTrue(r.err().contains(bad + ":215:17: products[1].test_yield: test_yield must be in [0, 1], got 1.5"),
                r::err);
        assertTrue(r.err().strip().endsWith("problems in " + bad), r::err);
    }

    @Test
    void validate_missingFile_exits2WithMessage() {
        Result r = run("validate", "no-such-file.yaml");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("no-such-file.yaml: cannot read the file (no such file)"), r::err);
    }

    @Test
    void scenarioShow_printsBuiltInYaml() {
        Result r = run("scenario", "show");
        assertEquals(0, r.code());
        assertEquals(ScenarioLoader.builtInText(), r.out());
        assertTrue(r.out().contains("cowos_l.start: tri(90e3, 105e3, 120e3)"));
    }

    @Test
    void help_listsCommandsAndExits0() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: chipmc"), r::out);
        assertTrue(r.out().contains("validate"), r::out);
        assertTrue(r.out().contains("scenario"), r::out);
    }

    @Test
    void version_printsChipmcAndProjectVersion() {
        Result r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().strip().matches("chipmc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r::out);
    }

    @Test
    void unknownOption_exits2WithMessage() {
        Result r = run("validate", "--frobnicate", REFERENCE.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r::err);
        assertTrue(r.err().contains("Run 'chipmc validate --help' for usage."), r::err);
    }

    @Test
    void unknownCommand_exits2WithSuggestion() {
        Result r = run("validdate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("validate"), r::err);
    }

    @Test
    void noCommand_exits2() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing a command"), r::err);
    }

    @Test
    void validateWithoutFile_exits2() {
        Result r = run("validate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'FILE'"), r::err);
    }
}
