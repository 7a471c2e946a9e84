package dev.chipmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .mvn/find-jdk.sh}, which {@code ./chipmc}, {@code ./mvnw} and {@code .ci/run} source to find a
 * JDK >= 21 on a machine whose default {@code java} may be older: run in bash as they run it. The test of
 * the fallback expects, as on this project's machines, a JDK >= 21 in one of the places the script
 * searches ({@code /usr/lib/jvm} and the like).
 */
class FindJdkScriptTest {
    private static final Path SCRIPT = Path.of("..", ".mvn", "find-jdk.sh").toAbsolutePath().normalize();
    private static final Pattern SPEC = Pattern.compile("java\\.specification\\.version = (\\d+)");

    @TempDir
    Path tmp;

    private record Found(int code, String javaHome, String output) {
    }

    /** Sources the script with the given JAVA_HOME (null: unset) and PATH; prints the JAVA_HOME it leaves. */
    private static Found find(String javaHome, String path) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$0\" && echo \"JAVA_HOME=$JAVA_HOME\"",
                SCRIPT.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        env.put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Matcher m = Pattern.compile("(?m)^JAVA_HOME=(.*)$").matcher(out);
        return new Found(code, m.find() ? m.group(1) : null, out);
    }

    /** The feature version of the JDK at {@code home}, as the JDK itself reports it. */
    private static int version(String home) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(home, "bin", "java").toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = SPEC.matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }

    /**
     * A directory that looks like a JDK: bin/javac, a bin/java that reports {@code runs} as its version when
     * run, and, unless {@code release} is null, a release file that says {@code release}.
     */
    private Path fakeJdk(String name, String runs, String release) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name));
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + release + "\"\n");
        }
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path f = bin.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho '    java.specification.version = " + runs + "' >&2\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    /** With {@code old} as JAVA_HOME and first on the PATH, the script settles on another JDK, 21 or newer. */
    private static void assertPassedOver(Path old) throws Exception {
        Found f = find(old.toString(), old.resolve("bin") + ":/usr/bin:/bin");
        assertEquals(0, f.code(), f.output());
        assertNotEquals(old.toString(), f.javaHome(), f.output());
        assertTrue(version(f.javaHome()) >= 21, f.output());
    }

    @Test
    void releaseFileOfAnOlderJdk_isBelievedWithoutRunningIt() throws Exception {
        // its java would say 25 if it were run: the release file's 17 is what counts
        assertPassedOver(fakeJdk("release-17", "25", "17.0.15"));
    }

    @Test
    void javaHomeOf21OrNewer_isKept() throws Exception {
        String home = System.getProperty("java.home"); // the JDK running the tests: 21 or newer
        Found f = find(home, "/usr/bin:/bin");
        assertEquals(0, f.code(), f.output());
        assertEquals(home, f.javaHome(), f.output());
    }

    @Test
    void javaHomeAndPathOfAnOlderJdk_aJdkOf21OrNewerInTheUsualPlacesIsFound() throws Exception {
        // no release file: the script runs its java, which says 17
        assertPassedOver(fakeJdk("jdk-17", "17", null));
    }

    @Test
    void noJavaHome_theJdkOnThePathIsFound() throws Exception {
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        Found f = find(null, home.resolve("bin") + ":/usr/bin:/bin");
        assertEquals(0, f.code(), f.output());
        assertEquals(home, Path.of(f.javaHome()).toRealPath(), f.output());
    }
}
