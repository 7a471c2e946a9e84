package dev.chipmc.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DuckDB (through its JDBC driver) reads what TableWriter writes, and Table reads what DuckDB writes. */
class DuckDbInteropTest {

  private static final int ROWS = 10_000;

  @TempDir Path dir;
  private Connection duck;

  @BeforeEach
  void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    duck.close();
  }

  private static String sql(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  private Path fixture() throws IOException {
    Path f = dir.resolve("fixture.parquet");
    // 64 KiB row groups so that DuckDB also reads across several row groups
    Fixture.write(f, ROWS, 64 << 10);
    return f;
  }

  @Test
  void duckdb_readsEveryColumnTypeAsSqlTypes() throws Exception {
    Path f = fixture();
    Map<String, String> types = new HashMap<>();
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + sql(f) + ")")) {
      while (rs.next()) {
        types.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    assertEquals(Map.of("i", "INTEGER", "l", "BIGINT", "d", "DOUBLE", "s", "VARCHAR", "b", "BOOLEAN"), types);
  }

  @Test
  void duckdb_readsEveryValueNullNaNAndInfinity() throws Exception {
    Path f = fixture();
    int r = 0;
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT i, l, d, s, b, file_row_number FROM read_parquet(" + sql(f)
            + ", file_row_number = true) ORDER BY file_row_number")) {
      while (rs.next()) {
        assertEquals(r, rs.getLong("file_row_number"));
        assertEquals(Fixture.i(r), (Integer) rs.getObject("i"), "i row " + r);
        assertEquals(Fixture.l(r), (Long) rs.getObject("l"), "l row " + r);
        Double d = (Double) rs.getObject("d");
        Double ed = Fixture.d(r);
        if (ed == null || d == null) {
          assertEquals(ed, d, "d row " + r);
        } else {
          // exact, including NaN, the infinities and -0.0
          assertEquals(Double.doubleToLongBits(ed), Double.doubleToLongBits(d), "d row " + r + ": " + d);
        }
        assertEquals(Fixture.s(r), rs.getString("s"), "s row " + r);
        assertEquals(Fixture.b(r), (Boolean) rs.getObject("b"), "b row " + r);
        r++;
      }
    }
    assertEquals(ROWS, r);
  }

  @Test
  void duckdb_seesKeyValueMetadata() throws Exception {
    Path f = fixture();
    Map<String, String> kv = new HashMap<>();
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(" + sql(f) + ")")) {
      while (rs.next()) {
        kv.put(rs.getString("k"), rs.getString("v"));
      }
    }
    assertEquals(Fixture.METADATA, kv);
  }

  @Test
  void duckdb_groupedCountAndAverage_equalJavaComputation() throws Exception {
    Path f = fixture();
    // Java: per s (null is its own group) the row count, and count and mean of the finite, non-null d.
    Map<String, long[]> counts = new HashMap<>();
    Map<String, Double> sums = new HashMap<>();
    Table t = Table.read(f);
    String[] s = t.strings("s");
    double[] d = t.doubles("d");
    for (int r = 0; r < ROWS; r++) {
      long[] c = counts.computeIfAbsent(s[r], k -> new long[2]);
      c[0]++;
      if (!t.isNull(r, "d") && Double.isFinite(d[r])) {
        c[1]++;
        sums.merge(s[r], d[r], Double::sum);
      }
    }
    List<String> groups = new ArrayList<>();
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT s, count(*) AS n, count(d) FILTER (WHERE isfinite(d)) AS nd,"
            + " avg(d) FILTER (WHERE isfinite(d)) AS mean FROM read_parquet(" + sql(f) + ") GROUP BY s")) {
      while (rs.next()) {
        String g = rs.getString("s");
        groups.add(g);
        long[] c = Objects.requireNonNull(counts.get(g), "DuckDB group " + g + " not in Java's groups");
        assertEquals(c[0], rs.getLong("n"), "count(*) for " + g);
        assertEquals(c[1], rs.getLong("nd"), "count(d) for " + g);
        double javaMean = sums.get(g) / c[1];
        // Every finite d is r * 0.5 - 17.25, a multiple of 0.25 below 5000 in magnitude, so every partial sum is
        // exact in double whatever the order of addition; the means can then differ only by DuckDB's division,
        // so 1e-12 relative (thousands of ulps) is ample and cannot hide a wrong value.
        assertEquals(javaMean, rs.getDouble("mean"), 1e-12 * Math.abs(javaMean), "avg(d) for " + g);
      }
    }
    assertEquals(counts.keySet().size(), groups.size());
    assertTrue(groups.contains(null), "the null strings form their own group");
    assertEquals(ROWS, counts.values().stream().mapToLong(c -> c[0]).sum());
  }

  @Test
  void table_duckDbFileInUnsupportedCodec_throwsIOExceptionNamingIt() throws Exception {
    Path f = dir.resolve("duck-lz4.parquet");
    try (Statement st = duck.createStatement()) {
      st.execute("COPY (SELECT r::INTEGER AS i FROM range(10) t(r)) TO " + sql(f) + " (FORMAT parquet, COMPRESSION lz4)");
    }
    IOException e = assertThrows(IOException.class, () -> Table.read(f));
    assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "uncompressed, v1", "snappy, v1", "gzip, v1", "zstd, v1",
      "uncompressed, v2", "snappy, v2", "gzip, v2", "zstd, v2"})
  void table_readsDuckDbFile_everyCodecAndPageVersion(String codec, String version) throws Exception {
    Path f = dir.resolve("duck-" + codec + "-" + version + ".parquet");
    int n = 5000;
    try (Statement st = duck.createStatement()) {
      st.execute("COPY (SELECT r::INTEGER AS i, (r * 1000000007)::BIGINT AS l,"
          + " CASE WHEN r % 13 = 7 THEN NULL WHEN r % 13 = 8 THEN 'nan'::DOUBLE ELSE r * 0.5 - 17.25 END AS d,"
          + " CASE WHEN r % 5 = 4 THEN NULL ELSE 'g' || (r % 3) END AS s, r % 2 = 0 AS b"
          + " FROM range(" + n + ") t(r) ORDER BY r) TO " + sql(f)
          + " (FORMAT parquet, COMPRESSION " + codec + ", PARQUET_VERSION " + version
          + ", ROW_GROUP_SIZE 1024, KV_METADATA {seed: '7'})");
    }
    Table t = Table.read(f);
    assertEquals(List.of(Column.int32("i"), Column.int64("l"), Column.dbl("d"), Column.string("s"),
        Column.bool("b")), t.schema());
    assertEquals(n, t.rows());
    assertEquals("7", t.metadata().get("seed"));
    for (int r = 0; r < n; r++) {
      assertEquals(r, t.getInt(r, "i"));
      assertEquals(r * 1_000_000_007L, t.getLong(r, "l"));
      if (r % 13 == 7) {
        assertTrue(t.isNull(r, "d"), "row " + r);
      } else if (r % 13 == 8) {
        assertFalse(t.isNull(r, "d"));
        assertTrue(Double.isNaN(t.getDouble(r, "d")));
      } else {
        assertEquals(r * 0.5 - 17.25, t.getDouble(r, "d"));
      }
      assertEquals(r % 5 == 4 ? null : "g" + (r % 3), t.getString(r, "s"));
      assertEquals(r % 2 == 0, t.getBoolean(r, "b"));
    }
  }
}
