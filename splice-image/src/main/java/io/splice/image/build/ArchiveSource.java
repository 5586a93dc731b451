package io.splice.image.build;

import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.TarInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code ADD}'s extraction of a local tar archive (plain, gzip, bzip2 or xz) into a directory:
 * entries keep the archive's modes and owners, and hard links are moved along with their targets.
 */
final class ArchiveSource {
  private ArchiveSource() {}

  static List<LayerEntry> extract(Path archive, String targetDir, Path scratch) throws IOException {
    List<LayerEntry> out = new ArrayList<>();
    Path dir = Files.createTempDirectory(scratch, "add");
    int counter = 0;
    try (TarArchiveInputStream tar = TarInput.open(archive)) {
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        String name = LayerEntry.normalize(t.getName());
        if (name.isEmpty()) {
          continue;
        }
        String path = ContextSource.join(targetDir, name);
        int mode = t.getMode() & 07777;
        int uid = (int) t.getLongUserId();
        int gid = (int) t.getLongGroupId();
        if (t.isDirectory()) {
          out.add(LayerEntry.directory(path, mode, uid, gid));
        } else if (t.isSymbolicLink()) {
          out.add(new LayerEntry(path, LayerEntry.Type.SYMLINK, mode, uid, gid, t.getLinkName(), null));
        } else if (t.isLink()) {
          String target = ContextSource.join(targetDir, LayerEntry.normalize(t.getLinkName()));
          out.add(new LayerEntry(path, LayerEntry.Type.HARDLINK, mode, uid, gid, target, null));
        } else if (t.isFile()) {
          Path file = dir.resolve("f" + counter++);
          Files.copy((InputStream) tar, file);
          out.add(LayerEntry.file(path, mode, uid, gid, LayerEntry.Content.of(file)));
        }
      }
    }
    return out;
  }
}
