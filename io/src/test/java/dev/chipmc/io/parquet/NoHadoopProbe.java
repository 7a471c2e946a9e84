package dev.chipmc.io.parquet;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point run by {@link ParquetNoHadoopTest} in a child JVM whose class path has no Hadoop jar: writes the
 * fixture table (several row groups), reads it back and checks every cell, then reads any further Parquet files
 * named on the command line. Prints {@code OK} and exits 0 only if all of it worked.
 */
final class NoHadoopProbe {

  private NoHadoopProbe() {}

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("org.apache.hadoop.conf.Configuration");
      System.out.println("Hadoop is on the class path: the probe proves nothing");
      System.exit(2);
    } catch (ClassNotFoundException expected) {
      // the point of the probe
    }
    Path dir = Path.of(args[0]);
    Path f = dir.resolve("probe.parquet");
    int rows = 30_000;
    Fixture.write(f, rows, 64 << 10);
    Table t = Table.read(f);
    Fixture.check(t, rows);
    if (!t.metadata().equals(Fixture.METADATA)) {
      throw new AssertionError("metadata " + t.metadata());
    }
    TableWriter aborted = TableWriter.create(dir.resolve("aborted.parquet"), Fixture.SCHEMA, Fixture.METADATA);
    Fixture.writeRow(aborted, 0);
    aborted.abort();
    if (Files.exists(dir.resolve("aborted.parquet"))) {
      throw new AssertionError("abort left a file");
    }
    for (int i = 1; i < args.length; i++) {
      Table other = Table.read(Path.of(args[i]));
      System.out.println(args[i] + ": " + other.rows() + " rows");
    }
    System.out.println("OK " + t.rows());
  }
}
