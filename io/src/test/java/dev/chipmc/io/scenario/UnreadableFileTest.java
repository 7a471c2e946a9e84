package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chipmc.io.sweep.SweepReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read at all is named with the reason, and without a made-up line and column. */
class UnreadableFileTest {
    @TempDir
    Path tmp;

    @Test
    void missingScenario_saysNoSuchFile() {
        Path f = tmp.resolve("gone.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f));
        assertEquals(f + ": cannot read the file (no such file)", e.problems().get(0).toString());
    }

    @Test
    void directoryForAScenario_saysItIsADirectory() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(tmp));
        assertEquals(tmp + ": cannot read the file (it is a directory)", e.problems().get(0).toString());
    }

    @Test
    void missingSweepFile_saysNoSuchFile() {
        Path f = tmp.resolve("sweep.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> SweepReader.read(f));
        assertEquals(f + ": cannot read the file (no such file)", e.problems().get(0).toString());
    }

    @Test
    void aKnownPlace_keepsLineAndColumn() {
        assertEquals("s.yaml:3:7: products[0].name: must not be empty",
                new Problem("s.yaml", 3, 7, "products[0].name", "must not be empty").toString());
        assertEquals("s.yaml: the file is not UTF-8 text", new Problem("s.yaml", 0, 0, "", "the file is not UTF-8 text").toString());
    }
}
