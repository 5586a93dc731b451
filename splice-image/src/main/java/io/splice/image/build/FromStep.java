package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Platform;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code FROM}: starts a stage from {@code scratch}, an earlier stage, or an image that {@link
 * ImageSource} finds (local store, OCI layout, docker archive, registry). The base image's blobs
 * are copied into the store and its layers indexed.
 */
final class FromStep {
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
    ImageSource.Resolved base = ImageSource.resolve(session, from, image, "");
    try {
      StageState state = fromImage(base, stage);
      if (BuildRunner.lastRun(stage) >= 0) {
        session.prefetch(state); // the base layers unpack while their index is read
      }
      state.fs = ImageSource.fileSystem(session, from, base).copy();
      return state;
    } catch (IOException e) {
      throw session.error(from, "cannot read base image " + image + ": " + e.getMessage(), e);
    }
  }

  private static StageState fromImage(ImageSource.Resolved resolved, Stage stage) throws IOException {
    StoredImage base = resolved.image();
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
    }
    state.chainKey = resolved.digest();
    state.baseName = resolved.name();
    state.baseDigest = resolved.digest();
    return state;
  }
}
