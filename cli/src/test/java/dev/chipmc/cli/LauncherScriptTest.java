package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decisions of the {@code ./chipmc} launcher ({@code .mvn/launcher.sh}), run in bash as it runs them. */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("..", ".mvn", "launcher.sh").toAbsolutePath().normalize();
    private static final Instant BUILT = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    Path root;

    private record Result(int code, String out) {
    }

    private static Result bash(String command, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[4 + args.length];
        cmd[0] = "bash";
        cmd[1] = "-c";
        cmd[2] = ". \"$0\" && " + command;
        cmd[3] = SCRIPT.toString();
        System.arraycopy(args, 0, cmd, 4, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Result(p.waitFor(), out);
    }

    @ParameterizedTest
    @CsvSource(value = {"run|--add-modules jdk.incubator.vector", "resume|--add-modules jdk.incubator.vector",
        "sweep|--add-modules jdk.incubator.vector", "validate|", "report|", "compare|", "sensitivity|",
        "scenario|", "--help|", "''|"}, delimiter = '|')
    void commandJavaOpts_vectorModuleForTheCommandsThatSample(String command, String expected)
            throws Exception {
        Result r = bash("chipmc_command_java_opts \"$1\"", command);
        assertEquals(0, r.code(), r.out());
        assertEquals(expected == null ? "" : expected, r.out());
    }

    private Path file(String relative, Instant modified) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, relative);
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }

    private int stale(Path jar) throws Exception {
        return bash("chipmc_jar_stale \"$1\" \"$2\"", root.toString(), jar.toString()).code();
    }

    @Test
    void jarStale_missingOrOlderThanASourceButNotThanABuildOutput() throws Exception {
        Instant before = BUILT.minusSeconds(3600);
        Instant after = BUILT.plusSeconds(3600);
        file("pom.xml", before);
        file("model/src/main/java/A.java", before);
        file("scenarios/reference-2026.yaml", before);
        Path jar = root.resolve("cli/target/chipmc.jar");
        assertEquals(0, stale(jar), "no jar yet: build it");
        file("cli/target/chipmc.jar", BUILT);
        assertEquals(1, stale(jar), "every source older than the jar");
        file("engine/target/classes/B.class", after);
        assertEquals(1, stale(jar), "a newer build output does not count");
        file("io/src/main/java/C.java", after);
        assertEquals(0, stale(jar), "a newer source does");
        Files.setLastModifiedTime(root.resolve("io/src/main/java/C.java"), FileTime.from(before));
        file("scenarios/reference-2026.yaml", after);
        assertEquals(0, stale(jar), "so does a newer built-in scenario");
        Files.setLastModifiedTime(root.resolve("scenarios/reference-2026.yaml"), FileTime.from(before));
        file("pom.xml", after);
        assertEquals(0, stale(jar), "and a newer root pom");
    }
}
