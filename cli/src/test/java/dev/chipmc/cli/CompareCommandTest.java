package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.parquet.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    static Path tmp;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @BeforeAll
    static void runs() {
        StringWriter err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, "run", "--samples", "4096", "--seed", "3", "--quiet",
                "--out", tmp.resolve("a").toString()), err.toString());
        assertEquals(0, run(new StringWriter(), err, "run", "--samples", "4096", "--seed", "3", "--quiet",
                "--set", "cowos_l.growth=0.2", "--out", tmp.resolve("b").toString()), err.toString());
        assertEquals(0, run(new StringWriter(), err, "run", "--samples", "4096", "--seed", "3", "--quiet",
                "--set", "periods.count=4", "--out", tmp.resolve("short").toString()), err.toString());
    }

    @Test
    void compare_growthChange_printsRealShiftAndWritesParquet() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path f = tmp.resolve("cmp.parquet");
        int rc = run(out, err, "compare", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--out", f.toString());
        assertEquals(0, rc, err.toString());
        String text = out.toString();
        assertTrue(text.contains("same seed (common random numbers)"), text);
        assertTrue(text.lines().anyMatch(l -> l.trim().startsWith("all") && l.contains(" mean ") && l.endsWith("real")), text);
        assertTrue(Table.read(f).rows() > 0);
    }

    @Test
    void compare_differentPeriods_exit2() {
        StringWriter err = new StringWriter();
        int rc = run(new StringWriter(), err, "compare", tmp.resolve("a").toString(), tmp.resolve("short").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("different periods"), err.toString());
    }

    @Test
    void compare_missingRun_exit2() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "compare", tmp.resolve("a").toString(), tmp.resolve("zz").toString()));
        assertTrue(err.toString().contains("not a finished run"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("zz")));
    }
}
