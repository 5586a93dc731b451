package io.splice.image.store;

import io.splice.image.oci.Digests;
import io.splice.image.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Content-addressed blobs under {@code DIR/blobs/sha256/HEX}, written atomically. */
public final class BlobStore {
  private final Path root;

  BlobStore(Path layoutDir) {
    this.root = layoutDir.resolve("blobs").resolve("sha256");
  }

  public boolean has(String digest) {
    return Files.isRegularFile(path(digest));
  }

  /** The file of a blob (which may not exist). */
  public Path path(String digest) {
    return root.resolve(Digests.hex(digest));
  }

  /** Stores bytes and returns their digest. */
  public String put(byte[] bytes) throws IOException {
    String digest = Digests.of(bytes);
    if (!has(digest)) {
      Files.createDirectories(root);
      Path tmp = Files.createTempFile(root, ".blob", ".tmp");
      Files.write(tmp, bytes);
      move(tmp, path(digest));
    }
    return digest;
  }

  /** Moves a file whose digest the caller computed into the store. */
  public void putFile(Path file, String digest) throws IOException {
    if (has(digest)) {
      Files.deleteIfExists(file);
      return;
    }
    Files.createDirectories(root);
    Path tmp = Files.createTempFile(root, ".blob", ".tmp");
    Files.move(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    move(tmp, path(digest));
  }

  /** Copies a blob from another store, unless it is already here. */
  public void copyFrom(BlobStore other, String digest) throws IOException {
    if (has(digest)) {
      return;
    }
    Path source = other.path(digest);
    if (!Files.isRegularFile(source)) {
      throw new IOException("blob " + digest + " is missing");
    }
    Files.createDirectories(root);
    Path tmp = Files.createTempFile(root, ".blob", ".tmp");
    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
    move(tmp, path(digest));
  }

  public byte[] read(String digest) throws IOException {
    Path file = path(digest);
    if (!Files.isRegularFile(file)) {
      throw new IOException("blob " + digest + " is missing");
    }
    return Files.readAllBytes(file);
  }

  /**
   * The media type of a layer file, from its first bytes: gzip ({@code 1f 8b}), zstd ({@code 28 b5
   * 2f fd}) or, otherwise, an uncompressed tar.
   */
  public static String layerMediaType(Path file) throws IOException {
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return MediaTypes.LAYER_GZIP;
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return MediaTypes.LAYER_ZSTD;
    }
    return MediaTypes.LAYER_TAR;
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
