package io.splice.image.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** Opens a tar that may be compressed (gzip, zstd, bzip2, xz), recognised by its first bytes. */
public final class TarInput {
  private TarInput() {}

  /** A tar stream over {@code file}, decompressing it when needed. */
  public static TarArchiveInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    try {
      return new TarArchiveInputStream(decompress(in), "UTF-8");
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Whether {@code file} is a tar archive, compressed or not: what {@code ADD} extracts. */
  public static boolean isTar(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        InputStream raw = decompress(in)) {
      byte[] header = raw.readNBytes(512);
      return header.length == 512 && TarArchiveInputStream.matches(header, header.length);
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] peek(InputStream in, int count) throws IOException {
    in.mark(count);
    byte[] bytes = in.readNBytes(count);
    in.reset();
    return bytes;
  }

  private static InputStream decompress(InputStream in) throws IOException {
    in.mark(16);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 64 * 1024);
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), 64 * 1024);
    }
    if (TarArchiveInputStream.matches(peek(in, 512), 512)) {
      return in;
    }
    try {
      String type = CompressorStreamFactory.detect(in);
      return new CompressorStreamFactory(true).createCompressorInputStream(type, in);
    } catch (CompressorException e) {
      return in;
    }
  }
}
