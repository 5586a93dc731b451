package io.splice.image.build;

import io.splice.image.dockerfile.DockerIgnore;
import io.splice.image.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The build context as COPY and ADD read it: sources matched by path or pattern, directories
 * walked in sorted order, {@code .dockerignore} applied, and modes normalised (directories and
 * owner-executable files 0755, other files 0644) so that a checkout's umask does not change a
 * digest.
 */
final class ContextSource {
  static final int DIR_MODE = 0755;
  static final int EXEC_MODE = 0755;
  static final int FILE_MODE = 0644;

  private final Path root;
  private final DockerIgnore ignore;

  ContextSource(Path root, DockerIgnore ignore) {
    this.root = root.toAbsolutePath().normalize();
    this.ignore = ignore;
  }

  /**
   * The context paths (relative, {@code /}-separated, {@code ""} for the root) a source names; a
   * source outside the context is an {@link IllegalArgumentException}.
   */
  List<String> match(String source) throws IOException {
    String rel = source.replace('\\', '/');
    while (rel.startsWith("/")) {
      rel = rel.substring(1);
    }
    Path resolved = root.resolve(rel.isEmpty() ? "." : rel).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("source " + source + " is outside the build context");
    }
    String clean = LayerEntry.normalize(root.relativize(resolved).toString().replace('\\', '/'));
    List<String> out = new ArrayList<>();
    if (!Glob.isPattern(clean)) {
      if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS) && !ignore.ignores(clean)) {
        out.add(clean);
      }
      return out;
    }
    Pattern pattern = Glob.compile(clean);
    int depth = clean.split("/").length;
    try (var stream = Files.walk(root, depth)) {
      stream
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.isEmpty() && pattern.matcher(p).matches() && !ignore.ignores(p))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  Path path(String relative) {
    return relative.isEmpty() ? root : root.resolve(relative);
  }

  boolean isDirectory(String relative) {
    return Files.isDirectory(path(relative));
  }

  /** A file or symlink of the context as an entry at {@code target}. */
  LayerEntry entry(String relative, String target) throws IOException {
    Path p = path(relative);
    if (Files.isSymbolicLink(p)) {
      return LayerEntry.symlink(target, Files.readSymbolicLink(p).toString(), 0, 0);
    }
    if (Files.isDirectory(p)) {
      return LayerEntry.directory(target, DIR_MODE, 0, 0);
    }
    boolean exec = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
    return LayerEntry.file(target, exec ? EXEC_MODE : FILE_MODE, 0, 0, LayerEntry.Content.of(p));
  }

  /** Everything below a context directory, as entries below {@code targetDir}. */
  List<LayerEntry> walk(String relativeDir, String targetDir) throws IOException {
    Path dir = path(relativeDir);
    List<LayerEntry> out = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (d.equals(dir)) {
          return FileVisitResult.CONTINUE;
        }
        String rel = contextRelative(d);
        if (ignore.ignores(rel)) {
          return ignore.hasExceptions() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }
        out.add(entry(rel, join(targetDir, dir.relativize(d).toString())));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        String rel = contextRelative(f);
        if (!ignore.ignores(rel) && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
          out.add(entry(rel, join(targetDir, dir.relativize(f).toString())));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  private String contextRelative(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }
}
