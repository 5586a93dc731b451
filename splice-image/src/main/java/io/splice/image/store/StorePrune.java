package io.splice.image.store;

import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageIndex;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.MediaTypes;
import io.splice.image.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deletes what no named image needs: blobs that no tagged image reaches (manifests, configs and
 * layers of earlier builds and of build stages), their unpacked layers and kept headers, the
 * layer-cache entries that pointed at them, and what builds that died left behind. The next build of something
 * pruned builds it again. It runs only while no build holds the store ({@link StoreLock}).
 */
public final class StorePrune {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private StorePrune() {}

  /** What a prune deleted. */
  public record Report(int blobs, long blobBytes, int snapshots, long snapshotBytes, int cacheEntries, long otherBytes) {
    public long totalBytes() {
      return blobBytes + snapshotBytes + otherBytes;
    }
  }

  /** The store is in use by a build; nothing was deleted. */
  public static final class Busy extends IOException {
    private static final long serialVersionUID = 1L;

    Busy(Path store) {
      super("a build is using the image store " + store + "; prune it when the build has ended");
    }
  }

  /** Prunes the store in {@code dir}. */
  public static Report run(Path dir) throws IOException {
    try (StoreLock lock = StoreLock.exclusive(dir)) {
      if (lock == null) {
        throw new Busy(dir);
      }
      LocalImageStore store = LocalImageStore.open(dir);
      Set<String> reachable = reachable(store.layout());
      BlobStore blobs = store.layout().blobs();
      int blobCount = 0;
      long blobBytes = 0;
      Path blobDir = blobs.path("sha256:" + "0".repeat(64)).getParent();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(blobDir)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          boolean unreachable = HEX.matcher(name).matches() && !reachable.contains(name);
          if (unreachable || name.endsWith(".tmp")) {
            blobBytes += Files.size(file);
            Files.delete(file);
            blobCount += unreachable ? 1 : 0;
          }
        }
      }
      Snapshots snapshots = new Snapshots(store.snapshotsDir());
      int snapshotCount = 0;
      long snapshotBytes = 0;
      for (Snapshots.Snapshot s : snapshots.list()) {
        if (!reachable.contains(s.hex())) {
          snapshotBytes += snapshots.remove(s.hex());
          snapshotCount++;
        }
      }
      int entries = removeDeadCacheEntries(store.cacheDir(), blobs);
      long other = removeUnreachable(store.headersDir(), reachable)
          + removeLeftovers(dir.resolve("tmp")) + removeLeftovers(store.snapshotsDir());
      return new Report(blobCount, blobBytes, snapshotCount, snapshotBytes, entries, other);
    }
  }

  /** The hex digests of every blob a tagged image needs: indexes, manifests, configs, layers. */
  static Set<String> reachable(OciLayout layout) throws IOException {
    Set<String> out = new HashSet<>();
    Deque<Descriptor> todo = new ArrayDeque<>(layout.index().manifests());
    while (!todo.isEmpty()) {
      Descriptor d = todo.pop();
      String hex = d.digest().substring(d.digest().indexOf(':') + 1);
      if (!out.add(hex) || !layout.blobs().has(d.digest())) {
        continue;
      }
      if (MediaTypes.isIndex(d.mediaType())) {
        todo.addAll(OciJson.read(layout.blobs().read(d.digest()), ImageIndex.class).manifests());
      } else if (isManifest(d.mediaType())) {
        Manifest m = OciJson.read(layout.blobs().read(d.digest()), Manifest.class);
        todo.push(m.config());
        m.layers().forEach(todo::push);
      }
    }
    return out;
  }

  private static boolean isManifest(String mediaType) {
    return MediaTypes.MANIFEST.equals(mediaType) || "application/vnd.docker.distribution.manifest.v2+json".equals(mediaType);
  }

  /** Cache entries whose layer blob is gone would only be misses; each is a small file. */
  private static int removeDeadCacheEntries(Path cacheDir, BlobStore blobs) throws IOException {
    if (!Files.isDirectory(cacheDir)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> walk = Files.walk(cacheDir, 2)) {
      for (Path entry : (Iterable<Path>) walk.filter(p -> HEX.matcher(p.getFileName().toString()).matches())::iterator) {
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String first = Files.readString(entry, StandardCharsets.UTF_8).strip().split(" ")[0];
        if (first.startsWith("sha256:") && !blobs.has(first)) {
          Files.delete(entry);
          removed++;
        }
      }
    }
    return removed;
  }

  /** Deletes the files of {@code dir} named by a digest that is not reachable; returns their bytes. */
  private static long removeUnreachable(Path dir, Set<String> reachable) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long bytes = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!reachable.contains(name)) {
          bytes += Files.size(file);
          Files.delete(file);
        }
      }
    }
    return bytes;
  }

  /** Deletes the folders that builds which died left behind (no build runs: the lock says so). */
  private static long removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long bytes = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(".tmp-") || name.startsWith("build")) {
          bytes += Snapshots.deleteTree(p);
        }
      }
    }
    return bytes;
  }

}
