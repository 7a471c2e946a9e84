package dev.chipmc.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that writing and reading need no Hadoop class at run time. Maven puts the {@code provided} hadoop-common
 * jar (needed by javac for signatures in parquet-hadoop) on the test class path, so an in-process test could load
 * Hadoop classes without noticing. This test therefore runs {@link NoHadoopProbe} in a child JVM whose class path
 * is this test's class path minus every {@code hadoop-*.jar}: any Hadoop class touched on the write or read path
 * would fail there with {@code NoClassDefFoundError}. The probe also checks that Hadoop is really absent.
 *
 * <p>The same child run covers the dependencies excluded from parquet-hadoop in io/pom.xml (aircompressor,
 * commons-pool, javax.annotation-api): they are not on the test class path either.
 */
class ParquetNoHadoopTest {

  @TempDir Path dir;

  @Test
  void writeAndRead_childJvmWithoutHadoopJars_succeeds() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> all = Arrays.asList(classPath.split(File.pathSeparator));
    List<String> kept = all.stream().filter(e -> !Path.of(e).getFileName().toString().startsWith("hadoop-")).toList();
    assertTrue(all.size() > kept.size(), "hadoop-common should be on the test class path: " + classPath);
    assertTrue(kept.stream().anyMatch(e -> e.contains("parquet-hadoop")), "parquet-hadoop stays: " + kept);
    assertFalse(kept.stream().anyMatch(e -> e.contains("aircompressor") || e.contains("commons-pool")),
        "excluded jars are absent: " + kept);

    // DuckDB-written SNAPPY and GZIP files, so that those decompressors also run without Hadoop
    Path snappy = dir.resolve("duck-snappy.parquet");
    Path gzip = dir.resolve("duck-gzip.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
      for (Path p : List.of(snappy, gzip)) {
        String codec = p == snappy ? "snappy" : "gzip";
        st.execute("COPY (SELECT r::INTEGER AS i, 'x' || r AS s FROM range(1000) t(r)) TO '" + p
            + "' (FORMAT parquet, COMPRESSION " + codec + ")");
      }
    }

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
        "-cp", String.join(File.pathSeparator, kept), NoHadoopProbe.class.getName(),
        dir.toString(), snappy.toString(), gzip.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var out = p.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out:\n" + output);
    assertEquals(0, p.exitValue(), "child JVM failed:\n" + output);
    assertTrue(output.contains("OK 30000"), output);
    assertTrue(output.contains("duck-snappy.parquet: 1000 rows"), output);
    assertTrue(output.contains("duck-gzip.parquet: 1000 rows"), output);
  }
}
