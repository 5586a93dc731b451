package io.splice.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A stage's filesystem as an index of paths over its layers, without unpacking them: each path
 * knows its type, mode, owner and where its content is (a layer blob, or a source the build
 * holds). Layers apply in order with OCI whiteouts ({@code .wh.NAME} removes NAME, {@code
 * .wh..wh..opq} empties a directory of what lower layers put there).
 */
public final class RootFs {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final int MAX_SYMLINKS = 40;

  private final TreeMap<String, Node> nodes;

  /** One path of the filesystem: its metadata, and its content's place for a regular file. */
  public record Node(LayerEntry entry, Path blob, String blobEntryName) {
    public String path() {
      return entry.path();
    }
  }

  public RootFs() {
    this(new TreeMap<>());
  }

  private RootFs(TreeMap<String, Node> nodes) {
    this.nodes = nodes;
  }

  /** An independent copy, for a stage that starts from another. */
  public RootFs copy() {
    return new RootFs(new TreeMap<>(nodes));
  }

  /** Applies a layer blob (tar, possibly compressed) on top. */
  public void applyLayer(Path blob) throws IOException {
    applyLayer(blob, LayerHeaders.scan(blob));
  }

  /** Applies a layer blob on top, given its tar headers ({@link LayerHeaders}). */
  public void applyLayer(Path blob, List<LayerHeaders.Header> headers) {
    List<Node> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> opaque = new ArrayList<>();
    for (LayerHeaders.Header h : headers) {
      String path = LayerEntry.normalize(h.name());
      if (path.isEmpty() || h.kind() == LayerHeaders.Kind.SPECIAL) {
        continue;
      }
      int slash = path.lastIndexOf('/');
      String dir = slash < 0 ? "" : path.substring(0, slash);
      String base = path.substring(slash + 1);
      if (base.equals(OPAQUE)) {
        opaque.add(dir);
      } else if (base.startsWith(WHITEOUT)) {
        removed.add((dir.isEmpty() ? "" : dir + "/") + base.substring(WHITEOUT.length()));
      } else {
        added.add(new Node(entryOf(path, h), blob, h.name()));
      }
    }
    opaque.forEach(dir -> children(dir).forEach(n -> nodes.remove(n.path())));
    removed.forEach(this::remove);
    added.forEach(n -> nodes.put(n.path(), n));
  }

  /** Applies entries whose content the build holds. */
  public void apply(List<LayerEntry> entries) {
    for (LayerEntry entry : entries) {
      if (entry.type() == LayerEntry.Type.DIRECTORY && nodes.containsKey(entry.path())
          && nodes.get(entry.path()).entry().type() != LayerEntry.Type.DIRECTORY) {
        remove(entry.path());
      }
      nodes.put(entry.path(), new Node(entry, null, null));
    }
  }

  /** The node at {@code path}, without following symlinks. */
  public Optional<Node> get(String path) {
    return Optional.ofNullable(nodes.get(LayerEntry.normalize(path)));
  }

  /** The node at {@code path}, following symlinks in every component. */
  public Optional<Node> resolve(String path) {
    String resolved = resolvePath(path);
    return resolved == null ? Optional.empty() : Optional.ofNullable(nodes.get(resolved));
  }

