package io.splice.image.layer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.splice.image.oci.Digests;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a layer so that the same entries always give the same bytes: entries sorted by path
 * (the last of two entries with one path wins), every time set to one instant, owner names empty,
 * PAX headers for long names, and gzip at a fixed level with no time or file name in its header,
 * deflated in blocks on all cores ({@link ParallelGzipOutputStream}) (or zstd at a fixed level, single-threaded, with a checksum; see {@link Compression}).
 *
 * <pre>{@code
 * WrittenLayer layer = LayerWriter.write(entries, Instant.EPOCH, tmp.resolve("layer.tar.gz"));
 * // layer.diffId() goes into the config, layer.digest() into the manifest
 * }</pre>
 */
public final class LayerWriter {
  /** The gzip level: the default of gzip(1) and Go, a balance of size and time. */
  public static final int GZIP_LEVEL = 6;

  /** The zstd level: zstd's default, a balance of size and time. */
  public static final int ZSTD_LEVEL = 3;

  /** The operating system byte of the gzip header: "unknown", as Go's gzip writes it. */
  private static final int GZIP_OS_UNKNOWN = 255;

  private LayerWriter() {}

  /** Writes {@code entries} gzip-compressed to {@code target}, all times set to {@code mtime}. */
  public static WrittenLayer write(Collection<LayerEntry> entries, Instant mtime, Path target)
      throws IOException {
    return write(entries, mtime, target, Compression.GZIP);
  }

  /** Writes {@code entries} to {@code target}, all times set to {@code mtime}. */
  public static WrittenLayer write(Collection<LayerEntry> entries, Instant mtime, Path target, Compression compression)
      throws IOException {
    TreeMap<String, LayerEntry> sorted = new TreeMap<>();
    for (LayerEntry entry : entries) {
      sorted.put(entry.path(), entry);
    }
    List<LayerHeaders.Header> headers = new ArrayList<>(sorted.size());
    MessageDigest compressed = Digests.sha256();
    MessageDigest uncompressed = Digests.sha256();
    try (OutputStream file = Files.newOutputStream(target);
        OutputStream hashed = new DigestOutputStream(file, compressed);
        OutputStream packed = compressor(hashed, compression);
        OutputStream raw = new DigestOutputStream(packed, uncompressed);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(raw, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      FileTime time = FileTime.from(mtime);
      for (LayerEntry entry : sorted.values()) {
        headers.add(writeEntry(tar, entry, time));
      }
      tar.finish();
    }
    return new WrittenLayer(target, Digests.format(compressed), Digests.format(uncompressed), Files.size(target),
        compression.mediaType(), headers);
  }

  private static OutputStream compressor(OutputStream out, Compression compression) throws IOException {
    if (compression == Compression.ZSTD) {
      ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(new BufferedOutputStream(out, 64 * 1024));
      zstd.setLevel(ZSTD_LEVEL);
      zstd.setChecksum(true);
      zstd.setWorkers(0);
      return zstd;
    }
    return new ParallelGzipOutputStream(out, GZIP_LEVEL, GZIP_OS_UNKNOWN);
  }

  /** Writes one entry; returns its header. */
  private static LayerHeaders.Header writeEntry(TarArchiveOutputStream tar, LayerEntry entry, FileTime time)
      throws IOException {
    TarArchiveEntry t;
    switch (entry.type()) {
      case DIRECTORY:
        t = new TarArchiveEntry(entry.path() + "/", TarConstants.LF_DIR, true);
        break;
      case SYMLINK:
        t = new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK, true);
        t.setLinkName(entry.linkTarget());
        break;
      case HARDLINK:
        t = new TarArchiveEntry(entry.path(), TarConstants.LF_LINK, true);
        t.setLinkName(entry.linkTarget());
        break;
      default:
        t = new TarArchiveEntry(entry.path(), TarConstants.LF_NORMAL, true);
        t.setSize(entry.content().size());
        break;
    }
    t.setMode(modeBits(entry));
    t.setUserId(entry.uid());
    t.setGroupId(entry.gid());
    t.setUserName("");
    t.setGroupName("");
    t.setLastModifiedTime(time);
    tar.putArchiveEntry(t);
    if (entry.type() == LayerEntry.Type.FILE) {
      long expected = t.getSize();
      long copied;
      try (InputStream in = entry.content().open()) {
        copied = in.transferTo(tar);
      }
      if (copied != expected) {
        throw new IOException(entry.path() + ": changed while being read (" + expected + " bytes expected, " + copied + " read)");
      }
    }
    tar.closeArchiveEntry();
    return LayerHeaders.header(t);
  }

  private static int modeBits(LayerEntry entry) {
    int perm = entry.mode() & 07777;
    switch (entry.type()) {
      case DIRECTORY:
        return 040000 | perm;
      case SYMLINK:
        return 0120000 | perm;
      default:
        return 0100000 | perm;
    }
  }
}
