package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    Path tmp;

    private int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void smallSweepOnBuiltInScenario_printsTableAndWritesTables() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, """
                design: list
                parameters:
                  share: {path: shares.cowos-l.blackwell-ultra-class}
                design:
                  kind: list
                  points: [{share: 0.55}, {share: 0.6}]
                """.replace("design: list\n", ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("out");
        int code = run(out, err, "sweep", f.toString(), "--samples", "4_096", "--threads", "2", "--out", dir.toString(), "--quiet");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("2 points (list design, 4,096 samples each, common random numbers)"), out.toString());
        assertTrue(Files.isRegularFile(dir.resolve("sweep_summary.parquet")));
        assertTrue(Files.isRegularFile(dir.resolve("point=0001/summary.parquet")));
        // Rerunning the finished sweep redoes nothing.
        StringWriter again = new StringWriter();
        assertEquals(0, run(again, new StringWriter(), "sweep", f.toString(), "--samples", "4096", "--out", dir.toString(), "--quiet"));
        assertTrue(again.toString().contains("ran 0, resumed 0, already complete 2"), again.toString());
    }

    @Test
    void badSweep_everyProblemWithFileLineColumn_exit2() throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, """
                design: grid
                parameters:
                  cowos_l.grwth: [0.1]
                  share: {path: shares.cowos-l.blackwell-ultra-class, values: [1.5]}
                """);
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "sweep", f.toString(), "--out", tmp.resolve("o").toString()));
        String e = err.toString();
        assertTrue(e.contains(f + ":3:3: parameters.cowos_l.grwth: unknown input 'cowos_l.grwth'; did you mean 'cowos_l.growth'?"), e);
        assertTrue(e.contains(f + ":4:64: shares.cowos-l.blackwell-ultra-class: share must be in [0, 1], got 1.5"), e);
        assertTrue(!Files.exists(tmp.resolve("o")), "nothing is written for a bad sweep");
    }
}
