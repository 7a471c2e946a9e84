package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chipmc report} as a user runs it: after a run, on a missing directory, on a directory that is no run. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result chipmc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void report_afterRun_writesReportHtmlAndPrintsItsPath() throws Exception {
        Path dir = tmp.resolve("r");
        Result run = chipmc("run", "--samples", "500", "--out", dir.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        Result r = chipmc("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Report: " + dir.resolve("report.html"), r.out().strip());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg id='fan-0'"));
    }

    @Test
    void report_missingDirectory_usageError() {
        Result r = chipmc("report", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a directory"), r.err());
    }

    @Test
    void report_unfinishedRun_usageErrorSayingHowToFinishIt() throws Exception {
        Path dir = tmp.resolve("stopped");
        Files.createDirectory(tmp.resolve("stopped.partial"));
        Result r = chipmc("report", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(dir + " is not a directory (the run is unfinished: " + tmp.resolve("stopped.partial")
                + "; finish it with 'chipmc resume " + dir + "')"), r.err());
    }

    @Test
    void report_directoryThatIsNoRun_failureNamingTheFile() {
        Result r = chipmc("report", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("summary.parquet"), r.err());
    }
}
