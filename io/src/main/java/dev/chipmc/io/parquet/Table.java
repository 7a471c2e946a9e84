package dev.chipmc.io.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.ParquetRuntimeException;
import org.apache.parquet.VersionParser;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type.Repetition;

/**
 * A flat Parquet table read whole into memory, without Hadoop: footer and pages through parquet-java's metadata
 * converter and column readers over a {@code LocalInputFile}. Meant for small tables (run summaries, samples in
 * tests): every column becomes one Java array, so at most {@code Integer.MAX_VALUE - 8} rows.
 *
 * <p>Reads what {@link TableWriter} writes, and flat files from other writers (DuckDB, pyarrow) whose columns are
 * INT32 (plain, or a signed or narrower-than-32-bit unsigned integer annotation), INT64 (plain or signed integer),
 * DOUBLE, BOOLEAN, or BINARY with the STRING annotation; OPTIONAL or REQUIRED. Compression: UNCOMPRESSED, ZSTD,
 * SNAPPY, GZIP.
 *
 * <p>Null cells: {@link #getDouble} and {@link #doubles} give NaN (use {@link #isNull} to tell null from NaN);
 * {@link #getString} and {@link #strings} give null; {@link #getLong}, {@link #getInt}, {@link #getBoolean},
 * {@link #longs} and {@link #ints} throw {@link IllegalStateException} on a null cell. {@code getLong} and
 * {@code longs} also read INT32 columns; otherwise a getter of the wrong type throws
 * {@link IllegalArgumentException}.
 *
 * <p>Immutable after {@link #read}, and thread-safe; the arrays returned are copies.
 */
public final class Table {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAGIC_ENCRYPTED = "PARE".getBytes(StandardCharsets.US_ASCII);
  private static final PrimitiveConverter NO_CONVERSION = new PrimitiveConverter() {};

  private final List<Column> schema;
  private final Map<String, Integer> index;
  private final int rows;
  private final Map<String, String> metadata;
  /** Per column: int[], long[], double[], boolean[] or String[]. */
  private final Object[] data;
  /** Per column: which rows are null, or null when none is. */
  private final boolean[][] nulls;

