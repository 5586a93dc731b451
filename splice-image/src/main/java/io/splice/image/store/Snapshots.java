package io.splice.image.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The store's unpacked layers and when each was last used, so that they can be trimmed to the
 * most recently used and pruned. The layer directories themselves are never written once in
 * place (overlayfs reads them), so use is recorded beside them:
 *
 * <pre>
 * SNAPSHOTS/HEX/         the layer sha256:HEX, unpacked
 * SNAPSHOTS/.used/HEX    an empty file whose modification time is the layer's last use
 * SNAPSHOTS/.tmp-*       being unpacked, or being deleted
 * </pre>
 */
public final class Snapshots {
  /** How many unpacked layers a build leaves in the store, unless told otherwise. */
  public static final int DEFAULT_KEEP = 64;
  /** A layer used this recently may be in a concurrent build's mount; trimming leaves it. */
  public static final Duration IN_USE = Duration.ofMinutes(10);

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final Path root;

  public Snapshots(Path root) {
    this.root = root;
  }

  /** One unpacked layer. */
  public record Snapshot(String hex, Path dir, Instant lastUsed) {}

  public Path root() {
    return root;
  }

  /** Records that a build uses the layer {@code hex} now. */
  public void markUsed(String hex) throws IOException {
    Path marker = root.resolve(".used").resolve(hex);
    FileTime now = FileTime.from(Instant.now());
    try {
      Files.setLastModifiedTime(marker, now);
    } catch (NoSuchFileException e) {
      Files.createDirectories(marker.getParent());
      Files.write(marker, new byte[0]);
    }
  }

  /** The unpacked layers, the most recently used first. */
  public List<Snapshot> list() throws IOException {
    List<Snapshot> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String hex = dir.getFileName().toString();
        if (HEX.matcher(hex).matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Snapshot(hex, dir, lastUsed(hex, dir)));
        }
      }
    }
    out.sort(Comparator.comparing(Snapshot::lastUsed).reversed().thenComparing(Snapshot::hex));
    return out;
  }

  /**
   * Removes all but the {@code keep} most recently used layers, sparing those in {@code inUse}
   * and those used within {@link #IN_USE}.
   *
   * @return the bytes freed
   */
  public long trim(int keep, Set<String> inUse) throws IOException {
    Instant recent = Instant.now().minus(IN_USE);
    List<Snapshot> all = list();
    long freed = 0;
    for (Snapshot s : all.subList(Math.min(keep, all.size()), all.size())) {
      if (!inUse.contains(s.hex()) && s.lastUsed().isBefore(recent)) {
        freed += remove(s.hex());
      }
    }
    return freed;
  }

  /**
   * Deletes the layer {@code hex}: first renamed out of place, so that no build finds it half
   * deleted.
   *
   * @return the bytes of its files
   */
  public long remove(String hex) throws IOException {
    Path dir = root.resolve(hex);
    Path doomed = root.resolve(".tmp-gc-" + hex);
    try {
      Files.move(dir, doomed);
    } catch (NoSuchFileException e) {
      return 0;
    }
    Files.deleteIfExists(root.resolve(".used").resolve(hex));
    return deleteTree(doomed);
  }

  /** Deletes a tree without following symlinks; returns the bytes of its regular files. */
  static long deleteTree(Path top) throws IOException {
    long bytes = 0;
    Set<Object> counted = new HashSet<>(); // hard links share their bytes
    try (Stream<Path> walk = Files.walk(top)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile() && (a.fileKey() == null || counted.add(a.fileKey()))) {
          bytes += a.size();
        }
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return bytes;
  }

  private Instant lastUsed(String hex, Path dir) throws IOException {
    Path marker = root.resolve(".used").resolve(hex);
    FileTime used = Files.exists(marker) ? Files.getLastModifiedTime(marker)
        : Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
    return used.toInstant();
  }
}
