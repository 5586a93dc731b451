package io.splice.image.layer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The tar headers of layer blobs, kept in one small file a blob once read, so that indexing a
 * stage's file system ({@link RootFs}) after a cache hit does not decompress its layers again.
 * Blobs never change (their name is their digest), so neither do these files.
 *
 * <pre>
 * DIR/HEX    the headers of the blob sha256:HEX: a version, a count, then per entry its type,
 *            mode, owner, name and link target
 * </pre>
 */
public final class LayerHeaders {
  private static final int VERSION = 1;

  private final Path dir;

  public LayerHeaders(Path dir) {
    this.dir = dir;
  }

  /** One tar header, as far as a layer's index needs it. */
  public record Header(String name, Kind kind, int mode, long uid, long gid, String linkName) {}

  /** The kinds of entry; devices and fifos are kept so that they can be told apart from files. */
  public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, SPECIAL }

  /** The headers of the blob {@code blob} (named by its hex digest), read from its file or from the blob. */
  public List<Header> of(Path blob) throws IOException {
    Path file = dir.resolve(blob.getFileName().toString());
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (NoSuchFileException e) {
      // first read of this blob
    } catch (IOException | RuntimeException e) {
      // cut short (a full disk) or damaged: read the blob again and rewrite it
    }
    List<Header> headers = scan(blob);
    write(file, headers);
    return headers;
  }

  /**
   * Keeps the headers of a blob that was just written ({@link WrittenLayer#headers()}), so that
   * not even the first index of it reads it again.
   */
  public void put(Path blob, List<Header> headers) throws IOException {
    write(dir.resolve(blob.getFileName().toString()), headers);
  }

  /** Reads the headers from the blob itself. */
  public static List<Header> scan(Path blob) throws IOException {
    List<Header> out = new ArrayList<>();
    try (TarArchiveInputStream tar = TarInput.open(blob)) {
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        out.add(header(t));
      }
    }
    return out;
  }

  /** The header of a tar entry, read or about to be written. */
  static Header header(TarArchiveEntry t) {
    return new Header(t.getName(), kind(t), t.getMode(), t.getLongUserId(), t.getLongGroupId(),
        t.isSymbolicLink() || t.isLink() ? t.getLinkName() : "");
  }

  private static Kind kind(TarArchiveEntry t) {
    if (t.isDirectory()) {
      return Kind.DIRECTORY;
    }
    if (t.isSymbolicLink()) {
      return Kind.SYMLINK;
    }
    if (t.isLink()) {
      return Kind.HARDLINK;
    }
    return t.isCharacterDevice() || t.isBlockDevice() || t.isFIFO() ? Kind.SPECIAL : Kind.FILE;
  }

  private static List<Header> read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
    if (in.readInt() != VERSION) {
      throw new EOFException("another version");
    }
    int count = in.readInt();
    List<Header> out = new ArrayList<>(count);
    Kind[] kinds = Kind.values();
    for (int i = 0; i < count; i++) {
      Kind kind = kinds[in.readByte()];
      int mode = in.readInt();
      long uid = in.readLong();
      long gid = in.readLong();
      out.add(new Header(string(in), kind, mode, uid, gid, string(in)));
    }
    return out;
  }

  private void write(Path file, List<Header> headers) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".headers", ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 64 * 1024))) {
      out.writeInt(VERSION);
      out.writeInt(headers.size());
      for (Header h : headers) {
        out.writeByte(h.kind().ordinal());
        out.writeInt(h.mode());
        out.writeLong(h.uid());
        out.writeLong(h.gid());
        string(out, h.name());
        string(out, h.linkName());
      }
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String string(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
