package io.splice.image.build;

import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.MediaTypes;
import io.splice.image.oci.OciJson;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the target stage's config and manifest into the store. The manifest records the base
 * image in {@code org.opencontainers.image.base.name} and {@code .base.digest}, so that a later
 * rebase can find it.
 */
final class WriteImageStep {
  private WriteImageStep() {}

  static StoredImage run(BuildSession session, StageState state) throws IOException {
    ImageConfig config = new ImageConfig(
        session.epoch.toString(),
        state.author,
        state.architecture,
        state.os,
        state.variant,
        state.toConfig(),
        ImageConfig.RootFs.of(state.diffIds),
        state.history);
    OciLayout layout = session.store.layout();
    byte[] configBytes = OciJson.write(config);
    String configDigest = layout.blobs().put(configBytes);
    Map<String, String> annotations = new TreeMap<>();
    if (state.baseName != null) {
      annotations.put(MediaTypes.BASE_NAME, state.baseName);
      annotations.put(MediaTypes.BASE_DIGEST, state.baseDigest);
    }
    Manifest manifest = Manifest.of(
        Descriptor.of(MediaTypes.CONFIG, configDigest, configBytes.length),
        state.layers,
        annotations.isEmpty() ? null : annotations);
    Descriptor descriptor = layout.writeManifest(manifest);
    return new StoredImage(descriptor, manifest, config);
  }
}
