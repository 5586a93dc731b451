package io.splice.image.layer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One entry of a layer to write: a path in the image (relative, without a leading {@code /}),
 * its type, mode, owner and, for files, where its content comes from.
 *
 * @param mode permission bits, including setuid, setgid and sticky ({@code 04755})
 * @param linkTarget the target of a symlink or hard link, else null
 * @param content the content of a regular file, else null
 */
public record LayerEntry(
    String path, Type type, int mode, int uid, int gid, String linkTarget, Content content) {

  /** The kinds of entry a layer holds. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK
  }

  /** Where a regular file's bytes come from. */
  public interface Content {
    long size() throws IOException;

    InputStream open() throws IOException;

    /** The file the content is read from, or null when it is not one file on disk. */
    default Path file() {
      return null;
    }

    /** Content read from a file on disk. */
    static Content of(Path file) {
      return new Content() {
        @Override
        public Path file() {
          return file;
        }

        @Override
        public long size() throws IOException {
          return Files.size(file);
        }

        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file);
        }
      };
    }

    /** Content held in memory. */
    static Content of(byte[] bytes) {
      return new Content() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public InputStream open() {
          return new ByteArrayInputStream(bytes);
        }
      };
    }
  }

  public LayerEntry {
    path = normalize(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("path: empty (expected: a path below /)");
    }
  }

  public static LayerEntry directory(String path, int mode, int uid, int gid) {
    return new LayerEntry(path, Type.DIRECTORY, mode, uid, gid, null, null);
  }

  public static LayerEntry file(String path, int mode, int uid, int gid, Content content) {
    return new LayerEntry(path, Type.FILE, mode, uid, gid, null, content);
  }

  public static LayerEntry symlink(String path, String target, int uid, int gid) {
    return new LayerEntry(path, Type.SYMLINK, 0777, uid, gid, target, null);
  }

  /** This entry with another owner. */
  public LayerEntry withOwner(int newUid, int newGid) {
    return new LayerEntry(path, type, mode, newUid, newGid, linkTarget, content);
  }

  /** This entry with other permission bits (symlinks keep theirs). */
  public LayerEntry withMode(int newMode) {
    return type == Type.SYMLINK ? this : new LayerEntry(path, type, newMode, uid, gid, linkTarget, content);
  }

  /** This entry at another path. */
  public LayerEntry withPath(String newPath) {
    return new LayerEntry(newPath, type, mode, uid, gid, linkTarget, content);
  }

  /** {@code /a//b/./c/} as {@code a/b/c}; {@code ..} cannot climb above the root. */
  public static String normalize(String path) {
    StringBuilder out = new StringBuilder();
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    for (String part : parts) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }
}
