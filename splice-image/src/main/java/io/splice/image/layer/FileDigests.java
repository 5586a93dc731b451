package io.splice.image.layer;

import io.splice.image.oci.Digests;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of build-context files, remembered between builds by what {@code stat} says of
 * them (size, modification and change time in nanoseconds, inode), so that a rebuild reads only
 * the files that changed. A file changed less than {@value #RACY_MILLIS} ms before it was hashed
 * is not remembered: a second write in the same clock tick could leave its times unchanged (the
 * "racy" case Git guards against the same way).
 *
 * <pre>
 * CACHE/context-digests   one line a file: SIZE MTIME_NS CTIME_NS INODE sha256:HEX PATH
 * </pre>
 */
public final class FileDigests {
  static final long RACY_MILLIS = 2000;
  private static final String ATTRIBUTES = "unix:size,lastModifiedTime,ctime,ino";

  private final Path file;
  private final long racyMillis;
  private final Map<String, Entry> entries = new HashMap<>();
  private boolean changed;
  /** How many files were read; for tests. */
  int reads;

  private record Entry(long size, long mtime, long ctime, long inode, String digest) {}

  private FileDigests(Path file, long racyMillis) {
    this.file = file;
    this.racyMillis = racyMillis;
  }

  /** The digests remembered in {@code file}; a missing or damaged file remembers nothing. */
  public static FileDigests load(Path file) {
    return load(file, RACY_MILLIS);
  }

  static FileDigests load(Path file, long racyMillis) {
    FileDigests digests = new FileDigests(file, racyMillis);
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ", 6);
        if (parts.length == 6) {
          digests.entries.put(parts[5], new Entry(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
              Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts[4]));
        }
      }
    } catch (IOException | RuntimeException e) {
      digests.entries.clear();
    }
    return digests;
  }

  /** The content digest of a regular file, read only when its metadata changed. */
  public synchronized String digest(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    String key = absolute.toString();
    Entry known = entries.get(key);
    Entry now = stat(absolute, null);
    if (known != null && now.size() == known.size() && now.mtime() == known.mtime() && now.ctime() == known.ctime()
        && now.inode() == known.inode()) {
      return known.digest();
    }
    String digest = Digests.of(absolute);
    reads++;
    Entry after = stat(absolute, digest);
    boolean racy = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(Math.max(after.mtime(), after.ctime())) < racyMillis;
    if (after.equals(new Entry(now.size(), now.mtime(), now.ctime(), now.inode(), digest)) && !racy) {
      entries.put(key, after);
      changed = true;
    } else if (entries.remove(key) != null) {
      changed = true;
    }
    return digest;
  }

  /** Writes the remembered digests back, when there is something new. */
  public synchronized void save() throws IOException {
    if (!changed) {
      return;
    }
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".digests", ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Entry> e : new java.util.TreeMap<>(entries).entrySet()) {
        Entry v = e.getValue();
        if (e.getKey().indexOf('\n') >= 0) {
          continue;
        }
        out.write(v.size() + " " + v.mtime() + " " + v.ctime() + " " + v.inode() + " " + v.digest() + " " + e.getKey());
        out.newLine();
      }
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    changed = false;
  }

  private static Entry stat(Path path, String digest) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    return new Entry((Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS), (Long) a.get("ino"), digest);
  }
}
