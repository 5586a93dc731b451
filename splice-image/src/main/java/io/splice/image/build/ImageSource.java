package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.layer.RootFs;
import io.splice.image.oci.Descriptor;
import io.splice.image.registry.ImageReference;
import io.splice.image.registry.Registries;
import io.splice.image.store.DockerArchiveReader;
import io.splice.image.store.ImageName;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds an image that {@code FROM} or {@code COPY --from} names, and copies its blobs into the
 * local store:
 *
 * <pre>
 * oci-layout:PATH[:TAG]             an OCI image layout (PATH relative to the context)
 * docker-archive:PATH[:NAME[:TAG]]  a tar from docker save or --docker-archive (PATH relative to the context)
 * HOST[:PORT]/NAME[:TAG][@DIGEST]   a registry; the store's copy when the registry cannot be reached
 * NAME[:TAG]                        the local store
 * </pre>
 *
 * Each image is resolved once per build, so a {@code FROM} and a {@code COPY --from} of the same
 * registry image pull it once.
 */
final class ImageSource {
  static final String OCI_LAYOUT_PREFIX = "oci-layout:";
  static final String DOCKER_ARCHIVE_PREFIX = "docker-archive:";

  /**
   * A resolved image.
   *
   * @param name the name as written (after substitution), for {@code org.opencontainers.image.base.name}
   * @param digest the manifest digest to record as the base: the registry's for a pulled image
   */
  record Resolved(StoredImage image, String name, String digest) {}

  private ImageSource() {}

  /**
   * The image {@code image} names.
   *
   * @param notFound what to say before "image NAME is not in the local store", or ""
   */
  static Resolved resolve(BuildSession session, Instruction at, String image, String notFound) throws ImageFailure {
    Resolved known = session.images.get(image);
    if (known != null) {
      return known;
    }
    Resolved resolved;
    try {
      if (image.startsWith(OCI_LAYOUT_PREFIX)) {
        resolved = fromLayout(session, at, image);
      } else if (image.startsWith(DOCKER_ARCHIVE_PREFIX)) {
        resolved = fromArchive(session, at, image);
      } else if (ImageReference.isRegistryReference(image)) {
        resolved = fromRegistry(session, at, image);
      } else {
        resolved = fromStore(session, at, image, notFound);
      }
    } catch (IOException e) {
      throw session.error(at, "cannot read " + (at instanceof Instruction.From ? "base " : "") + "image " + image
          + ": " + e.getMessage(), e);
    }
    session.images.put(image, resolved);
    return resolved;
  }

  /** The filesystem of a resolved image, indexed once per build. */
  static RootFs fileSystem(BuildSession session, Instruction at, Resolved image) throws ImageFailure {
    RootFs fs = session.imageFileSystems.get(image.image().digest());
    if (fs != null) {
      return fs;
    }
    fs = new RootFs();
    try {
      for (Descriptor layer : image.image().manifest().layers()) {
        session.applyLayer(fs, layer.digest());
      }
    } catch (IOException e) {
      throw session.error(at, "cannot read image " + image.name() + ": " + e.getMessage(), e);
    }
    session.imageFileSystems.put(image.image().digest(), fs);
    return fs;
  }

  private static Resolved fromStore(BuildSession session, Instruction at, String image, String notFound)
      throws IOException, ImageFailure {
    ImageName name;
    try {
      name = ImageName.parse(image);
    } catch (IllegalArgumentException e) {
      throw session.error(at, notFound + e.getMessage());
    }
    Optional<StoredImage> stored = session.store.find(name);
    if (stored.isEmpty()) {
      throw session.error(at, notFound + "image " + name + " is not in the local store (build it first, or use"
          + " oci-layout:PATH[:TAG] or docker-archive:PATH[:NAME[:TAG]]; or name a registry image as"
          + " HOST[:PORT]/NAME[:TAG])");
    }
    return new Resolved(stored.get(), name.toString(), stored.get().digest());
  }

  private static Resolved fromRegistry(BuildSession session, Instruction at, String image)
      throws IOException, ImageFailure {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw session.error(at, e.getMessage());
    }
    Registries.Pulled pulled;
    try {
      pulled = Registries.pull(reference, session.registry, session.store.layout(), session.scratch);
    } catch (ImageFailure e) {
      Optional<StoredImage> local = reference.digest() == null ? localCopy(session, reference) : Optional.empty();
      if (local.isEmpty()) {
        throw session.error(at, e.getMessage(), e.getCause());
      }
      session.warn(session.dockerfile.name() + ":" + at.lines().first() + ": " + e.getMessage()
          + "; using the copy in the local store");
      return new Resolved(local.get(), reference.toString(), local.get().digest());
    }
    if (reference.digest() == null) {
      session.store.tag(localName(reference), pulled.image().descriptor());
    }
    return new Resolved(pulled.image(), reference.toString(), pulled.registryDigest());
  }

  private static Optional<StoredImage> localCopy(BuildSession session, ImageReference reference) throws IOException {
    try {
      return session.store.find(localName(reference));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ImageName localName(ImageReference reference) {
    return ImageName.parse(reference.registry() + "/" + reference.repository() + ":" + reference.tag());
  }

  private static Resolved fromLayout(BuildSession session, Instruction at, String image)
      throws IOException, ImageFailure {
    String rest = image.substring(OCI_LAYOUT_PREFIX.length());
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    Path dir = session.request.contextDir().resolve(rest);
    OciLayout layout = OciLayout.open(dir);
    Optional<Descriptor> descriptor = layout.find(tag);
    if (descriptor.isEmpty()) {
      throw session.error(
          at,
          tag == null
              ? "the OCI layout " + rest + " holds several images; name one as oci-layout:PATH:TAG"
              : "the OCI layout " + rest + " has no image tagged " + tag);
    }
    StoredImage base = layout.read(descriptor.get());
    session.store.layout().copyBlobs(layout, base);
    return new Resolved(base, image, base.digest());
  }

  private static Resolved fromArchive(BuildSession session, Instruction at, String image)
      throws IOException, ImageFailure {
    String rest = image.substring(DOCKER_ARCHIVE_PREFIX.length());
    int colon = rest.indexOf(':');
    String path = colon < 0 ? rest : rest.substring(0, colon);
    String reference = colon < 0 ? null : rest.substring(colon + 1);
    if (path.isEmpty()) {
      throw session.error(at, "docker-archive: needs a path (expected: docker-archive:PATH[:NAME[:TAG]])");
    }
    StoredImage stored;
    try {
      stored = DockerArchiveReader.read(session.request.contextDir().resolve(path).normalize(), reference,
          session.store.layout(), session.scratch);
    } catch (DockerArchiveReader.NotFound e) {
      throw session.error(at, e.getMessage());
    }
    return new Resolved(stored, image, stored.digest());
  }
}
