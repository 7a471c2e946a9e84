package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.io.parquet.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitivityCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void sensitivity_builtInWithGroups_printsTableAndWritesDirectory() throws Exception {
        Path groups = tmp.resolve("groups.yaml");
        Files.writeString(groups, "groups:\n  hbm: [hbm3e.*, hbm4.*]\n  cowos: [cowos_l.*, cowos_s.*]\n  demand: [\"*.demand_*\"]\n");
        Path dir = tmp.resolve("s");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "sensitivity", "--samples", "1.28e2", "--bootstrap", "20", "--groups", groups.toString(),
                "--out", dir.toString());
        assertEquals(0, rc, err.toString());
        String text = out.toString();
        assertTrue(text.contains("chipmc sensitivity: reference-2026, N = 128"), text);
        assertTrue(text.contains("hbm") && text.contains("cowos") && text.contains("demand"), text);
        Table t = Table.read(dir.resolve("sobol.parquet"));
        assertTrue(t.rows() > 0);
        assertTrue(Files.isRegularFile(dir.resolve("sensitivity.json")));
    }

    @Test
    void sensitivity_groupPatternMatchingNothing_exit2WithLocation() throws Exception {
        Path groups = tmp.resolve("bad.yaml");
        Files.writeString(groups, "groups:\n  hbm: [hbm9.*]\n");
        StringWriter err = new StringWriter();
        int rc = run(new StringWriter(), err, "sensitivity", "--samples", "16", "--groups", groups.toString(),
                "--out", tmp.resolve("never").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("bad.yaml:2:9: groups.hbm[0]: 'hbm9.*' matches no uncertain input"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("never")) && !Files.exists(tmp.resolve("never.partial")));
    }

    @Test
    void sensitivity_badSampler_exit2() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "sensitivity", "--sampler", "halton"));
        assertTrue(err.toString().contains("--sampler: unknown sampler 'halton'; choose one of mc, lhs, sobol"), err.toString());
    }
}
