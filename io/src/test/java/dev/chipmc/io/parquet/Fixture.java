package dev.chipmc.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A deterministic table of every column type, with nulls, NaN, infinities, -0.0, extreme integers, an empty and a
 * non-ASCII string; shared by the round-trip, DuckDB and no-Hadoop tests. Row r's cells are pure functions of r.
 */
final class Fixture {

  static final List<Column> SCHEMA = List.of(
      Column.int32("i"), Column.int64("l"), Column.dbl("d"), Column.string("s"), Column.bool("b"));

  static final Map<String, String> METADATA = Map.of(
      "chipmc.scenario", "reference-2026", "chipmc.seed", "123456789", "chipmc.version", "0.1.0");

  private Fixture() {}

  static Integer i(int r) {
    if (r % 7 == 3) {
      return null;
    }
    return r == 0 ? Integer.MIN_VALUE : r == 1 ? Integer.MAX_VALUE : r * 31 - 1000;
  }

  static Long l(int r) {
    if (r % 11 == 5) {
      return null;
    }
    return r == 0 ? Long.MIN_VALUE : r == 1 ? Long.MAX_VALUE : r * 1_000_000_007L;
  }

  static Double d(int r) {
    if (r % 13 == 7) {
      return null;
    }
    if (r % 13 == 8) {
      return Double.NaN;
    }
    return switch (r) {
      case 2 -> Double.POSITIVE_INFINITY;
      case 4 -> Double.NEGATIVE_INFINITY;
      case 6 -> -0.0;
      default -> r * 0.5 - 17.25;
    };
  }

  static String s(int r) {
    if (r % 5 == 4) {
      return null;
    }
    return r == 0 ? "" : r == 1 ? "ünïcödé ✓ 日本" : "g" + (r % 3);
  }

  static Boolean b(int r) {
    return r % 17 == 16 ? null : r % 2 == 0;
  }

  static void write(Path file, int rows, long rowGroupBytes) throws IOException {
    try (TableWriter w = TableWriter.create(file, SCHEMA, METADATA, rowGroupBytes)) {
      for (int r = 0; r < rows; r++) {
        writeRow(w, r);
      }
    }
  }

  static void writeRow(TableWriter w, int r) throws IOException {
    Integer i = i(r);
    Long l = l(r);
    Double d = d(r);
    Boolean b = b(r);
    if (i == null) {
      w.setNull(0);
    } else {
      w.setInt(0, i);
    }
    if (l == null) {
      w.setNull(1);
    } else {
      w.setLong(1, l);
    }
    if (d == null) {
      w.setNull(2);
    } else {
      w.setDouble(2, d);
    }
    w.setString(3, s(r));
    if (b == null) {
      w.setNull(4);
    } else {
      w.setBoolean(4, b);
    }
    w.endRow();
  }

  /** Fails with the row and column of the first cell of {@code t} that differs from the fixture. */
  static void check(Table t, int rows) {
    if (t.rows() != rows) {
      throw new AssertionError("rows " + t.rows() + " != " + rows);
    }
    for (int r = 0; r < rows; r++) {
      expect(r, "i", i(r), t.isNull(r, "i") ? null : t.getInt(r, "i"));
      expect(r, "l", l(r), t.isNull(r, "l") ? null : t.getLong(r, "l"));
      Double d = t.isNull(r, "d") ? null : t.getDouble(r, "d");
      Double ed = d(r);
      boolean same = ed == null || d == null
          ? ed == null && d == null
          : Double.doubleToRawLongBits(ed) == Double.doubleToRawLongBits(d);
      if (!same) {
        throw new AssertionError("row " + r + " column d: expected " + ed + " but was " + d);
      }
      expect(r, "s", s(r), t.getString(r, "s"));
      expect(r, "b", b(r), t.isNull(r, "b") ? null : t.getBoolean(r, "b"));
    }
  }

  private static void expect(int r, String col, Object expected, Object actual) {
    if (!java.util.Objects.equals(expected, actual)) {
      throw new AssertionError("row " + r + " column " + col + ": expected " + expected + " but was " + actual);
    }
  }
}
