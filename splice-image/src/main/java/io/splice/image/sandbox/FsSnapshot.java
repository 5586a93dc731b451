package io.splice.image.sandbox;

import io.splice.image.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata of every path under a root directory, taken before and after a {@code RUN}, so
 * that {@link FsDiff} can tell what the command changed. A path changed when its type, mode,
 * owner, size, inode, link target or change time ({@code ctime}, which every write, chmod,
 * chown and rename sets and no program can set back) differs.
 */
final class FsSnapshot {
  /** One path's metadata. */
  record Stat(LayerEntry.Type type, int mode, int uid, int gid, long size, long inode, long ctimeNanos,
      int links, String linkTarget) {
    /** Whether nothing a layer records differs. */
    boolean sameAs(Stat other) {
      return type == other.type && mode == other.mode && uid == other.uid && gid == other.gid
          && size == other.size && inode == other.inode && ctimeNanos == other.ctimeNanos
          && java.util.Objects.equals(linkTarget, other.linkTarget);
    }
  }

  private final Path root;
  private final TreeMap<String, Stat> stats;

  private FsSnapshot(Path root, TreeMap<String, Stat> stats) {
    this.root = root;
    this.stats = stats;
  }

  /** Reads the metadata of everything under {@code root}, without following symlinks. */
  static FsSnapshot take(Path root) throws IOException {
    TreeMap<String, Stat> stats = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (!d.equals(root)) {
          stats.put(relative(root, d), stat(d));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Stat stat = stat(f);
        if (stat != null) {
          stats.put(relative(root, f), stat);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return new FsSnapshot(root, stats);
  }

  Path root() {
    return root;
  }

  /** Every path, relative and {@code /}-separated, sorted. */
  java.util.NavigableMap<String, Stat> stats() {
    return stats;
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  /** A path's metadata, or null for what a layer cannot hold (sockets, devices, fifos). */
  private static Stat stat(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,ino,ctime,nlink", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    LayerEntry.Type type;
    String target = null;
    switch (mode & 0170000) {
      case 0040000:
        type = LayerEntry.Type.DIRECTORY;
        break;
      case 0100000:
        type = LayerEntry.Type.FILE;
        break;
      case 0120000:
        type = LayerEntry.Type.SYMLINK;
        target = Files.readSymbolicLink(p).toString();
        break;
      default:
        return null;
    }
    long ctime = ((FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    long size = type == LayerEntry.Type.FILE ? (Long) a.get("size") : 0;
    return new Stat(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"), size,
        (Long) a.get("ino"), ctime, (Integer) a.get("nlink"), target);
  }
}
