package dev.chipmc.io.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.SeekableInputStream;

/**
 * The decompressed pages of one column chunk, for parquet-java's {@code ColumnReaderImpl}. This does, for one
 * chunk read whole, what {@code ParquetFileReader} does. That class cannot be used without Hadoop: it needs
 * {@code ParquetReadOptions}, whose only public way in, {@code ParquetReadOptions.Builder}, first builds
 * parquet-java's Hadoop codec factory (which fails without Hadoop's {@code ZlibCompressor}) and then calls
 * {@code ParquetInputFormat.getFilter}, a class that extends Hadoop MapReduce's {@code FileInputFormat}; the public
 * {@code ParquetReadOptions} constructor creates a Hadoop {@code Configuration}.
 *
 * <p>Reads page headers (Thrift, through parquet-format-structures), checks each page's CRC-32 when the writer
 * stored one, and decompresses data pages V1 and V2 and the dictionary page. Index pages are skipped. Encrypted
 * files are not supported.
 *
 * <p>Not thread-safe: one reader.
 */
final class ChunkPages implements PageReader {

  private final DictionaryPage dictionary;
  private final Queue<DataPage> pages;
  private final long valueCount;

  private ChunkPages(DictionaryPage dictionary, Queue<DataPage> pages, long valueCount) {
    this.dictionary = dictionary;
    this.pages = pages;
    this.valueCount = valueCount;
  }

  static ChunkPages read(SeekableInputStream in, ColumnChunkMetaData chunk, ParquetMetadataConverter converter)
      throws IOException {
    int size = Math.toIntExact(chunk.getTotalSize());
    byte[] buf = new byte[size];
    in.seek(chunk.getStartingPos());
    in.readFully(buf);
    ByteArrayInputStream headers = new ByteArrayInputStream(buf);
    DictionaryPage dictionary = null;
    Queue<DataPage> pages = new ArrayDeque<>();
    long values = 0;
    CRC32 crc = new CRC32();
    BytesInputDecompressor codec = Codecs.INSTANCE.getDecompressor(chunk.getCodec());
    try {
      while (values < chunk.getValueCount()) {
        if (headers.available() == 0) {
          throw new IOException("column chunk " + chunk.getPath() + " ends after " + values + " of "
              + chunk.getValueCount() + " values");
        }
        PageHeader header = Util.readPageHeader(headers);
        int pos = size - headers.available();
        int compressed = header.getCompressed_page_size();
        int uncompressed = header.getUncompressed_page_size();
        if (compressed < 0 || compressed > headers.available()) {
          throw new IOException("page of " + compressed + " bytes overruns column chunk " + chunk.getPath());
        }
        headers.skipNBytes(compressed);
        if (header.isSetCrc()) {
          crc.reset();
          crc.update(buf, pos, compressed);
          if ((int) crc.getValue() != header.getCrc()) {
            throw new IOException("CRC-32 mismatch in a page of column chunk " + chunk.getPath());
          }
        }
        switch (header.getType()) {
          case DICTIONARY_PAGE -> {
            DictionaryPageHeader h = header.getDictionary_page_header();
            dictionary = new DictionaryPage(
                codec.decompress(BytesInput.from(buf, pos, compressed), uncompressed),
                uncompressed,
                h.getNum_values(),
                converter.getEncoding(h.getEncoding()));
          }
          case DATA_PAGE -> {
            DataPageHeader h = header.getData_page_header();
            pages.add(new DataPageV1(
                codec.decompress(BytesInput.from(buf, pos, compressed), uncompressed),
                h.getNum_values(),
                uncompressed,
                null,
                converter.getEncoding(h.getRepetition_level_encoding()),
                converter.getEncoding(h.getDefinition_level_encoding()),
                converter.getEncoding(h.getEncoding())));
            values += h.getNum_values();
          }
          case DATA_PAGE_V2 -> {
            DataPageHeaderV2 h = header.getData_page_header_v2();
            int rl = h.getRepetition_levels_byte_length();
            int dl = h.getDefinition_levels_byte_length();
            BytesInput data = BytesInput.from(buf, pos + rl + dl, compressed - rl - dl);
            if (h.isIs_compressed()) {
              data = codec.decompress(data, uncompressed - rl - dl);
            }
            pages.add(DataPageV2.uncompressed(
                h.getNum_rows(),
                h.getNum_nulls(),
                h.getNum_values(),
                BytesInput.from(buf, pos, rl),
                BytesInput.from(buf, pos + rl, dl),
                converter.getEncoding(h.getEncoding()),
                data,
                null));
            values += h.getNum_values();
          }
          default -> {
            // index pages carry no values
          }
        }
      }
    } finally {
      codec.release();
    }
    return new ChunkPages(dictionary, pages, chunk.getValueCount());
  }

  @Override
  public DictionaryPage readDictionaryPage() {
    return dictionary;
  }

  @Override
  public long getTotalValueCount() {
    return valueCount;
  }

  @Override
  public DataPage readPage() {
    return pages.poll();
  }
}
