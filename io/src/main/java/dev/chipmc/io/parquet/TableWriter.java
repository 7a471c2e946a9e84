package dev.chipmc.io.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes one flat Parquet file row by row, without Hadoop: parquet-java's {@code ParquetFileWriter}, its page store
 * and its column writers, fed straight from primitive per-column buffers (no record objects, no boxing).
 *
 * <p>The file is ZSTD-compressed (level {@value Codecs#ZSTD_LEVEL}); STRING columns are dictionary-encoded, the
 * others plain-encoded. Every column is OPTIONAL. The caller's key-value metadata (scenario, seed, version) goes into
 * the file footer. Row groups are cut when the buffered, compressed column data reaches
 * {@value #DEFAULT_ROW_GROUP_BYTES} bytes, which bounds the memory each writer holds.
 *
 * <p>Crash safety: rows go to a temporary sibling {@code <file>.tmp-<random>}. {@link #close()} writes the footer,
 * fsyncs the file, renames it atomically to {@code file} (replacing any file of that name) and fsyncs the directory,
 * so {@code file} either does not exist or is complete. A process that dies before {@code close()} leaves only the
 * temporary file, which may be deleted. {@code close()} publishes every row ended so far: a caller whose run fails
 * between rows should call {@link #abort()} rather than let try-with-resources close the writer.
 *
 * <p>Not thread-safe: use one writer, and one file, per thread.
 */
public final class TableWriter implements AutoCloseable {

  static final long DEFAULT_ROW_GROUP_BYTES = 32L << 20;

  /** Rows between checks of the buffered size: the check sums every column's buffers, so not every row. */
  private static final int SIZE_CHECK_ROWS = 1024;

  private enum State { OPEN, CLOSED, ABORTED }

  private final Path file;
  private final Path tmp;
  private final List<Column> schema;
  private final Column.Type[] types;
  private final ColumnDescriptor[] descriptors;
  private final MessageType messageType;
  private final Map<String, String> metadata;
  private final ParquetProperties props;
  private final SyncedOutputFile out;
  private final ParquetFileWriter fileWriter;
  private final BytesInputCompressor compressor;
  private final long rowGroupBytes;

  // the current row: ints, longs, raw double bits and booleans (0/1) in prim; strings apart
  private final long[] prim;
  private final Binary[] text;
  private final boolean[] isNull;
  private final boolean[] isSet;
  private int setCount;

  private ColumnChunkPageWriteStore pageStore;
  private ColumnWriteStore columnStore;
  private final ColumnWriter[] writers;
  private long rows;
  private long rowsInGroup;
  private State state = State.OPEN;

  private TableWriter(Path file, Path tmp, List<Column> schema, Map<String, String> metadata, long rowGroupBytes)
      throws IOException {
    this.file = file;
    this.tmp = tmp;
    this.schema = schema;
    this.metadata = metadata;
    this.rowGroupBytes = rowGroupBytes;
    int n = schema.size();
    types = new Column.Type[n];
    Types.MessageTypeBuilder builder = Types.buildMessage();
    ParquetProperties.Builder properties = ParquetProperties.builder().withDictionaryEncoding(false);
    for (int i = 0; i < n; i++) {
      Column c = schema.get(i);
      types[i] = c.type();
      switch (c.type()) {
        case INT32 -> builder.optional(PrimitiveTypeName.INT32).named(c.name());
        case INT64 -> builder.optional(PrimitiveTypeName.INT64).named(c.name());
        case DOUBLE -> builder.optional(PrimitiveTypeName.DOUBLE).named(c.name());
        case BOOLEAN -> builder.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
        case STRING -> {
          builder.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
          properties.withDictionaryEncoding(c.name(), true);
        }
      }
    }
    messageType = builder.named("schema");
    descriptors = new ColumnDescriptor[n];
    for (int i = 0; i < n; i++) {
      descriptors[i] = messageType.getColumnDescription(new String[] {schema.get(i).name()});
    }
    props = properties.build();
    prim = new long[n];
    text = new Binary[n];
    isNull = new boolean[n];
    isSet = new boolean[n];
    writers = new ColumnWriter[n];

    out = new SyncedOutputFile(tmp);
    BytesInputCompressor c = null;
    ParquetFileWriter w = null;
    try {
      c = Codecs.INSTANCE.getCompressor(CompressionCodecName.ZSTD);
      w = new ParquetFileWriter(out, messageType, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0, null, props);
      w.start();
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.release();
      }
      out.closeUnsynced();
      Files.deleteIfExists(tmp);
      throw e;
    }
    compressor = c;
    fileWriter = w;
    startRowGroup();
  }

  /**
   * Starts a table at a temporary sibling of {@code file}; {@link #close()} moves it to {@code file}.
   *
   * @param file the final file name; its directory must exist
   * @param schema the columns, at least one, names distinct
   * @param keyValueMetadata written to the footer (for example the run's scenario, seed and version); no null keys
   *     or values
   * @return an open writer
   * @throws IOException if the temporary file cannot be created
   * @throws IllegalArgumentException if {@code schema} is empty or repeats a name
   * @throws NullPointerException if an argument, or a metadata key or value, is null
   */
  public static TableWriter create(Path file, List<Column> schema, Map<String, String> keyValueMetadata)
      throws IOException {
    return create(file, schema, keyValueMetadata, DEFAULT_ROW_GROUP_BYTES);
  }

  /** As {@link #create(Path, List, Map)} with a row group size, so that tests can make several row groups. */
  static TableWriter create(Path file, List<Column> schema, Map<String, String> keyValueMetadata, long rowGroupBytes)
      throws IOException {
    Objects.requireNonNull(file, "file");
    List<Column> columns = List.copyOf(Objects.requireNonNull(schema, "schema"));
    Objects.requireNonNull(keyValueMetadata, "keyValueMetadata");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("schema must have at least one column");
    }
    Set<String> names = new HashSet<>();
    for (Column c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("schema repeats the column name '" + c.name() + "'");
      }
    }
    // Sorted by key: the footer's bytes must not depend on the caller's map order (Map.of and
    // Map.copyOf iterate in an order that changes from one JVM to the next).
    Map<String, String> metadata = new java.util.TreeMap<>();
    keyValueMetadata.forEach((k, v) -> metadata.put(
        Objects.requireNonNull(k, "keyValueMetadata key"),
        Objects.requireNonNull(v, () -> "keyValueMetadata value of '" + k + "'")));
    if (rowGroupBytes <= 0) {
      throw new IllegalArgumentException("rowGroupBytes must be positive: " + rowGroupBytes);
    }
    Path target = file.toAbsolutePath();
    Path tmp = target.resolveSibling(
        target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    return new TableWriter(target, tmp, columns, metadata, rowGroupBytes);
  }

  /** Sets column {@code col} of the current row; the column must be INT32. */
  public void setInt(int col, int v) {
    mark(col, Column.Type.INT32);
    prim[col] = v;
  }

  /** Sets column {@code col} of the current row; the column must be INT64. */
  public void setLong(int col, long v) {
    mark(col, Column.Type.INT64);
    prim[col] = v;
  }

  /** Sets column {@code col} of the current row; the column must be DOUBLE. NaN is stored as NaN, not null. */
  public void setDouble(int col, double v) {
    mark(col, Column.Type.DOUBLE);
    prim[col] = Double.doubleToRawLongBits(v);
  }

  /** Sets column {@code col} of the current row; the column must be STRING. A null {@code v} is a null cell. */
  public void setString(int col, String v) {
    mark(col, Column.Type.STRING);
    if (v == null) {
      isNull[col] = true;
    } else {
      text[col] = Binary.fromString(v);
    }
  }

  /** Sets column {@code col} of the current row; the column must be BOOLEAN. */
  public void setBoolean(int col, boolean v) {
    mark(col, Column.Type.BOOLEAN);
    prim[col] = v ? 1 : 0;
  }

  /** Sets column {@code col} of the current row to null, whatever its type. */
  public void setNull(int col) {
    mark(col, null);
    isNull[col] = true;
  }

  /**
   * Appends the current row. Every column must have been set once since the previous row; if one was not, nothing
   * is written and the row stays open.
   *
   * @throws IllegalStateException naming the columns not set, or if the writer is closed or aborted
   * @throws IOException if a row group cannot be written
   */
  public void endRow() throws IOException {
    checkOpen();
    if (setCount != writers.length) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < writers.length; i++) {
        if (!isSet[i]) {
          missing.add(schema.get(i).name());
        }
      }
      throw new IllegalStateException("row " + rows + " has no value for columns " + missing);
    }
    try {
      for (int i = 0; i < writers.length; i++) {
        ColumnWriter w = writers[i];
        if (isNull[i]) {
          w.writeNull(0, 0);
          isNull[i] = false;
        } else {
          switch (types[i]) {
            case INT32 -> w.write((int) prim[i], 0, 1);
            case INT64 -> w.write(prim[i], 0, 1);
            case DOUBLE -> w.write(Double.longBitsToDouble(prim[i]), 0, 1);
            case BOOLEAN -> w.write(prim[i] != 0, 0, 1);
            case STRING -> {
              w.write(text[i], 0, 1);
              text[i] = null;
            }
          }
        }
        isSet[i] = false;
      }
      setCount = 0;
      columnStore.endRecord();
      rows++;
      rowsInGroup++;
      if (rowsInGroup % SIZE_CHECK_ROWS == 0 && columnStore.getBufferedSize() >= rowGroupBytes) {
        flushRowGroup();
        startRowGroup();
      }
    } catch (IOException | RuntimeException e) {
      abortAfter(e);
      throw e;
    }
  }

  /** @return the number of rows ended so far */
  public long rows() {
    return rows;
  }

  /**
   * Abandons the table: deletes the temporary file and leaves nothing under the final name. Does nothing after
   * {@link #close()} has succeeded, or when called twice.
   *
   * @throws UncheckedIOException if the temporary file cannot be deleted
   */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    fileWriter.abort();
    releaseStores();
    compressor.release();
    try {
      out.closeUnsynced();
    } catch (IOException e) {
      // the file is being deleted: a failed close loses nothing
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary file " + tmp, e);
    }
  }

  /**
   * Writes the last row group and the footer, fsyncs the file, renames it atomically to the final name and fsyncs
   * the directory. Does nothing if already closed or aborted. On failure the temporary file is deleted.
   *
   * @throws IllegalStateException if a row was started (some columns set) but not ended; the table is aborted
   * @throws IOException if writing, syncing or renaming fails; the table is aborted
   */
  @Override
  public void close() throws IOException {
    if (state != State.OPEN) {
      return;
    }
    if (setCount != 0) {
      abort();
      throw new IllegalStateException("closed with row " + rows + " started but not ended; the table was aborted");
    }
    try {
      if (rowsInGroup > 0) {
        flushRowGroup();
      } else {
        releaseStores();
      }
      fileWriter.end(metadata); // closes the stream, which fsyncs the file
      compressor.release();
      state = State.CLOSED;
    } catch (IOException | RuntimeException e) {
      abortAfter(e);
      throw e;
    }
    try {
      move(tmp, file);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    syncDirectory(file.getParent());
  }

  private void abortAfter(Exception cause) {
    try {
      abort();
    } catch (UncheckedIOException e) {
      cause.addSuppressed(e);
    }
  }

  private void mark(int col, Column.Type type) {
    checkOpen();
    Objects.checkIndex(col, writers.length);
    if (type != null && types[col] != type) {
      throw new IllegalArgumentException(
          "column " + col + " '" + schema.get(col).name() + "' is " + types[col] + ", not " + type);
    }
    if (isSet[col]) {
      throw new IllegalStateException(
          "column " + col + " '" + schema.get(col).name() + "' already set in row " + rows);
    }
    isSet[col] = true;
    setCount++;
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("writer for " + file + " is " + state.name().toLowerCase(Locale.ROOT));
    }
  }

  private void startRowGroup() {
    pageStore = ColumnChunkPageWriteStore.builder()
        .withCompressorProvider(descriptor -> compressor)
        .withSchema(messageType)
        .withAllocator(props.getAllocator())
        .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
        .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
        .build();
    columnStore = props.newColumnWriteStore(messageType, pageStore, pageStore);
    for (int i = 0; i < writers.length; i++) {
      writers[i] = columnStore.getColumnWriter(descriptors[i]);
    }
    rowsInGroup = 0;
  }

  private void flushRowGroup() throws IOException {
    fileWriter.startBlock(rowsInGroup);
    columnStore.flush();
    pageStore.flushToFileWriter(fileWriter);
    fileWriter.endBlock();
    releaseStores();
  }

  private void releaseStores() {
    if (columnStore != null) {
      columnStore.close();
      pageStore.close();
      columnStore = null;
      pageStore = null;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " atomically to " + to, e);
    }
  }

  /**
   * Makes the rename durable. Opening a directory for reading and forcing it works on Linux and macOS; where the
   * platform refuses (Windows), the rename is still atomic, only its durability after a power loss is left to the OS.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not supported on this platform; see the method comment
    }
  }
}
