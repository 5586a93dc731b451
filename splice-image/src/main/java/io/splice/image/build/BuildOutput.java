package io.splice.image.build;

import io.splice.image.oci.ContainerConfig;
import java.util.List;

/**
 * What a build produced, which the façade turns into its public result.
 *
 * @param manifestDigest the image's digest
 * @param configDigest the config's digest
 * @param layers the image's layers, base layers first
 * @param size the compressed size of the layers and the config, in bytes
 * @param tags the names the image got in the local store
 * @param warnings things accepted but ignored, each starting with {@code file:line:}
 * @param config the image's run configuration (user, ports, health check, stop signal...)
 */
public record BuildOutput(
    String manifestDigest,
    String configDigest,
    List<BuiltLayer> layers,
    long size,
    List<String> tags,
    List<String> warnings,
    ContainerConfig config) {
  public BuildOutput {
    layers = List.copyOf(layers);
    tags = List.copyOf(tags);
    warnings = List.copyOf(warnings);
  }

  /**
   * One layer of the image.
   *
   * @param cached whether this build reused it: from the base image or the layer cache
   * @param createdBy the instruction that made it, or {@code base} for the base image's layers
   */
  public record BuiltLayer(String digest, String diffId, long size, boolean cached, String createdBy) {}
}
