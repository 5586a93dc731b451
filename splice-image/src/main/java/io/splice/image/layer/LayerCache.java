package io.splice.image.layer;

import io.splice.image.oci.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Maps a {@link CacheKey} to the layer built from it. One small file per key under the cache
 * directory holds the layer's digest, diffID and size; the layer's bytes stay in the blob store,
 * and an entry whose blob has gone is a miss.
 *
 * <pre>
 * CACHE/ab/ab12...ef    "sha256:DIGEST sha256:DIFFID SIZE"
 * CACHE/cd/cd34...01    "sha256:DIGEST sha256:DIFFID SIZE sha256:KEY"   a link (see {@link #link})
 * </pre>
 */
public final class LayerCache {
  private final Path dir;
  private final Predicate<String> blobExists;

  /**
   * @param dir where the entries are kept, created when needed
   * @param blobExists whether the blob store still holds a digest
   */
  public LayerCache(Path dir, Predicate<String> blobExists) {
    this.dir = dir;
    this.blobExists = blobExists;
  }

  /**
   * A cached layer.
   *
   * @param linkedKey for a {@link #link}, the key the layer was built under; else null
   */
  public record Hit(String digest, String diffId, long size, String linkedKey) {}

  /** The layer built for {@code key}, if it is known and its blob is still there. */
  public Optional<Hit> find(String key) throws IOException {
    Path file = entry(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
    if (parts.length < 3 || parts.length > 4 || !blobExists.test(parts[0])) {
      return Optional.empty();
    }
    return Optional.of(new Hit(parts[0], parts[1], Long.parseLong(parts[2]), parts.length == 4 ? parts[3] : null));
  }

  /** Records the layer built for {@code key}. */
  public void put(String key, String digest, String diffId, long size) throws IOException {
    write(key, digest + " " + diffId + " " + size + "\n");
  }

  /**
   * Records that the layer built under {@code builtKey} is also what {@code key} gives: a key
   * known before the inputs are read (for {@code COPY --from}, the source's layers) leads to the
   * layer and to the content key that later steps chain on.
   */
  public void link(String key, String digest, String diffId, long size, String builtKey) throws IOException {
    write(key, digest + " " + diffId + " " + size + " " + builtKey + "\n");
  }

  private void write(String key, String line) throws IOException {
    Path file = entry(key);
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".entry", ".tmp");
    Files.writeString(tmp, line, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path entry(String key) {
    String hex = Digests.hex(key);
    return dir.resolve(hex.substring(0, 2)).resolve(hex);
  }
}
