package dev.chipmc.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRoundTripTest {

  @TempDir Path dir;

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void roundTrip_everyTypeWithNullsNaNAndExtremes_readsBackBitForBit() throws IOException {
    Path f = dir.resolve("all.parquet");
    Fixture.write(f, 100, TableWriter.DEFAULT_ROW_GROUP_BYTES);

    Table t = Table.read(f);

    assertEquals(Fixture.SCHEMA, t.schema());
    Fixture.check(t, 100);
    assertEquals(List.of(f), listing(), "only the final file is left");
  }

  @Test
  void roundTrip_120000RowsSmallRowGroups_spansSeveralRowGroupsAndPages() throws IOException {
    Path f = dir.resolve("big.parquet");
    // 256 KiB row groups: the 120 000 rows take well over 1 MiB compressed, so several row groups; parquet-java
    // also cuts a page at 20 000 rows (ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT) or 1 MiB.
    Fixture.write(f, 120_000, 256 << 10);

    ParquetMetadata footer = Table.readFooter(f);
    assertTrue(footer.getBlocks().size() >= 3, "row groups: " + footer.getBlocks().size());
    Fixture.check(Table.read(f), 120_000);
  }

  @Test
  void write_footer_zstdEverywhereDictionaryOnlyForStringsAndStringAnnotation() throws IOException {
    Path f = dir.resolve("enc.parquet");
    Fixture.write(f, 1000, TableWriter.DEFAULT_ROW_GROUP_BYTES);

    ParquetMetadata footer = Table.readFooter(f);
    assertEquals(LogicalTypeAnnotation.stringType(),
        footer.getFileMetaData().getSchema().getType("s").getLogicalTypeAnnotation());
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        assertEquals(CompressionCodecName.ZSTD, chunk.getCodec(), chunk.getPath().toDotString());
        boolean dictionary = chunk.getEncodingStats().hasDictionaryPages();
        assertEquals(chunk.getPath().toDotString().equals("s"), dictionary, chunk.getPath().toDotString());
        if (!dictionary) {
          assertTrue(chunk.getEncodingStats().getDataEncodings().contains(Encoding.PLAIN));
        }
      }
    }
  }

  @Test
  void write_oneWriterPerThread_everyFileComplete() throws Exception {
    int threads = 4;
    int rows = 20_000;
    List<Path> files = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int k = 0; k < threads; k++) {
        Path f = dir.resolve("part-" + k + ".parquet");
        files.add(f);
        done.add(pool.submit(() -> {
          Fixture.write(f, rows, 64 << 10);
          return null;
        }));
      }
      for (var d : done) {
        d.get();
      }
    }
    for (Path f : files) {
      Fixture.check(Table.read(f), rows);
    }
  }

  @Test
  void emptyTable_schemaAndMetadataKept_zeroRows() throws IOException {
    Path f = dir.resolve("empty.parquet");
    TableWriter.create(f, Fixture.SCHEMA, Fixture.METADATA).close();

    Table t = Table.read(f);

    assertEquals(0, t.rows());
    assertEquals(Fixture.SCHEMA, t.schema());
    assertEquals(Fixture.METADATA, t.metadata());
    assertEquals(0, t.doubles("d").length);
  }

  @Test
  void metadata_scenarioSeedVersion_roundTripExactly() throws IOException {
    Path f = dir.resolve("meta.parquet");
    Map<String, String> meta = Map.of("scenario", "name: x\nvalue: 1 ✓", "seed", "-42", "version", "0.1.0", "", "");
    try (TableWriter w = TableWriter.create(f, List.of(Column.dbl("x")), meta)) {
      w.setDouble(0, 1.5);
      w.endRow();
    }
    assertEquals(meta, Table.read(f).metadata());
  }

  @Test
  void abort_afterRows_leavesNothingBehind() throws IOException {
    Path f = dir.resolve("aborted.parquet");
    TableWriter w = TableWriter.create(f, Fixture.SCHEMA, Fixture.METADATA, 64 << 10);
    for (int r = 0; r < 20_000; r++) {
      Fixture.writeRow(w, r);
    }
    w.abort();
    w.abort();
    w.close();

    assertEquals(List.of(), listing());
    assertThrows(IllegalStateException.class, () -> w.setInt(0, 1));
  }

  @Test
  void neverClosed_writerWithRowGroupsOnDisk_noFileUnderFinalName() throws IOException {
    // Simulates a crash: the writer is dropped without close() after row groups reached the disk. Only the
    // temporary sibling exists; the final name appears only through close()'s rename.
    Path f = dir.resolve("crash.parquet");
    TableWriter w = TableWriter.create(f, Fixture.SCHEMA, Fixture.METADATA, 64 << 10);
    for (int r = 0; r < 50_000; r++) {
      Fixture.writeRow(w, r);
    }

    assertFalse(Files.exists(f));
    List<Path> left = listing();
    assertEquals(1, left.size());
    assertTrue(left.get(0).getFileName().toString().startsWith("crash.parquet.tmp-"), left.toString());
    assertTrue(Files.size(left.get(0)) > 0, "row groups were flushed to the temporary file");
    assertThrows(IOException.class, () -> Table.read(left.get(0)), "a temporary file has no footer");
    w.abort();
  }

  @Test
  void close_rowStartedButNotEnded_abortsAndThrows() throws IOException {
    Path f = dir.resolve("partial.parquet");
    TableWriter w = TableWriter.create(f, Fixture.SCHEMA, Fixture.METADATA);
    Fixture.writeRow(w, 0);
    w.setInt(0, 1);

    assertThrows(IllegalStateException.class, w::close);
    assertEquals(List.of(), listing());
  }

  @Test
  void close_existingFile_replacedByNewTable() throws IOException {
    Path f = dir.resolve("replace.parquet");
    Fixture.write(f, 10, TableWriter.DEFAULT_ROW_GROUP_BYTES);
    Fixture.write(f, 3, TableWriter.DEFAULT_ROW_GROUP_BYTES);

    assertEquals(3, Table.read(f).rows());
    assertEquals(List.of(f), listing());
  }

  @Test
  void endRow_columnNotSet_throwsNamingItAndKeepsTheRowOpen() throws IOException {
    Path f = dir.resolve("missing.parquet");
    try (TableWriter w = TableWriter.create(f, List.of(Column.int32("a"), Column.dbl("b")), Map.of())) {
      w.setInt(0, 7);
      IllegalStateException e = assertThrows(IllegalStateException.class, w::endRow);
      assertTrue(e.getMessage().contains("[b]"), e.getMessage());
      w.setDouble(1, 2.5);
      w.endRow();
      assertEquals(1, w.rows());
    }
    Table t = Table.read(f);
    assertEquals(7, t.getInt(0, "a"));
    assertEquals(2.5, t.getDouble(0, "b"));
  }

  @Test
  void set_wrongTypeOrTwice_throws() throws IOException {
    try (TableWriter w = TableWriter.create(dir.resolve("x.parquet"), List.of(Column.int32("a")), Map.of())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.setDouble(0, 1));
      assertTrue(e.getMessage().contains("'a' is INT32"), e.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> w.setInt(1, 1));
      w.setInt(0, 1);
      assertThrows(IllegalStateException.class, () -> w.setNull(0));
      w.endRow();
    }
  }

  @Test
  void create_badSchemaOrMetadata_throwsNamingTheProblem() {
    Path f = dir.resolve("bad.parquet");
    assertThrows(IllegalArgumentException.class, () -> TableWriter.create(f, List.of(), Map.of()));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> TableWriter.create(f, List.of(Column.dbl("x"), Column.int32("x")), Map.of()));
    assertTrue(dup.getMessage().contains("'x'"), dup.getMessage());
    Map<String, String> nullValue = new java.util.HashMap<>();
    nullValue.put("seed", null);
    assertThrows(NullPointerException.class, () -> TableWriter.create(f, List.of(Column.dbl("x")), nullValue));
    assertThrows(IllegalArgumentException.class, () -> Column.dbl(" "));
    assertFalse(Files.exists(f));
  }

  @Test
  void table_accessors_nullSemanticsAndTypeChecks() throws IOException {
    Path f = dir.resolve("acc.parquet");
    Fixture.write(f, 20, TableWriter.DEFAULT_ROW_GROUP_BYTES);
    Table t = Table.read(f);

    IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> t.columnIndex("zz"));
    assertTrue(absent.getMessage().contains("[i, l, d, s, b]"), absent.getMessage());
    assertEquals(3, t.columnIndex("s"));
    // row 7: d is null (7 % 13 == 7), row 8: d is NaN (8 % 13 == 8)
    assertTrue(t.isNull(7, "d"));
    assertTrue(Double.isNaN(t.getDouble(7, "d")));
    assertFalse(t.isNull(8, "d"));
    assertTrue(Double.isNaN(t.getDouble(8, "d")));
    // row 3: i is null (3 % 7 == 3); row 4: s is null (4 % 5 == 4)
    assertThrows(IllegalStateException.class, () -> t.getInt(3, "i"));
    assertThrows(IllegalStateException.class, () -> t.ints("i"));
    assertThrows(IllegalStateException.class, () -> t.longs("i"));
    assertEquals(null, t.getString(4, "s"));
    assertEquals(null, t.strings("s")[4]);
    assertEquals(Fixture.i(2).longValue(), t.getLong(2, "i"), "getLong widens INT32");
    assertThrows(IllegalArgumentException.class, () -> t.getDouble(0, "l"));
    assertThrows(IndexOutOfBoundsException.class, () -> t.getDouble(20, "d"));
    double[] d = t.doubles("d");
    d[0] = 99;
    assertEquals(Fixture.d(0), t.getDouble(0, "d"), "arrays are copies");
  }

  @Test
  void table_columnsWithoutNulls_arrayAccessors() throws IOException {
    Path f = dir.resolve("arrays.parquet");
    List<Column> schema = List.of(Column.int32("n"), Column.int64("k"), Column.dbl("x"), Column.string("g"));
    try (TableWriter w = TableWriter.create(f, schema, Map.of())) {
      for (int r = 0; r < 5; r++) {
        w.setInt(0, r);
        w.setLong(1, 10L * r);
        w.setDouble(2, r / 4.0);
        w.setString(3, r % 2 == 0 ? "even" : "odd");
        w.endRow();
      }
    }
    Table t = Table.read(f);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, t.ints("n"));
    assertArrayEquals(new long[] {0, 1, 2, 3, 4}, t.longs("n"));
    assertArrayEquals(new long[] {0, 10, 20, 30, 40}, t.longs("k"));
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, t.doubles("x"));
    assertArrayEquals(new String[] {"even", "odd", "even", "odd", "even"}, t.strings("g"));
  }

  @Test
  void read_notParquet_throwsIOException() throws IOException {
    Path f = dir.resolve("text.parquet");
    Files.writeString(f, "this is not a parquet file at all");
    IOException e = assertThrows(IOException.class, () -> Table.read(f));
    assertTrue(e.getMessage().contains("not a Parquet file"), e.getMessage());
  }
}
