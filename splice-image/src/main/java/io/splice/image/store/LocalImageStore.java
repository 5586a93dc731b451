package io.splice.image.store;

import io.splice.image.oci.Descriptor;
import io.splice.image.oci.MediaTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images this machine has built, kept as an OCI image layout whose {@code index.json} names
 * each manifest by its full {@code name:tag}; its blob directory is shared with the layer cache.
 *
 * <pre>
 * STORE/index.json     {"manifests":[{"digest":"sha256:...","annotations":{"org.opencontainers.image.ref.name":"catalog:1"}}]}
 * STORE/blobs/sha256/  manifests, configs and layers
 * STORE/cache/         the layer cache's entries
 * STORE/snapshots/     layers unpacked for RUN (overlayfs lower directories)
 * STORE/headers/       the tar headers of layers read once (see LayerHeaders)
 * STORE/.lock          shared by builds, taken alone by a prune (see StoreLock)
 * </pre>
 */
public final class LocalImageStore {
  private final OciLayout layout;

  private LocalImageStore(OciLayout layout) {
    this.layout = layout;
  }

  /** Opens the store in {@code dir}, creating it when needed. */
  public static LocalImageStore open(Path dir) throws IOException {
    return new LocalImageStore(OciLayout.create(dir));
  }

  public OciLayout layout() {
    return layout;
  }

  public Path cacheDir() {
    return layout.dir().resolve("cache");
  }

  /** Where the tar headers of layers are kept, so that a cached step indexes a layer without decompressing it. */
  public Path headersDir() {
    return layout.dir().resolve("headers");
  }

  /** Where RUN keeps layers unpacked between builds. */
  public Path snapshotsDir() {
    return layout.dir().resolve("snapshots");
  }

  /** Names an image {@code name} (a tag of {@code latest} is implied). */
  public void tag(ImageName name, Descriptor manifest) throws IOException {
    layout.tag(manifest, name.toString(), Map.of());
  }

  /** The image named {@code name}, if this store has it. */
  public Optional<StoredImage> find(ImageName name) throws IOException {
    Optional<Descriptor> d = layout.find(name.toString());
    return d.isEmpty() ? Optional.empty() : Optional.of(layout.read(d.get()));
  }

  /** Every named image, sorted by name. */
  public List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Descriptor d : layout.index().manifests()) {
      String name = d.annotation(MediaTypes.REF_NAME);
      if (name != null) {
        out.add(new Entry(name, d.digest(), layout.read(d).size()));
      }
    }
    out.sort(java.util.Comparator.comparing(Entry::name));
    return out;
  }

  /** One line of {@link #list()}. */
  public record Entry(String name, String digest, long size) {}
}