  /** {@code path} with its symlinks followed, or null when it does not exist. */
  public String resolvePath(String path) {
    String current = "";
    List<String> todo = new ArrayList<>(List.of(LayerEntry.normalize(path).split("/")));
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.remove(0);
      if (part.isEmpty()) {
        continue;
      }
      String next = current.isEmpty() ? part : current + "/" + part;
      Node node = nodes.get(next);
      if (node == null) {
        if (children(next).isEmpty()) {
          return null;
        }
        current = next;
        continue;
      }
      if (node.entry().type() == LayerEntry.Type.SYMLINK) {
        if (++links > MAX_SYMLINKS) {
          return null;
        }
        String target = node.entry().linkTarget();
        String joined = target.startsWith("/") ? target : (current.isEmpty() ? "" : current + "/") + target;
        List<String> rest = new ArrayList<>(List.of(LayerEntry.normalize(joined).split("/")));
        rest.addAll(todo);
        todo = rest;
        current = "";
        continue;
      }
      current = next;
    }
    return current;
  }

  /** Whether {@code path} exists and is a directory, following symlinks. */
  public boolean isDirectory(String path) {
    String resolved = resolvePath(path);
    if (resolved == null) {
      return false;
    }
    Node node = nodes.get(resolved);
    return node == null || node.entry().type() == LayerEntry.Type.DIRECTORY;
  }

  /** Everything below {@code dir} (not {@code dir} itself), sorted by path. */
  public List<Node> children(String dir) {
    String prefix = dir.isEmpty() ? "" : LayerEntry.normalize(dir) + "/";
    if (prefix.isEmpty()) {
      return List.copyOf(nodes.values());
    }
    return List.copyOf(nodes.subMap(prefix, prefix + Character.MAX_VALUE).values());
  }

  /** Every path, sorted. */
  public List<Node> all() {
    return List.copyOf(nodes.values());
  }

  /**
   * Layer entries for {@code selected} nodes with content the caller can read: content in layer
   * blobs is copied to files under {@code scratch}, each blob read once.
   */
  public Map<String, LayerEntry> materialize(List<Node> selected, Path scratch) throws IOException {
    Map<String, LayerEntry> out = new HashMap<>();
    Map<Path, Map<String, List<Node>>> byBlob = new HashMap<>();
    for (Node node : selected) {
      Node source = node;
      if (node.entry().type() == LayerEntry.Type.HARDLINK) {
        source = nodes.get(LayerEntry.normalize(node.entry().linkTarget()));
        if (source == null) {
          throw new IOException(node.path() + ": hard link to missing " + node.entry().linkTarget());
        }
      }
      LayerEntry e = node.entry();
      if (e.type() != LayerEntry.Type.FILE && e.type() != LayerEntry.Type.HARDLINK) {
        out.put(node.path(), e);
      } else if (source.blob() == null) {
        out.put(node.path(), new LayerEntry(e.path(), LayerEntry.Type.FILE, e.mode(), e.uid(), e.gid(), null, source.entry().content()));
      } else {
        byBlob
            .computeIfAbsent(source.blob(), b -> new HashMap<>())
            .computeIfAbsent(source.blobEntryName(), n -> new ArrayList<>())
            .add(node);
      }
    }
    for (Map.Entry<Path, Map<String, List<Node>>> blob : byBlob.entrySet()) {
      Map<String, List<Node>> wanted = blob.getValue();
      try (TarArchiveInputStream tar = TarInput.open(blob.getKey())) {
        for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
          List<Node> targets = wanted.get(t.getName());
          if (targets == null || !t.isFile()) {
            continue;
          }
          Path file = Files.createTempFile(scratch, "m", "");
          Files.copy((InputStream) tar, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          for (Node node : targets) {
            LayerEntry e = node.entry();
            out.put(
                node.path(),
                new LayerEntry(e.path(), LayerEntry.Type.FILE, e.mode(), e.uid(), e.gid(), null, LayerEntry.Content.of(file)));
          }
        }
      }
    }
    return out;
  }

  private void remove(String path) {
    nodes.remove(path);
    children(path).forEach(n -> nodes.remove(n.path()));
  }

  private static LayerEntry entryOf(String path, LayerHeaders.Header h) {
    int mode = h.mode() & 07777;
    int uid = (int) h.uid();
    int gid = (int) h.gid();
    switch (h.kind()) {
      case DIRECTORY:
        return LayerEntry.directory(path, mode, uid, gid);
      case SYMLINK:
        return new LayerEntry(path, LayerEntry.Type.SYMLINK, mode, uid, gid, h.linkName(), null);
      case HARDLINK:
        return new LayerEntry(path, LayerEntry.Type.HARDLINK, mode, uid, gid, h.linkName(), null);
      default:
        return new LayerEntry(path, LayerEntry.Type.FILE, mode, uid, gid, null, null);
    }
  }
}
