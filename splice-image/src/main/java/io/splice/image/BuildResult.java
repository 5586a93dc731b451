package io.splice.image;

import java.util.List;

/**
 * What a build produced.
 *
 * @param manifestDigest the image's digest ({@code sha256:...}), which the CLI prints last
 * @param configDigest the config's digest, which Docker shows as the image ID
 * @param layers the image's layers, base layers first
 * @param size the compressed size of the layers and the config, in bytes
 * @param tags the names the image got in the local store
 * @param warnings things accepted but ignored, each starting with {@code file:line:}
 * @param serviceDefaults the image's health check, exposed ports and stop signal, for a service
 *     that runs it
 */
public record BuildResult(
    String manifestDigest,
    String configDigest,
    List<LayerResult> layers,
    long size,
    List<String> tags,
    List<String> warnings,
    ServiceDefaults serviceDefaults) {
  public BuildResult {
    layers = List.copyOf(layers);
    tags = List.copyOf(tags);
    warnings = List.copyOf(warnings);
    java.util.Objects.requireNonNull(serviceDefaults, "serviceDefaults");
  }
}
