package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Platform;
import io.splice.image.registry.ImageReference;
import io.splice.image.registry.Registries;
import io.splice.image.store.ImageName;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code FROM}: starts a stage from {@code scratch}, an earlier stage, an OCI image layout
 * ({@code oci-layout:PATH[:TAG]}, a relative path being relative to the context) or an image in
 * the local store. A base image's blobs are copied into the store and its layers indexed.
 */
final class FromStep {
  static final String OCI_LAYOUT_PREFIX = "oci-layout:";

  private FromStep() {}

  static StageState run(BuildSession session, Stage stage) throws ImageFailure {
    Instruction.From from = stage.from();
    String image = session.expand(from, from.image(), session.globalArgs);
    if (image.isEmpty()) {
      throw session.error(from, "image name is empty after substituting " + from.image());
    }
    if (image.equalsIgnoreCase("scratch")) {
      StageState state = new StageState(stage);
      state.architecture = Platform.current().architecture();
      return state;
    }
    Optional<Stage> parent = session.dockerfile.stage(image);
    if (parent.isPresent() && parent.get().index() < stage.index() && !image.matches("\\d+")) {
      return StageState.from(session.built.get(parent.get().index()), stage);
    }
    try {
      if (image.startsWith(OCI_LAYOUT_PREFIX)) {
        return fromLayout(session, stage, image);
      }
      if (ImageReference.isRegistryReference(image)) {
        return fromRegistry(session, stage, image);
      }
      ImageName name;
      try {
        name = ImageName.parse(image);
      } catch (IllegalArgumentException e) {
        throw session.error(from, e.getMessage());
      }
      Optional<StoredImage> stored = session.store.find(name);
      if (stored.isEmpty()) {
        throw session.error(
            from,
            "image " + name + " is not in the local store (build it first, or use oci-layout:PATH[:TAG];"
                + " or name a registry image as HOST[:PORT]/NAME[:TAG])");
      }
      return fromImage(session, stage, session.store.layout(), stored.get(), name.toString());
    } catch (IOException e) {
      throw session.error(from, "cannot read base image " + image + ": " + e.getMessage(), e);
    }
  }

  private static StageState fromRegistry(BuildSession session, Stage stage, String image)
      throws IOException, ImageFailure {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw session.error(stage.from(), e.getMessage());
    }
    Registries.Pulled pulled;
    try {
      pulled = Registries.pull(reference, session.request.registry(), session.store.layout(), session.scratch);
    } catch (ImageFailure e) {
      Optional<StoredImage> local = reference.digest() == null ? localCopy(session, reference) : Optional.empty();
      if (local.isEmpty()) {
        throw session.error(stage.from(), e.getMessage(), e.getCause());
      }
      session.warn(session.dockerfile.name() + ":" + stage.from().lines().first() + ": " + e.getMessage()
          + "; using the copy in the local store");
      return fromImage(session, stage, session.store.layout(), local.get(), reference.toString());
    }
    if (reference.digest() == null) {
      session.store.tag(ImageName.parse(reference.registry() + "/" + reference.repository() + ":" + reference.tag()),
          pulled.image().descriptor());
    }
    StageState state = fromImage(session, stage, session.store.layout(), pulled.image(), reference.toString());
    state.baseDigest = pulled.registryDigest();
    state.chainKey = pulled.registryDigest();
    return state;
  }

  private static Optional<StoredImage> localCopy(BuildSession session, ImageReference reference) throws IOException {
    try {
      return session.store.find(ImageName.parse(reference.registry() + "/" + reference.repository() + ":" + reference.tag()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static StageState fromLayout(BuildSession session, Stage stage, String image)
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
          stage.from(),
          tag == null
              ? "the OCI layout " + rest + " holds several images; name one as oci-layout:PATH:TAG"
              : "the OCI layout " + rest + " has no image tagged " + tag);
    }
    StoredImage base = layout.read(descriptor.get());
    session.store.layout().copyBlobs(layout, base);
    return fromImage(session, stage, session.store.layout(), base, image);
  }

  private static StageState fromImage(
      BuildSession session, Stage stage, OciLayout layout, StoredImage base, String name) throws IOException {
    StageState state = new StageState(stage);
    ImageConfig config = base.config();
    state.applyConfig(config.config());
    state.architecture = config.architecture() != null ? config.architecture() : Platform.current().architecture();
    state.os = config.os() != null ? config.os() : "linux";
    state.variant = config.variant();
    state.author = config.author();
    state.history.addAll(config.history());
    state.diffIds.addAll(config.rootfs() == null ? java.util.List.of() : config.rootfs().diffIds());
    if (state.diffIds.size() != base.manifest().layers().size()) {
      throw new IOException("its config lists " + state.diffIds.size() + " layers and its manifest "
          + base.manifest().layers().size());
    }
    for (int i = 0; i < base.manifest().layers().size(); i++) {
      Descriptor layer = base.manifest().layers().get(i);
      state.layers.add(Descriptor.of(layer.mediaType(), layer.digest(), layer.size()));
      state.layerResults.add(new BuildOutput.BuiltLayer(layer.digest(), state.diffIds.get(i), layer.size(), true, "base"));
      state.fs.applyLayer(layout.blobs().path(layer.digest()));
    }
    state.chainKey = base.digest();
    state.baseName = name;
    state.baseDigest = base.digest();
    return state;
  }
}
