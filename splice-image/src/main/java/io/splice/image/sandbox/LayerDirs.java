package io.splice.image.sandbox;

import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.TarInput;
import io.splice.image.oci.Digests;
import io.splice.image.store.Snapshots;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Layers unpacked once each into the store, as overlayfs lower directories, so that a {@code RUN}
 * mounts its stage's layers instead of unpacking them (as BuildKit's and containerd's overlay
 * snapshotters do). A directory holds one layer in overlayfs's own format: a deleted path is a
 * character device 0/0, a directory emptied of lower content carries the {@code
 * user.overlay.opaque=y} attribute (mounts use {@code userxattr}). A {@code RUN}'s upper directory
 * is already in that format and becomes its layer's directory as it is.
 *
 * <pre>
 * STORE/snapshots/HEX/     the layer whose blob digest is sha256:HEX, unpacked
 * STORE/snapshots/.tmp-N/  one being unpacked, renamed into place when complete
 * STORE/snapshots/.used/   when each was last used ({@link Snapshots})
 * </pre>
 *
 * A directory, once in place, is never changed: overlayfs only reads lower directories. A build
 * ends by trimming the directories to the most recently used ({@link #trim}).
 */
public final class LayerDirs {
  /** The attribute (in the {@code user.} namespace) that marks an opaque directory. */
  static final String OPAQUE_XATTR = "overlay.opaque";

  /** Leftover unpacking folders older than this are from builds that died; they are removed. */
  private static final long STALE_TMP_MILLIS = 60 * 60 * 1000L;

  private final Path root;
  private final Snapshots snapshots;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  /** The layers this build used, by hex digest: trimming spares them. */
  private final Set<String> used = ConcurrentHashMap.newKeySet();
  /** Layers being unpacked in the background, by digest. */
  private final Map<String, Future<Path>> pending = new ConcurrentHashMap<>();
  private ExecutorService background;

  /** A layer that cannot be unpacked as an overlayfs layer; the caller unpacks the whole root instead. */
  public static final class Unsupported extends IOException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message);
    }
  }

  public LayerDirs(Path root) {
    this.root = root;
    this.snapshots = new Snapshots(root);
  }

  /** A layer: its blob's digest and file. */
  public record Layer(String digest, Path blob) {}

  /**
   * Starts unpacking, on one background thread and in order, the layers that are not unpacked
   * yet, so that a later {@link #ensure} finds them ready: a stage's base layers while its first
   * steps run, a {@code COPY}'s layer while the next steps are prepared.
   *
   * @param layers the stage's layers, bottom first
   */
  public synchronized void prefetch(List<Layer> layers) {
    List<Path> below = new ArrayList<>();
    for (Layer layer : layers) {
      Path dir = dir(layer.digest());
      List<Path> under = List.copyOf(below);
      below.add(0, dir);
      if (known.contains(layer.digest()) || pending.containsKey(layer.digest())) {
        continue;
      }
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        known.add(layer.digest());
        markUsed(layer.digest());
        continue;
      }
      if (background == null) {
        background = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "splice-layer-unpack");
          t.setDaemon(true);
          return t;
        });
      }
      pending.put(layer.digest(), background.submit(() -> unpack(layer.digest(), layer.blob(), under)));
    }
  }

  /**
   * Removes unpacked layers beyond the {@code keep} most recently used, except those this build
   * used (call after {@link #close}); returns the bytes freed.
   */
  public long trim(int keep) throws IOException {
    return snapshots.trim(keep, Set.copyOf(used));
  }

  /** Records the use of a layer once per build; losing the record only makes it an earlier candidate for trimming. */
  private void markUsed(String digest) {
    String hex = Digests.hex(digest);
    if (used.add(hex)) {
      try {
        snapshots.markUsed(hex);
      } catch (IOException e) {
        // see above
      }
    }
  }

  /** Waits for the background unpacking (a build ends with this). */
  public void close() {
    ExecutorService running;
    synchronized (this) {
      running = background;
      background = null;
    }
    if (running != null) {
      running.shutdown();
      try {
        running.awaitTermination(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public Path root() {
    return root;
  }

  /** Where the layer with this digest is (or would be) unpacked. */
  public Path dir(String digest) {
    return root.resolve(Digests.hex(digest));
  }

  /**
   * The directory of the layer {@code digest}, unpacking {@code blob} when it is not there yet.
   *
   * @param below the directories of the layers under it, nearest first, for hard links into them
   */
  public Path ensure(String digest, Path blob, List<Path> below) throws IOException {
    Future<Path> future = pending.get(digest);
    if (future != null) {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while unpacking layer " + digest, e);
      } catch (ExecutionException e) {
        pending.remove(digest, future);
        if (e.getCause() instanceof IOException) {
          throw (IOException) e.getCause();
        }
        throw new IOException("cannot unpack layer " + digest + ": " + e.getCause(), e.getCause());
      }
    }
    return unpack(digest, blob, below);
  }

  private Path unpack(String digest, Path blob, List<Path> below) throws IOException {
    Path dir = dir(digest);
    markUsed(digest);
    if (known.contains(digest) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      known.add(digest);
      return dir;
    }
    Files.createDirectories(root);
    removeStale();
    Path tmp = Files.createTempDirectory(root, ".tmp-");
    Files.setAttribute(tmp, "unix:mode", 0755);
    try {
      extract(blob, tmp, below);
      place(tmp, dir);
    } finally {
      RootfsDir.deleteTree(tmp);
    }
    known.add(digest);
    return dir;
  }

  private final java.util.concurrent.atomic.AtomicBoolean staleChecked = new java.util.concurrent.atomic.AtomicBoolean();

  /** Removes unpacking folders that builds which died left behind; once per instance. */
  private void removeStale() {
    if (!staleChecked.compareAndSet(false, true)) {
      return;
    }
    long now = System.currentTimeMillis();
    try (DirectoryStream<Path> tmps = Files.newDirectoryStream(root, ".tmp-*")) {
      for (Path tmp : tmps) {
        if (now - Files.getLastModifiedTime(tmp, LinkOption.NOFOLLOW_LINKS).toMillis() > STALE_TMP_MILLIS) {
          RootfsDir.deleteTree(tmp);
        }
      }
    } catch (IOException e) {
      // a leftover folder only takes space
    }
  }

  /**
   * Takes over a {@code RUN}'s upper directory as the directory of the layer {@code digest} made
   * from it; when another build placed it first, the upper directory is deleted.
   */
  public void adopt(String digest, Path upper) throws IOException {
    Path dir = dir(digest);
    markUsed(digest);
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      RootfsDir.deleteTree(upper);
    } else {
      Files.createDirectories(root);
      place(upper, dir);
      if (Files.exists(upper, LinkOption.NOFOLLOW_LINKS)) {
        RootfsDir.deleteTree(upper);
      }
    }
    known.add(digest);
  }

  /**
   * Where a file of the merged view of {@code layers} (top first) is on the host, or null: the
   * topmost layer that has the path decides, a whiteout hides it, and an opaque directory hides
   * what lies below it. Symlinks are not followed.
   */
  static Path find(List<Path> layers, String relative) throws IOException {
    String clean = LayerEntry.normalize(relative);
    for (Path layer : layers) {
      Path p = layer.resolve(clean);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
      }
      for (int slash = clean.indexOf('/'); slash >= 0; slash = clean.indexOf('/', slash + 1)) {
        Path ancestor = layer.resolve(clean.substring(0, slash));
        if (Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)
            && (!Files.isDirectory(ancestor, LinkOption.NOFOLLOW_LINKS) || isOpaque(ancestor))) {
          return null;
        }
      }
    }
    return null;
  }

  static boolean isOpaque(Path dir) {
    try {
      UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null || !view.list().contains(OPAQUE_XATTR)) {
        return false;
      }
      ByteBuffer value = ByteBuffer.allocate(view.size(OPAQUE_XATTR));
      view.read(OPAQUE_XATTR, value);
      return new String(value.array(), 0, value.position(), StandardCharsets.UTF_8).equals("y");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void place(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // another build placed the same layer; ours is deleted by the caller
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot move " + from + " into " + to.getParent() + " atomically", e);
    } catch (IOException e) {
      if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
    }
  }

  /** Unpacks a layer blob into an empty directory, in overlayfs's format. */
  static void extract(Path blob, Path dir, List<Path> below) throws IOException {
    List<Path> whiteouts = new ArrayList<>();
    List<Path> opaque = new ArrayList<>();
    Set<String> made = new HashSet<>();
    Set<String> symlinks = new HashSet<>();
    Set<String> setgid = new HashSet<>();
    umask(dir);
    try (TarArchiveInputStream tar = TarInput.open(blob)) {
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        String path = LayerEntry.normalize(t.getName());
        if (path.isEmpty()) {
          continue;
        }
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        String base = path.substring(slash + 1);
        parents(dir, parent, made, symlinks, below);
        if (base.equals(RootfsDir.OPAQUE)) {
          opaque.add(parent.isEmpty() ? dir : dir.resolve(parent));
        } else if (base.startsWith(RootfsDir.WHITEOUT)) {
          String target = (parent.isEmpty() ? "" : parent + "/") + base.substring(RootfsDir.WHITEOUT.length());
          if (!made.contains(target)) {
            whiteouts.add(dir.resolve(target));
          }
        } else if (write(dir, path, t, tar, below, made.contains(path), setgid.contains(parent))) {
          made.add(path);
          if (t.isDirectory() && (t.getMode() & 02000) != 0) {
            setgid.add(path);
          }
          if (t.isSymbolicLink()) {
            symlinks.add(path);
          }
        }
      }
    }
    for (Path d : opaque) {
      Files.createDirectories(d);
      UserDefinedFileAttributeView view = Files.getFileAttributeView(d, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        throw new Unsupported("the file system of " + d + " has no user attributes");
      }
      view.write(OPAQUE_XATTR, ByteBuffer.wrap("y".getBytes(StandardCharsets.UTF_8)));
    }
    mknodWhiteouts(whiteouts);
  }

  /**
   * Makes the parent directories an entry needs. A parent that is a symlink, in this layer or
   * the layers below, would send the entry elsewhere in the merged view: unsupported here.
   */
  private static void parents(Path dir, String parent, Set<String> made, Set<String> symlinks, List<Path> below)
      throws IOException {
    if (parent.isEmpty() || made.contains(parent)) {
      return;
    }
    String current = "";
    for (String part : parent.split("/")) {
      current = current.isEmpty() ? part : current + "/" + part;
      if (symlinks.contains(current)) {
        throw new Unsupported(parent + " passes through the symlink " + current + " of the same layer");
      }
      if (made.contains(current)) {
        continue;
      }
      for (Path lower : below) {
        Path p = lower.resolve(current);
        if (Files.isSymbolicLink(p)) {
          throw new Unsupported(parent + " passes through the symlink " + current + " of a lower layer");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          break;
        }
      }
      Path d = dir.resolve(current);
      if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(d);
      }
      made.add(current);
    }
  }

  /**
   * Writes one entry. The owner and mode are set only where the new file's differ: a file this
   * process (root) makes is owned by 0:0 (unless its directory is setgid) and has the mode the
   * umask leaves; on this build's file systems every system call that creates or changes a file
   * counts.
   *
   * @param again whether the layer had an entry at this path already
   * @param inSetgidDir whether the parent directory passes its group on
   */
  private static boolean write(Path dir, String path, TarArchiveEntry t, TarArchiveInputStream tar, List<Path> below,
      boolean again, boolean inSetgidDir) throws IOException {
    Path target = dir.resolve(path);
    if (again && !(t.isDirectory() && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
      RootfsDir.deleteTree(target);
    }
    if (t.isDirectory()) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(target);
      }
    } else if (t.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(t.getLinkName()));
    } else if (t.isLink()) {
      String linked = LayerEntry.normalize(t.getLinkName());
      Path source = dir.resolve(linked);
      if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        Files.createLink(target, source);
        return true;
      }
      Path lower = find(below, linked);
      if (lower == null) {
        throw new IOException(path + ": hard link to " + linked + ", which no layer has");
      }
      Files.copy(lower, target, StandardCopyOption.COPY_ATTRIBUTES);
    } else if (t.isFile()) {
      Files.copy((InputStream) tar, target);
      Files.setLastModifiedTime(target, FileTime.from(t.getLastModifiedDate().toInstant()));
    } else {
      return false; // devices and fifos: a build has no use for them
    }
    int uid = (int) t.getLongUserId();
    int gid = (int) t.getLongGroupId();
    int mode = t.getMode() & 07777;
    boolean ownerAsMade = uid == 0 && gid == 0 && !inSetgidDir && !again;
    int made = (t.isDirectory() ? 0777 : 0666) & ~UMASK.get();
    if (t.isSymbolicLink()) {
      if (!ownerAsMade) {
        RootfsDir.setOwnerAndMode(target, uid, gid, mode, true);
      }
    } else if (!ownerAsMade || t.isLink()) {
      RootfsDir.setOwnerAndMode(target, uid, gid, mode, false);
    } else if (mode != made || t.isDirectory() && again) {
      Files.setAttribute(target, "unix:mode", mode);
    }
    return true;
  }

  /** This process's umask, found once with a probe folder in a new layer's folder. */
  private static final java.util.concurrent.atomic.AtomicInteger UMASK = new java.util.concurrent.atomic.AtomicInteger(-1);

  private static int umask(Path dir) throws IOException {
    int known = UMASK.get();
    if (known >= 0) {
      return known;
    }
    Path probe = Files.createDirectory(dir.resolve(".umask-probe"));
    int mode = (Integer) Files.getAttribute(probe, "unix:mode") & 0777;
    Files.delete(probe);
    UMASK.set(~mode & 0777);
    return UMASK.get();
  }

  /** Makes each path a whiteout (a character device 0/0), with one {@code mknod} process for all. */
  private static void mknodWhiteouts(List<Path> whiteouts) throws IOException {
    for (int from = 0; from < whiteouts.size(); from += 500) {
      List<String> command = new ArrayList<>(List.of("sh", "-c",
          "for p; do mknod \"$p\" c 0 0 || exit 1; done", "sh"));
      for (Path p : whiteouts.subList(from, Math.min(whiteouts.size(), from + 500))) {
        Files.createDirectories(p.getParent());
        command.add(p.toString());
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new Unsupported("cannot make whiteouts with mknod: " + out.strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IOException("interrupted while making whiteouts", e);
      }
    }
  }
}
