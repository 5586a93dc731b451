package io.splice.image.sandbox;

import io.splice.image.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layer a {@code RUN} made, read from its overlayfs upper directory, which holds exactly what
 * the command changed: added and changed paths as they are now,
 * a deleted path as a character device 0/0 (a whiteout {@code DIR/.wh.NAME} in the layer), and a
 * directory made again over a deleted one as an opaque directory (the directory, {@code
 * DIR/.wh..wh..opq} and its content). Files that share an inode become hard links to the first of
 * them. A directory that overlayfs only copied up (something below it changed, the directory
 * itself did not) is left out, as are directories the runtime made as mount points ({@code proc}, {@code dev}, {@code sys}) are
 * left out when they are empty and no lower layer has them.
 */
final class UpperDiff {
  private static final byte[] EMPTY = new byte[0];
  private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,nlink,rdev";
  private static final String ATTRIBUTES_WITH_TIME = "unix:mode,uid,gid,lastModifiedTime";

  /** The layer's entries, sorted by path, and the runtime's mount points to drop from the upper directory. */
  record Result(List<LayerEntry> entries, List<Path> mountPoints) {}

  private UpperDiff() {}

  /**
   * @param mountPoints paths the runtime mounts over (relative)
   * @param below the host path of a path in the topmost lower layer that has it, or null
   */
  static Result of(Path upper, Set<String> mountPoints, Below below) throws IOException {
    List<LayerEntry> out = new ArrayList<>();
    List<Path> runtimeDirs = new ArrayList<>();
    Map<String, Long> inodes = new HashMap<>();
    Files.walkFileTree(upper, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (d.equals(upper)) {
          return FileVisitResult.CONTINUE;
        }
        String path = relative(upper, d);
        Path lower = below.find(path);
        if (mountPoints.contains(path) && lower == null && isEmpty(d)) {
          runtimeDirs.add(d);
          return FileVisitResult.SKIP_SUBTREE;
        }
        Map<String, Object> a = Files.readAttributes(d, ATTRIBUTES_WITH_TIME, LinkOption.NOFOLLOW_LINKS);
        boolean opaque = LayerDirs.isOpaque(d);
        if (opaque || !copiedUpUnchanged(a, lower)) {
          out.add(LayerEntry.directory(path, (Integer) a.get("mode") & 07777, (Integer) a.get("uid"), (Integer) a.get("gid")));
        }
        if (opaque) {
          out.add(LayerEntry.file(path + "/" + RootfsDir.OPAQUE, 0, 0, 0, LayerEntry.Content.of(EMPTY)));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        String path = relative(upper, f);
        Map<String, Object> a = Files.readAttributes(f, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        switch (mode & 0170000) {
          case 0020000: // a character device: 0/0 is a whiteout
            if ((Long) a.get("rdev") == 0) {
              int slash = path.lastIndexOf('/');
              out.add(LayerEntry.file((slash < 0 ? "" : path.substring(0, slash + 1)) + RootfsDir.WHITEOUT
                  + path.substring(slash + 1), 0, 0, 0, LayerEntry.Content.of(EMPTY)));
            }
            break;
          case 0120000:
            out.add(new LayerEntry(path, LayerEntry.Type.SYMLINK, 0777, uid, gid, Files.readSymbolicLink(f).toString(), null));
            break;
          case 0100000:
            if ((Integer) a.get("nlink") > 1) {
              inodes.put(path, (Long) a.get("ino"));
            }
            out.add(LayerEntry.file(path, mode & 07777, uid, gid, LayerEntry.Content.of(f)));
            break;
          default:
            break; // sockets, fifos and devices: a layer does not hold them
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(Comparator.comparing(LayerEntry::path));
    // The first path of an inode, in path order (not the directory's order), holds the content.
    Map<Long, String> firstOfInode = new HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      LayerEntry e = out.get(i);
      Long inode = inodes.get(e.path());
      if (inode != null && e.type() == LayerEntry.Type.FILE) {
        String first = firstOfInode.putIfAbsent(inode, e.path());
        if (first != null) {
          out.set(i, new LayerEntry(e.path(), LayerEntry.Type.HARDLINK, e.mode(), e.uid(), e.gid(), first, null));
        }
      }
    }
    return new Result(out, runtimeDirs);
  }

  /** Where a path of the lower layers is on the host. */
  interface Below {
    /** The path in the topmost lower layer that has it, or null. */
    Path find(String relative) throws IOException;
  }

  /**
   * Whether an upper directory was only copied up (because something below it changed) and is
   * as the lower layers have it: same type, mode, owner and modification time, so no entry was
   * added to it or removed from it. Such a directory stays out of the layer, as BuildKit leaves it.
   */
  private static boolean copiedUpUnchanged(Map<String, Object> upper, Path lower) throws IOException {
    if (lower == null || !Files.isDirectory(lower, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Map<String, Object> l = Files.readAttributes(lower, ATTRIBUTES_WITH_TIME, LinkOption.NOFOLLOW_LINKS);
    return upper.get("mode").equals(l.get("mode")) && upper.get("uid").equals(l.get("uid"))
        && upper.get("gid").equals(l.get("gid")) && upper.get("lastModifiedTime").equals(l.get("lastModifiedTime"));
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var children = Files.newDirectoryStream(dir)) {
      return !children.iterator().hasNext();
    }
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
