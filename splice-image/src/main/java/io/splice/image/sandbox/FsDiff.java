package io.splice.image.sandbox;

import io.splice.image.layer.LayerEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layer that takes a root filesystem from one snapshot to the next, in OCI terms: added and
 * changed paths as they are now, a deleted path as a whiteout {@code DIR/.wh.NAME} (only the top
 * of a deleted tree), and a directory that was removed and made again as the directory, an opaque
 * marker {@code DIR/.wh..wh..opq} and everything now in it. Files that share an inode become hard
 * links to the first of them. Empty directories that the runtime made as mount points (for
 * example {@code proc}) and that did not exist before are left out.
 *
 * <pre>
 * before: etc/motd, tmp/old/a     after: etc/motd (changed), tmp/, new.txt
 * layer:  etc/, etc/motd, new.txt, tmp/, tmp/.wh.old
 * </pre>
 */
final class FsDiff {
  private static final byte[] EMPTY = new byte[0];

  private FsDiff() {}

  /**
   * The entries of the layer, sorted by path.
   *
   * @param mountPoints paths the runtime mounts over (relative), to leave out when they are new
   *     and empty
   */
  static List<LayerEntry> between(FsSnapshot before, FsSnapshot after, Set<String> mountPoints) {
    Map<String, FsSnapshot.Stat> old = before.stats();
    java.util.NavigableMap<String, FsSnapshot.Stat> now = after.stats();
    List<LayerEntry> out = new ArrayList<>();
    TreeSet<String> replacedDirs = new TreeSet<>();
    Map<Long, String> firstOfInode = new HashMap<>();
    for (Map.Entry<String, FsSnapshot.Stat> e : now.entrySet()) {
      String path = e.getKey();
      FsSnapshot.Stat stat = e.getValue();
      FsSnapshot.Stat was = old.get(path);
      boolean underReplaced = hasAncestorIn(path, replacedDirs);
      if (!underReplaced && was != null && was.sameAs(stat)) {
        continue;
      }
      if (was == null && isRuntimeMountPoint(path, stat, now, mountPoints)) {
        continue;
      }
      if (!underReplaced && was != null && was.type() == LayerEntry.Type.DIRECTORY
          && stat.type() == LayerEntry.Type.DIRECTORY && was.inode() != stat.inode()) {
        replacedDirs.add(path);
        out.add(entry(after, path, stat, firstOfInode));
        out.add(LayerEntry.file(path + "/" + RootfsDir.OPAQUE, 0, 0, 0, LayerEntry.Content.of(EMPTY)));
        continue;
      }
      out.add(entry(after, path, stat, firstOfInode));
    }
    TreeSet<String> deleted = new TreeSet<>();
    for (Map.Entry<String, FsSnapshot.Stat> e : old.entrySet()) {
      String path = e.getKey();
      if (now.containsKey(path) || hasAncestorIn(path, deleted) || hasAncestorIn(path, replacedDirs)
          || ancestorIsNoLongerADirectory(path, now)) {
        continue;
      }
      deleted.add(path);
      int slash = path.lastIndexOf('/');
      String whiteout = (slash < 0 ? "" : path.substring(0, slash + 1)) + RootfsDir.WHITEOUT + path.substring(slash + 1);
      out.add(LayerEntry.file(whiteout, 0, 0, 0, LayerEntry.Content.of(EMPTY)));
    }
    out.sort(java.util.Comparator.comparing(LayerEntry::path));
    return out;
  }

  private static LayerEntry entry(FsSnapshot after, String path, FsSnapshot.Stat stat, Map<Long, String> firstOfInode) {
    switch (stat.type()) {
      case DIRECTORY:
        return LayerEntry.directory(path, stat.mode(), stat.uid(), stat.gid());
      case SYMLINK:
        return new LayerEntry(path, LayerEntry.Type.SYMLINK, 0777, stat.uid(), stat.gid(), stat.linkTarget(), null);
      default:
        if (stat.links() > 1) {
          String first = firstOfInode.putIfAbsent(stat.inode(), path);
          if (first != null) {
            return new LayerEntry(path, LayerEntry.Type.HARDLINK, stat.mode(), stat.uid(), stat.gid(), first, null);
          }
        }
        return LayerEntry.file(path, stat.mode(), stat.uid(), stat.gid(),
            LayerEntry.Content.of(after.root().resolve(path)));
    }
  }

  private static boolean isRuntimeMountPoint(String path, FsSnapshot.Stat stat, java.util.NavigableMap<String, FsSnapshot.Stat> now,
      Set<String> mountPoints) {
    if (!mountPoints.contains(path)) {
      return false;
    }
    if (stat.type() == LayerEntry.Type.DIRECTORY) {
      String prefix = path + "/";
      String next = now.higherKey(path);
      return next == null || !next.startsWith(prefix);
    }
    return stat.type() == LayerEntry.Type.FILE && stat.size() == 0;
  }

  private static boolean hasAncestorIn(String path, TreeSet<String> dirs) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (dirs.contains(path.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }

  private static boolean ancestorIsNoLongerADirectory(String path, Map<String, FsSnapshot.Stat> now) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      FsSnapshot.Stat stat = now.get(path.substring(0, slash));
      if (stat != null && stat.type() != LayerEntry.Type.DIRECTORY) {
        return true;
      }
    }
    return false;
  }
}
