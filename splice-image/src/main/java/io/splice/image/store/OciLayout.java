package io.splice.image.store;

import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.ImageIndex;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.MediaTypes;
import io.splice.image.oci.OciJson;
import io.splice.image.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OCI image layout directory:
 *
 * <pre>
 * DIR/oci-layout            {"imageLayoutVersion":"1.0.0"}
 * DIR/index.json            an {@link ImageIndex}; each manifest named by org.opencontainers.image.ref.name
 * DIR/blobs/sha256/HEX      manifests, configs and layers
 * </pre>
 */
public final class OciLayout {
  private static final byte[] LAYOUT_MARKER =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private final Path dir;
  private final BlobStore blobs;

  private OciLayout(Path dir) {
    this.dir = dir;
    this.blobs = new BlobStore(dir);
  }

  /** Opens an existing layout; fails when {@code dir} has no {@code index.json}. */
  public static OciLayout open(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve("index.json"))) {
      throw new IOException(dir + " is not an OCI image layout (no index.json)");
    }
    return new OciLayout(dir);
  }

  /** Opens a layout, creating an empty one when needed. */
  public static OciLayout create(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    if (!Files.exists(dir.resolve("oci-layout"))) {
      Files.write(dir.resolve("oci-layout"), LAYOUT_MARKER);
    }
    OciLayout layout = new OciLayout(dir);
    if (!Files.exists(dir.resolve("index.json"))) {
      layout.writeIndex(ImageIndex.of(List.of()));
    }
    return layout;
  }

  public Path dir() {
    return dir;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public ImageIndex index() throws IOException {
    return OciJson.read(Files.readAllBytes(dir.resolve("index.json")), ImageIndex.class);
  }

  /** Names a manifest: replaces any entry with the same ref name and writes {@code index.json}. */
  public synchronized void tag(Descriptor manifest, String refName, Map<String, String> extra)
      throws IOException {
    Map<String, String> annotations = new TreeMap<>(extra);
    annotations.put(MediaTypes.REF_NAME, refName);
    List<Descriptor> manifests = new ArrayList<>();
    for (Descriptor d : index().manifests()) {
      if (!refName.equals(d.annotation(MediaTypes.REF_NAME))) {
        manifests.add(d);
      }
    }
    manifests.add(manifest.withAnnotations(annotations));
    manifests.sort(java.util.Comparator.comparing(d -> String.valueOf(d.annotation(MediaTypes.REF_NAME))));
    writeIndex(ImageIndex.of(manifests));
  }

  /** The manifest named {@code refName}; with no name, the only one in the layout. */
  public Optional<Descriptor> find(String refName) throws IOException {
    List<Descriptor> manifests = index().manifests();
    if (refName == null) {
      return manifests.size() == 1 ? Optional.of(manifests.get(0)) : Optional.empty();
    }
    return manifests.stream().filter(d -> refName.equals(d.annotation(MediaTypes.REF_NAME))).findFirst();
  }

  /** Reads an image; an index is resolved to this machine's platform. */
  public StoredImage read(Descriptor descriptor) throws IOException {
    Descriptor current = descriptor;
    for (int depth = 0; MediaTypes.isIndex(current.mediaType()); depth++) {
      ImageIndex nested = OciJson.read(blobs.read(current.digest()), ImageIndex.class);
      current = pickPlatform(nested.manifests(), current.digest());
      if (depth > 4) {
        throw new IOException("image index " + descriptor.digest() + " is nested too deeply");
      }
    }
    Manifest manifest = OciJson.read(blobs.read(current.digest()), Manifest.class);
    ImageConfig config = OciJson.read(blobs.read(manifest.config().digest()), ImageConfig.class);
    return new StoredImage(current, manifest, config);
  }

  /** Writes a manifest blob (its config and layers must already be in {@link #blobs()}). */
  public Descriptor writeManifest(Manifest manifest) throws IOException {
    byte[] bytes = OciJson.write(manifest);
    String digest = blobs.put(bytes);
    return Descriptor.of(MediaTypes.MANIFEST, digest, bytes.length);
  }

  /** Copies an image's blobs from another layout into this one. */
  public void copyBlobs(OciLayout from, StoredImage image) throws IOException {
    blobs.copyFrom(from.blobs, image.manifest().config().digest());
    for (Descriptor layer : image.manifest().layers()) {
      blobs.copyFrom(from.blobs, layer.digest());
    }
    blobs.copyFrom(from.blobs, image.digest());
  }

  private Descriptor pickPlatform(List<Descriptor> manifests, String indexDigest) throws IOException {
    Platform here = Platform.current();
    for (Descriptor d : manifests) {
      Platform p = d.platform();
      if (p != null && here.architecture().equals(p.architecture()) && here.os().equals(p.os())) {
        return d;
      }
    }
    if (manifests.size() == 1) {
      return manifests.get(0);
    }
    throw new IOException("image index " + indexDigest + " has no manifest for " + here.os() + "/" + here.architecture());
  }

  private void writeIndex(ImageIndex index) throws IOException {
    Path tmp = Files.createTempFile(dir, ".index", ".tmp");
    Files.write(tmp, OciJson.write(index));
    Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
