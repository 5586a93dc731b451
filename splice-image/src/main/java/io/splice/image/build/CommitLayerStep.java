package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.layer.CacheKey;
import io.splice.image.layer.Compression;
import io.splice.image.layer.LayerCache;
import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.LayerWriter;
import io.splice.image.layer.WrittenLayer;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.Digests;
import io.splice.image.oci.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Turns a step's entries into a layer of the stage, from the cache when it can. The cache key is
 * the parent's key, the instruction's keyword, a digest of the entries (paths, types, modes,
 * owners, link targets, content digests) and the build's time: everything the layer's bytes
 * depend on, so a one-file change misses here and in every later layer, and nothing else does.
 * {@code RUN} computes its own key (see {@code RunStep}) and produces its entries only on a miss.
 */
final class CommitLayerStep {
  private CommitLayerStep() {}

  /** Produces a layer's entries when the cache has no layer for its key. */
  interface Producer {
    List<LayerEntry> entries() throws ImageFailure, IOException;
  }

  /** Adds the layer; returns whether it came from the cache. */
  static boolean run(BuildSession session, StageState state, Instruction instruction, List<LayerEntry> entries)
      throws ImageFailure {
    try {
      String key = new CacheKey()
          .add(state.chainKey)
          .add(instruction.keyword())
          .add(inputsDigest(session, entries))
          .add(Long.toString(session.epoch.getEpochSecond()))
          .build();
      boolean cached = commit(session, state, instruction, key, () -> entries);
      state.fs.apply(entries);
      return cached;
    } catch (IOException e) {
      throw session.error(instruction, "cannot write the layer: " + e.getMessage(), e);
    }
  }

  /**
   * Adds the layer cached under {@code key}, or the one {@code producer} makes when there is
   * none; the stage's filesystem index then reads the layer itself, whiteouts included. Returns
   * whether it came from the cache.
   */
  static boolean runKeyed(BuildSession session, StageState state, Instruction instruction, String key,
      Producer producer) throws ImageFailure {
    try {
      boolean cached = commit(session, state, instruction, key, producer);
      session.applyLayer(state.fs, state.layers.get(state.layers.size() - 1).digest());
      return cached;
    } catch (IOException e) {
      throw session.error(instruction, "cannot write the layer: " + e.getMessage(), e);
    }
  }

  /**
   * Adds the layer that {@code linkKey}, a key known before the step's inputs are read, was
   * {@linkplain LayerCache#link linked} to; when there is none, the layer of {@code producer}'s
   * entries (keyed by their content, as {@link #run}) and a link to it for the next build. Later
   * steps chain on the content key either way. Returns whether the layer came from the cache.
   */
  static boolean runLinked(BuildSession session, StageState state, Instruction instruction, String linkKey,
      Producer producer) throws ImageFailure {
    try {
      String stored = stored(session, linkKey);
      Optional<LayerCache.Hit> hit = session.request.noCache() ? Optional.empty() : session.cache.find(stored);
      if (hit.isPresent() && hit.get().linkedKey() != null) {
        add(session, state, instruction, hit.get().digest(), hit.get().diffId(), hit.get().size(), true);
        state.chainKey = hit.get().linkedKey();
        session.applyLayer(state.fs, hit.get().digest());
        return true;
      }
      boolean cached = run(session, state, instruction, producer.entries());
      int top = state.layers.size() - 1;
      session.cache.link(stored, state.layers.get(top).digest(), state.diffIds.get(top), state.layers.get(top).size(),
          state.chainKey);
      return cached;
    } catch (IOException e) {
      throw session.error(instruction, "cannot write the layer: " + e.getMessage(), e);
    }
  }

  /** The key a layer is stored under: the compression is part of it, as it changes the blob. */
  private static String stored(BuildSession session, String key) {
    return new CacheKey().add(key).add(session.request.compression().cacheTag()).build();
  }

  private static boolean commit(BuildSession session, StageState state, Instruction instruction, String key,
      Producer producer) throws ImageFailure, IOException {
    Compression compression = session.request.compression();
    String stored = stored(session, key);
    Optional<LayerCache.Hit> hit = session.request.noCache() ? Optional.empty() : session.cache.find(stored);
    String digest;
    String diffId;
    long size;
    if (hit.isPresent()) {
      digest = hit.get().digest();
      diffId = hit.get().diffId();
      size = hit.get().size();
    } else {
      List<LayerEntry> entries = producer.entries();
      Path file = Files.createTempFile(session.scratch, "layer", ".tar");
      WrittenLayer layer = LayerWriter.write(entries, session.epoch, file, compression);
      session.store.layout().blobs().putFile(layer.file(), layer.digest());
      session.layerHeaders.put(session.store.layout().blobs().path(layer.digest()), layer.headers());
      session.cache.put(stored, layer.digest(), layer.diffId(), layer.size());
      digest = layer.digest();
      diffId = layer.diffId();
      size = layer.size();
    }
    add(session, state, instruction, digest, diffId, size, hit.isPresent());
    state.chainKey = key;
    return hit.isPresent();
  }

  private static void add(BuildSession session, StageState state, Instruction instruction, String digest,
      String diffId, long size, boolean cached) {
    state.layers.add(Descriptor.of(session.request.compression().mediaType(), digest, size));
    state.diffIds.add(diffId);
    state.history.add(new ImageConfig.History(session.epoch.toString(), instruction.text(), null, false));
    state.layerResults.add(new BuildOutput.BuiltLayer(digest, diffId, size, cached, instruction.text()));
  }

  private static String inputsDigest(BuildSession session, List<LayerEntry> entries) throws IOException {
    MessageDigest md = Digests.sha256();
    for (LayerEntry e : entries) {
      String content = e.content() == null ? "-" : contentDigest(session, e.content());
      String line = String.join("\0", e.path(), e.type().name(), Integer.toOctalString(e.mode()),
          Integer.toString(e.uid()), Integer.toString(e.gid()), String.valueOf(e.linkTarget()), content) + "\n";
      md.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return Digests.format(md);
  }

  /** A context file's digest comes from the digests remembered between builds; other content is read. */
  private static String contentDigest(BuildSession session, LayerEntry.Content content) throws IOException {
    Path file = content.file();
    if (file != null && file.toAbsolutePath().normalize().startsWith(session.contextRoot)) {
      return session.fileDigests.digest(file);
    }
    MessageDigest md = Digests.sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = content.open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return Digests.format(md);
  }
}
