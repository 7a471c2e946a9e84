package dev.chipmc.io.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for Parquet without Hadoop: ZSTD through zstd-jni, SNAPPY through snappy-java, GZIP through
 * {@code java.util.zip}, and UNCOMPRESSED. parquet-java's own {@code CodecFactory} goes through Hadoop's
 * {@code CompressionCodec} classes, which is why it cannot be used here.
 *
 * <p>The factory itself is stateless and thread-safe; each compressor and decompressor it returns holds buffers and
 * (for ZSTD) a native context, is not thread-safe, and must be {@code release()}d by its single user.
 */
final class Codecs implements CompressionCodecFactory {

  /** zstd's own default level, also parquet-java's default for ZSTD: a good speed/size point for numeric pages. */
  static final int ZSTD_LEVEL = 3;

  static final Codecs INSTANCE = new Codecs();

  private Codecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case UNCOMPRESSED -> new Uncompressed();
      case ZSTD -> new ZstdCompressor(ZSTD_LEVEL);
      case SNAPPY -> new SnappyCompressor();
      case GZIP -> new GzipCompressor();
      default -> throw unsupported(codecName);
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case UNCOMPRESSED -> new Uncompressed();
      case ZSTD -> new ZstdDecompressor();
      case SNAPPY -> new SnappyDecompressor();
      case GZIP -> new GzipDecompressor();
      default -> throw unsupported(codecName);
    };
  }

  @Override
  public void release() {
    // Nothing is pooled: each compressor and decompressor releases its own resources.
  }

  private static IllegalArgumentException unsupported(CompressionCodecName codecName) {
    return new IllegalArgumentException(
        "Parquet compression codec " + codecName + " is not supported (supported: UNCOMPRESSED, ZSTD, SNAPPY, GZIP)");
  }

  /** A reusable byte buffer that a BytesInput can be written into, read back without another copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    byte[] load(BytesInput bytes) throws IOException {
      reset();
      bytes.writeAllTo(this);
      return buf;
    }
  }

  /** Decompresses through byte arrays; the ByteBuffer variant copies in and out. */
  private abstract static class ArrayDecompressor implements BytesInputDecompressor {
    private final Buffer input = new Buffer();

    abstract void decompress(byte[] in, int inOff, int inLen, byte[] out, int outLen) throws IOException;

    @Override
    public final BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
      byte[] in = input.load(bytes);
      byte[] out = new byte[decompressedSize];
      decompress(in, 0, input.size(), out, decompressedSize);
      return BytesInput.from(out);
    }

    @Override
    public final void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.get(in);
      byte[] out = new byte[decompressedSize];
      decompress(in, 0, compressedSize, out, decompressedSize);
      output.put(out);
    }

    static void checkSize(String codec, int actual, int expected) throws IOException {
      if (actual != expected) {
        throw new IOException(codec + " page decompressed to " + actual + " bytes, header says " + expected);
      }
    }
  }

  private static final class Uncompressed implements BytesInputCompressor, BytesInputDecompressor {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) {
      return bytes;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) {
      ByteBuffer slice = input.slice(input.position(), compressedSize);
      output.put(slice);
      input.position(input.position() + compressedSize);
    }

    @Override
    public void release() {}
  }

  /**
   * Reuses one native context and one output array across pages; the returned BytesInput views that array, which the
   * {@code BytesInputCompressor} contract allows (it is consumed before the next call).
   */
  private static final class ZstdCompressor implements BytesInputCompressor {
    private final ZstdCompressCtx ctx;
    private final Buffer input = new Buffer();
    private byte[] out = new byte[0];

    ZstdCompressor(int level) {
      ctx = new ZstdCompressCtx().setLevel(level);
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      byte[] in = input.load(bytes);
      int length = input.size();
      int bound = Math.toIntExact(Zstd.compressBound(length));
      if (out.length < bound) {
        out = new byte[bound];
      }
      int n = ctx.compressByteArray(out, 0, out.length, in, 0, length);
      return BytesInput.from(out, 0, n);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {
      ctx.close();
    }
  }

  private static final class ZstdDecompressor extends ArrayDecompressor {
    private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();

    @Override
    void decompress(byte[] in, int inOff, int inLen, byte[] out, int outLen) throws IOException {
      checkSize("ZSTD", ctx.decompressByteArray(out, 0, outLen, in, inOff, inLen), outLen);
    }

    @Override
    public void release() {
      ctx.close();
    }
  }

  private static final class SnappyCompressor implements BytesInputCompressor {
    private final Buffer input = new Buffer();
    private byte[] out = new byte[0];

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      byte[] in = input.load(bytes);
      int length = input.size();
      int bound = Snappy.maxCompressedLength(length);
      if (out.length < bound) {
        out = new byte[bound];
      }
      int n = Snappy.compress(in, 0, length, out, 0);
      return BytesInput.from(out, 0, n);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.SNAPPY;
    }

    @Override
    public void release() {}
  }

  private static final class SnappyDecompressor extends ArrayDecompressor {
    @Override
    void decompress(byte[] in, int inOff, int inLen, byte[] out, int outLen) throws IOException {
      checkSize("SNAPPY", Snappy.uncompress(in, inOff, inLen, out, 0), outLen);
    }

    @Override
    public void release() {}
  }

  private static final class GzipCompressor implements BytesInputCompressor {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      out.reset();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        bytes.writeAllTo(gzip);
      }
      return BytesInput.from(out);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.GZIP;
    }

    @Override
    public void release() {}
  }

  private static final class GzipDecompressor extends ArrayDecompressor {
    @Override
    void decompress(byte[] in, int inOff, int inLen, byte[] out, int outLen) throws IOException {
      try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in, inOff, inLen))) {
        checkSize("GZIP", gzip.readNBytes(out, 0, outLen), outLen);
      }
    }

    @Override
    public void release() {}
  }
}
