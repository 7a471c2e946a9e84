package dev.chipmc.io.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A new local file for {@code ParquetFileWriter} whose stream fsyncs the file before it closes, and which can be
 * closed without syncing when a write is abandoned. parquet-java's {@code LocalOutputFile} does neither: it hides its
 * stream, and {@code ParquetFileWriter.close()} after {@code abort()} leaves that stream open.
 *
 * <p>Not thread-safe: one writer thread.
 */
final class SyncedOutputFile implements OutputFile {

  private static final int BUFFER_BYTES = 1 << 16;

  private final Path path;
  private SyncedStream stream;

  SyncedOutputFile(Path path) {
    this.path = path;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    if (stream != null) {
      throw new IllegalStateException("already created: " + path);
    }
    stream = new SyncedStream(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    return stream;
  }

  /** The same as {@link #create}: the file is a fresh temporary name, so there is nothing to overwrite. */
  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path.toString();
  }

  /** Closes the file, if it was created, without syncing it: for a write being abandoned. */
  void closeUnsynced() throws IOException {
    if (stream != null) {
      stream.channel.close();
    }
  }

  private static final class SyncedStream extends PositionOutputStream {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long pos;

    SyncedStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      if (!buffer.hasRemaining()) {
        drain();
      }
      buffer.put((byte) b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > buffer.remaining()) {
        drain();
        if (len > buffer.capacity()) {
          writeFully(ByteBuffer.wrap(b, off, len));
          pos += len;
          return;
        }
      }
      buffer.put(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      drain();
    }

    /** Writes out the buffer, forces the data to the device, and closes the channel. */
    @Override
    public void close() throws IOException {
      if (!channel.isOpen()) {
        return;
      }
      try (channel) {
        drain();
        channel.force(true);
      }
    }

    private void drain() throws IOException {
      buffer.flip();
      writeFully(buffer);
      buffer.clear();
    }

    private void writeFully(ByteBuffer src) throws IOException {
      while (src.hasRemaining()) {
        channel.write(src);
      }
    }
  }
}