  private Table(List<Column> schema, int rows, Map<String, String> metadata, Object[] data, boolean[][] nulls) {
    this.schema = schema;
    this.rows = rows;
    this.metadata = metadata;
    this.data = data;
    this.nulls = nulls;
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      idx.put(schema.get(i).name(), i);
    }
    this.index = idx;
  }

  /**
   * Reads a whole Parquet file.
   *
   * @param file the file
   * @return its schema, rows and key-value metadata
   * @throws IOException if the file cannot be read, is not Parquet, is encrypted, or has a column or codec this
   *     class does not read (the message names it)
   */
  public static Table read(Path file) throws IOException {
    InputFile input = new LocalInputFile(file);
    try (SeekableInputStream in = input.newStream()) {
      ParquetMetadata footer = readFooter(in, input.getLength(), file);
      return read(in, footer, file);
    } catch (ParquetRuntimeException | IllegalArgumentException e) {
      throw new IOException("cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The footer alone: row groups, column chunks, schema and key-value metadata (for tests and diagnostics). */
  static ParquetMetadata readFooter(Path file) throws IOException {
    InputFile input = new LocalInputFile(file);
    try (SeekableInputStream in = input.newStream()) {
      return readFooter(in, input.getLength(), file);
    }
  }

  private static ParquetMetadata readFooter(SeekableInputStream in, long length, Path file) throws IOException {
    if (length < 2L * MAGIC.length + 4) {
      throw new IOException(file + " is not a Parquet file: " + length + " bytes");
    }
    byte[] head = new byte[MAGIC.length];
    in.readFully(head);
    byte[] tail = new byte[4 + MAGIC.length];
    in.seek(length - tail.length);
    in.readFully(tail);
    byte[] tailMagic = Arrays.copyOfRange(tail, 4, tail.length);
    if (Arrays.equals(tailMagic, MAGIC_ENCRYPTED)) {
      throw new IOException(file + " is an encrypted Parquet file, which is not supported");
    }
    if (!Arrays.equals(head, MAGIC) || !Arrays.equals(tailMagic, MAGIC)) {
      throw new IOException(file + " is not a Parquet file: no PAR1 magic at both ends");
    }
    long footerLength = (tail[0] & 0xFFL) | (tail[1] & 0xFFL) << 8 | (tail[2] & 0xFFL) << 16 | (tail[3] & 0xFFL) << 24;
    if (footerLength > length - tail.length - MAGIC.length) {
      throw new IOException(file + " is truncated: its footer claims " + footerLength + " bytes");
    }
    byte[] footer = new byte[(int) footerLength];
    in.seek(length - tail.length - footerLength);
    in.readFully(footer);
    return new ParquetMetadataConverter()
        .readParquetMetadata(new ByteArrayInputStream(footer), ParquetMetadataConverter.NO_FILTER);
  }

  private static Table read(SeekableInputStream in, ParquetMetadata footer, Path file) throws IOException {
    MessageType messageType = footer.getFileMetaData().getSchema();
    List<Column> schema = new ArrayList<>();
    List<ColumnDescriptor> descriptors = new ArrayList<>();
    for (org.apache.parquet.schema.Type field : messageType.getFields()) {
      schema.add(new Column(field.getName(), typeOf(field, file)));
      descriptors.add(messageType.getColumnDescription(new String[] {field.getName()}));
    }
    long totalRows = 0;
    for (BlockMetaData block : footer.getBlocks()) {
      totalRows += block.getRowCount();
    }
    if (totalRows > Integer.MAX_VALUE - 8) {
      throw new IOException(file + " has " + totalRows + " rows, more than a Table holds");
    }
    int rows = (int) totalRows;
    int n = schema.size();
    Object[] data = new Object[n];
    boolean[][] nulls = new boolean[n][];
    for (int c = 0; c < n; c++) {
      data[c] = switch (schema.get(c).type()) {
        case INT32 -> new int[rows];
        case INT64 -> new long[rows];
        case DOUBLE -> new double[rows];
        case BOOLEAN -> new boolean[rows];
        case STRING -> new String[rows];
      };
    }
    ParsedVersion writerVersion = parseVersion(footer.getFileMetaData().getCreatedBy());
    ParquetMetadataConverter converter = new ParquetMetadataConverter();
    int offset = 0;
    for (BlockMetaData block : footer.getBlocks()) {
      int blockRows = (int) block.getRowCount();
      if (blockRows == 0) {
        continue;
      }
      Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        chunks.put(chunk.getPath(), chunk);
      }
      for (int c = 0; c < n; c++) {
        ColumnDescriptor descriptor = descriptors.get(c);
        ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(descriptor.getPath()));
        if (chunk == null) {
          throw new IOException(file + " has a row group without column '" + schema.get(c).name() + "'");
        }
        ColumnReader reader = new ColumnReaderImpl(
            descriptor, ChunkPages.read(in, chunk, converter), NO_CONVERSION, writerVersion);
        nulls[c] = readColumn(reader, descriptor.getMaxDefinitionLevel(), schema.get(c).type(), data[c], nulls[c],
            offset, blockRows, rows);
      }
      offset += blockRows;
    }
    return new Table(List.copyOf(schema), rows, Collections.unmodifiableMap(
        new LinkedHashMap<>(footer.getFileMetaData().getKeyValueMetaData())), data, nulls);
  }

  /** Reads {@code count} values into {@code array} from {@code offset}; returns the null mask, created if needed. */
  private static boolean[] readColumn(ColumnReader reader, int maxDefinition, Column.Type type, Object array,
      boolean[] nullMask, int offset, int count, int rows) {
    boolean[] mask = nullMask;
    for (int r = offset; r < offset + count; r++) {
      if (reader.getCurrentDefinitionLevel() < maxDefinition) {
        if (mask == null) {
          mask = new boolean[rows];
        }
        mask[r] = true;
        if (type == Column.Type.DOUBLE) {
          ((double[]) array)[r] = Double.NaN;
        }
      } else {
        switch (type) {
          case INT32 -> ((int[]) array)[r] = reader.getInteger();
          case INT64 -> ((long[]) array)[r] = reader.getLong();
          case DOUBLE -> ((double[]) array)[r] = reader.getDouble();
          case BOOLEAN -> ((boolean[]) array)[r] = reader.getBoolean();
          case STRING -> ((String[]) array)[r] = reader.getBinary().toStringUsingUTF8();
        }
      }
      reader.consume();
    }
    return mask;
  }

  private static Column.Type typeOf(org.apache.parquet.schema.Type field, Path file) throws IOException {
    if (field.isPrimitive() && !field.isRepetition(Repetition.REPEATED)) {
      PrimitiveType p = field.asPrimitiveType();
      LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
      switch (p.getPrimitiveTypeName()) {
        case INT32 -> {
          if (logical == null || logical instanceof IntLogicalTypeAnnotation i && (i.isSigned() || i.getBitWidth() < 32)) {
            return Column.Type.INT32;
          }
        }
        case INT64 -> {
          if (logical == null || logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
            return Column.Type.INT64;
          }
        }
        case DOUBLE -> {
          return Column.Type.DOUBLE;
        }
        case BOOLEAN -> {
          return Column.Type.BOOLEAN;
        }
        case BINARY -> {
          if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
            return Column.Type.STRING;
          }
        }
        default -> {
          // not read: falls through to the exception
        }
      }
    }
    throw new IOException(file + ": column '" + field.getName() + "' has type " + field
        + ", which Table does not read (INT32, INT64, DOUBLE, BOOLEAN, STRING; flat)");
  }

  private static ParsedVersion parseVersion(String createdBy) {
    try {
      return createdBy == null ? null : VersionParser.parse(createdBy);
    } catch (RuntimeException | VersionParser.VersionParseException e) {
      return null; // only used to work around bugs of old writers
    }
  }

  /** @return the columns, in file order */
  public List<Column> schema() {
    return schema;
  }

  /** @return the number of rows */
  public long rows() {
    return rows;
  }

  /** @return the footer's key-value metadata, unmodifiable */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * @param name a column name
   * @return its position in {@link #schema()}
   * @throws IllegalArgumentException if there is no such column; the message lists the columns there are
   */
  public int columnIndex(String name) {
    Integer i = index.get(Objects.requireNonNull(name, "name"));
    if (i == null) {
      List<String> names = schema.stream().map(Column::name).toList();
      throw new IllegalArgumentException("no column '" + name + "'; the columns are " + names);
    }
    return i;
  }

  /** @return the value, or NaN where the cell is null */
  public double getDouble(long row, String col) {
    return ((double[]) column(col, Column.Type.DOUBLE))[checkRow(row)];
  }

  /** @return the value of an INT64 or INT32 column */
  public long getLong(long row, String col) {
    int c = columnIndex(col);
    int r = checkNotNull(c, checkRow(row));
    return data[c] instanceof int[] ints ? ints[r] : ((long[]) column(col, Column.Type.INT64))[r];
  }

  /** @return the value of an INT32 column */
  public int getInt(long row, String col) {
    int[] values = (int[]) column(col, Column.Type.INT32);
    return values[checkNotNull(columnIndex(col), checkRow(row))];
  }

  /** @return the value, or null where the cell is null */
  public String getString(long row, String col) {
    return ((String[]) column(col, Column.Type.STRING))[checkRow(row)];
  }

  /** @return the value of a BOOLEAN column */
  public boolean getBoolean(long row, String col) {
    boolean[] values = (boolean[]) column(col, Column.Type.BOOLEAN);
    return values[checkNotNull(columnIndex(col), checkRow(row))];
  }

  /** @return whether the cell is null (never true for a NaN double) */
  public boolean isNull(long row, String col) {
    boolean[] mask = nulls[columnIndex(col)];
    int r = checkRow(row);
    return mask != null && mask[r];
  }

  /** @return a copy of a DOUBLE column, NaN where a cell is null */
  public double[] doubles(String col) {
    return ((double[]) column(col, Column.Type.DOUBLE)).clone();
  }

  /** @return a copy of a STRING column, null where a cell is null */
  public String[] strings(String col) {
    return ((String[]) column(col, Column.Type.STRING)).clone();
  }

  /**
   * @return a copy of an INT64 or INT32 column
   * @throws IllegalStateException if a cell is null
   */
  public long[] longs(String col) {
    int c = columnIndex(col);
    checkNoNulls(c);
    if (data[c] instanceof int[] ints) {
      return Arrays.stream(ints).asLongStream().toArray();
    }
    return ((long[]) column(col, Column.Type.INT64)).clone();
  }

  /**
   * @return a copy of an INT32 column
   * @throws IllegalStateException if a cell is null
   */
  public int[] ints(String col) {
    int[] values = (int[]) column(col, Column.Type.INT32);
    checkNoNulls(columnIndex(col));
    return values.clone();
  }

  private Object column(String col, Column.Type type) {
    int c = columnIndex(col);
    Column.Type actual = schema.get(c).type();
    if (actual != type) {
      throw new IllegalArgumentException("column '" + col + "' is " + actual + ", not " + type);
    }
    return data[c];
  }

  private int checkRow(long row) {
    return (int) Objects.checkIndex(row, rows);
  }

  private int checkNotNull(int c, int r) {
    if (nulls[c] != null && nulls[c][r]) {
      throw new IllegalStateException("row " + r + " of column '" + schema.get(c).name() + "' is null");
    }
    return r;
  }

  private void checkNoNulls(int c) {
    boolean[] mask = nulls[c];
    if (mask != null) {
      for (int r = 0; r < rows; r++) {
        if (mask[r]) {
          throw new IllegalStateException("row " + r + " of column '" + schema.get(c).name() + "' is null");
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Table[" + rows + " rows, " + schema + "]";
  }
}
