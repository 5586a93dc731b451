package io.splice.image.sandbox;

import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.TarInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A stage's root filesystem unpacked into a directory, which a {@code RUN} command then changes.
 * Layers are applied in order with the OCI whiteouts ({@code .wh.NAME} removes NAME from lower
 * layers, {@code .wh..wh..opq} empties a directory of what lower layers put there), keeping
 * modes (setuid included), owners, symlinks and hard links. Paths inside the layer are resolved
 * as if the directory were {@code /}, so a symlink in a layer cannot make a write land outside.
 *
 * <pre>{@code
 * RootfsDir root = RootfsDir.create(scratch.resolve("rootfs"));
 * root.catchUp(List.of(baseLayer, copyLayer));   // applies what it has not applied yet
 * }</pre>
 */
public final class RootfsDir {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";
  private static final int MAX_SYMLINKS = 40;

  private final Path dir;
  private final List<Path> applied = new ArrayList<>();

  private RootfsDir(Path dir) {
    this.dir = dir;
  }

  /** An empty root filesystem in {@code dir} (created, mode 0755). */
  public static RootfsDir create(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setAttribute(dir, "unix:mode", 0755);
    return new RootfsDir(dir);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Makes the directory hold {@code layers}: applies those past the ones already applied. The
   * already applied layers must be a prefix of {@code layers}; if not, the directory is emptied
   * and every layer applied again.
   */
  public void catchUp(List<Path> layers) throws IOException {
    if (applied.size() > layers.size() || !layers.subList(0, applied.size()).equals(applied)) {
      clear();
    }
    for (Path layer : layers.subList(applied.size(), layers.size())) {
      applyLayer(layer);
      applied.add(layer);
    }
  }

  /**
   * Records that the directory already holds {@code layer} on top of what it held: a {@code RUN}
   * changed the files in place and its diff became that layer.
   */
  public void assumeApplied(Path layer) {
    applied.add(layer);
  }

  /** Applies one layer blob (tar, possibly compressed) on top. */
  void applyLayer(Path blob) throws IOException {
    Set<String> written = new HashSet<>();
    try (TarArchiveInputStream tar = TarInput.open(blob)) {
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        String path = LayerEntry.normalize(t.getName());
        if (path.isEmpty()) {
          continue;
        }
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        String base = path.substring(slash + 1);
        if (base.equals(OPAQUE)) {
          emptyExcept(parent, written);
        } else if (base.startsWith(WHITEOUT)) {
          String target = (parent.isEmpty() ? "" : parent + "/") + base.substring(WHITEOUT.length());
          if (!written.contains(target)) {
            deleteTree(resolveParent(target));
          }
        } else if (write(path, t, tar)) {
          written.add(path);
        }
      }
    }
  }

  /**
   * Where {@code path} (relative to the root) is on the host: its parent's symlinks followed inside
   * the root, the last name not followed.
   */
  Path resolveParent(String path) throws IOException {
    String clean = LayerEntry.normalize(path);
    int slash = clean.lastIndexOf('/');
    Path parent = slash < 0 ? dir : resolve(clean.substring(0, slash), 0);
    return parent.resolve(clean.substring(slash + 1));
  }

  /** The host path of a regular file inside the root (symlinks followed inside it), or null. */
  Path find(String relative) throws IOException {
    Path path = resolveParent(relative);
    if (!Files.isRegularFile(path) || !path.toRealPath().startsWith(dir.toRealPath())) {
      return null;
    }
    return path;
  }

  private Path resolve(String path, int depth) throws IOException {
    Path current = dir;
    for (String part : LayerEntry.normalize(path).split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      Path next = current.resolve(part);
      if (Files.isSymbolicLink(next)) {
        if (depth >= MAX_SYMLINKS) {
          throw new IOException(path + ": too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(next).toString();
        String base = target.startsWith("/") ? "" : dir.relativize(current).toString();
        current = resolve(base + "/" + target, depth + 1);
      } else {
        current = next;
      }
    }
    return current;
  }

  private boolean write(String path, TarArchiveEntry t, TarArchiveInputStream tar) throws IOException {
    Path target = resolveParent(path);
    Files.createDirectories(target.getParent());
    boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    if (t.isDirectory()) {
      if (exists && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(target);
        exists = false;
      }
      if (!exists) {
        Files.createDirectory(target);
      }
    } else {
      if (exists) {
        deleteTree(target);
      }
      if (t.isSymbolicLink()) {
        Files.createSymbolicLink(target, Path.of(t.getLinkName()));
      } else if (t.isLink()) {
        Files.createLink(target, resolveParent(t.getLinkName()));
        return true;
      } else if (t.isFile()) {
        Files.copy((InputStream) tar, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(target, FileTime.from(t.getLastModifiedDate().toInstant()));
      } else {
        return false; // devices and fifos: a build has no use for them
      }
    }
    setOwnerAndMode(target, (int) t.getLongUserId(), (int) t.getLongGroupId(), t.getMode() & 07777, t.isSymbolicLink());
    return true;
  }

  /** Owner first, since chown clears the setuid and setgid bits. */
  static void setOwnerAndMode(Path target, int uid, int gid, int mode, boolean symlink) throws IOException {
    if (symlink) {
      Files.setAttribute(target, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(target, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      return;
    }
    Files.setAttribute(target, "unix:uid", uid);
    Files.setAttribute(target, "unix:gid", gid);
    Files.setAttribute(target, "unix:mode", mode);
  }

  private void emptyExcept(String parent, Set<String> written) throws IOException {
    Path target = parent.isEmpty() ? dir : resolve(parent, 0);
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String prefix = parent.isEmpty() ? "" : parent + "/";
    try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
      for (Path child : children) {
        if (!written.contains(prefix + child.getFileName())) {
          deleteTree(child);
        }
      }
    }
  }

  private void clear() throws IOException {
    applied.clear();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        deleteTree(child);
      }
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
