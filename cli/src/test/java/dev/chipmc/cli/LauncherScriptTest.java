package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
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

    @ParameterizedTest
    @CsvSource(value = {"run|0", "resume|0", "sweep|0", "validate|1", "report|1", "sensitivity|1", "''|1"},
            delimiter = '|')
    void commandUsesCds_theCommandsThatSample(String command, int code) throws Exception {
        assertEquals(code, bash("chipmc_command_uses_cds \"$1\"", command).code());
    }

    @Test
    void cdsArchive_besideTheJarNamedByTheJdkBuild() throws Exception {
        Path jdk = Files.createDirectories(root.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
        Path jar = root.resolve("cli/target/chipmc.jar");
        Result r = bash("chipmc_cds_archive \"$1\" \"$2\"", jdk.toString(), jar.toString());
        assertEquals(root.resolve("cli/target/chipmc-cds-25.0.3+9-LTS.jsa").toString(), r.out());
        Files.writeString(jdk.resolve("release"), "JAVA_RUNTIME_VERSION=\"21.0.9 (odd/build)\"\n");
        r = bash("chipmc_cds_archive \"$1\" \"$2\"", jdk.toString(), jar.toString());
        assertEquals(root.resolve("cli/target/chipmc-cds-21.0.9__odd_build_.jsa").toString(), r.out());
        Files.delete(jdk.resolve("release"));
        r = bash("chipmc_cds_archive \"$1\" \"$2\"", jdk.toString(), jar.toString());
        assertEquals(root.resolve("cli/target/chipmc-cds-unknown.jsa").toString(), r.out());
    }

    /** The exit code of launcher function {@code function} called with an archive and a jar. */
    private static int call(String function, Path archive, Path jar) throws Exception {
        return bash(function + " \"$1\" \"$2\"", archive.toString(), jar.toString()).code();
    }

    @Test
    void cdsUsable_onlyAnArchiveMadeAfterTheJar() throws Exception {
        Path jar = file("cli/target/chipmc.jar", BUILT);
        Path archive = root.resolve("cli/target/a.jsa");
        assertEquals(1, call("chipmc_cds_usable", archive, jar), "missing");
        file("cli/target/a.jsa", BUILT.minusSeconds(60));
        assertEquals(1, call("chipmc_cds_usable", archive, jar), "older than the jar");
        file("cli/target/a.jsa", BUILT.plusSeconds(60));
        assertEquals(0, call("chipmc_cds_usable", archive, jar), "made after the jar");
        Files.writeString(archive, "");
        Files.setLastModifiedTime(archive, FileTime.from(BUILT.plusSeconds(60)));
        assertEquals(1, call("chipmc_cds_usable", archive, jar), "empty");
    }

    /** A jar whose main class prints its argument. */
    private Path helloJar() throws IOException {
        Path src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello \" + a[0]); } }");
        Path classes = Files.createDirectories(root.resolve("classes"));
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Hello.java").toString());
        assertEquals(0, rc);
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Hello");
        Path jar = root.resolve("hello.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new java.util.jar.JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void makeCdsArchive_trainingRunLeavesAnArchiveThatTheJvmUsesQuietly() throws Exception {
        String home = System.getProperty("java.home");
        Path jar = helloJar();
        Path archive = root.resolve("hello.jsa");
        Result made = bash("chipmc_make_cds_archive \"$1\" \"$2\" -jar \"$3\" training", home, archive.toString(),
                jar.toString());
        assertEquals(0, made.code(), made.out());
        assertEquals("", made.out(), "the training run is quiet");
        assertTrue(Files.size(archive) > 0);
        try (java.util.stream.Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(), s.filter(f -> f.getFileName().toString().contains(".tmp-")).toList());
        }
        // the JVM maps it (-Xshare:on fails where it cannot) and says nothing more than the program
        Result used = bash("chipmc_set_cds_quiet \"$1\" && \"$1/bin/java\" -XX:SharedArchiveFile=\"$2\" "
                + "\"${chipmc_cds_quiet[@]}\" -Xshare:on -jar \"$3\" run", home, archive.toString(), jar.toString());
        assertEquals(0, used.code(), used.out());
        assertEquals("hello run", used.out());
    }

    @Test
    void makeCdsArchive_failingTrainingRun_leavesOnlyTheFailureMarker() throws Exception {
        Path archive = root.resolve("none.jsa");
        Result r = bash("chipmc_make_cds_archive \"$1\" \"$2\" -jar \"$3\"", System.getProperty("java.home"),
                archive.toString(), root.resolve("missing.jar").toString());
        assertNotEquals(0, r.code());
        try (java.util.stream.Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(root.resolve("none.jsa.failed")), s.toList());
        }
    }

    @ParameterizedTest
    @CsvSource(value = {"25.0.3|-Xlog:cds=off -Xlog:cds+dynamic=off -Xlog:aot=off",
        "26|-Xlog:cds=off -Xlog:cds+dynamic=off -Xlog:aot=off", "21.0.9|-Xlog:cds=off -Xlog:cds+dynamic=off",
        "24|-Xlog:cds=off -Xlog:cds+dynamic=off", "''|-Xlog:cds=off -Xlog:cds+dynamic=off"}, delimiter = '|')
    void cdsQuiet_theAotLogTagOnlyForTheJdksThatKnowIt(String version, String expected) throws Exception {
        Path jdk = Files.createDirectories(root.resolve("jdk"));
        if (!version.isEmpty()) {
            Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        }
        Result r = bash("chipmc_set_cds_quiet \"$1\" && echo \"${chipmc_cds_quiet[@]}\"", jdk.toString());
        assertEquals(0, r.code(), r.out());
        assertEquals(expected, r.out());
    }

    @Test
    void cdsShouldMake_onceUnlessUsableOrFailedSinceTheJarWasBuilt() throws Exception {
        Path jar = file("cli/target/chipmc.jar", BUILT);
        Path archive = root.resolve("cli/target/a.jsa");
        assertEquals(0, call("chipmc_cds_should_make", archive, jar), "none yet");
        file("cli/target/a.jsa", BUILT.plusSeconds(60));
        assertEquals(1, call("chipmc_cds_should_make", archive, jar), "usable");
        Files.delete(archive);
        file("cli/target/a.jsa.failed", BUILT.plusSeconds(60));
        assertEquals(1, call("chipmc_cds_should_make", archive, jar), "failed since this build");
        Files.setLastModifiedTime(root.resolve("cli/target/a.jsa.failed"), FileTime.from(BUILT.minusSeconds(60)));
        assertEquals(0, call("chipmc_cds_should_make", archive, jar), "failed before this build");
        assertEquals(1, call("chipmc_cds_should_make", root.resolve("no/such/dir/a.jsa"), jar),
                "nowhere to write it");
    }
}
