package io.splice.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * An OCI image manifest: the config and the ordered layers of one image.
 *
 * <pre>{@code
 * {
 *   "schemaVersion": 2,
 *   "mediaType": "application/vnd.oci.image.manifest.v1+json",
 *   "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2...", "size": 7023},
 *   "layers": [
 *     {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834...", "size": 32654}
 *   ],
 *   "annotations": {
 *     "org.opencontainers.image.base.name": "base:1",
 *     "org.opencontainers.image.base.digest": "sha256:4f6c..."
 *   }
 * }
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "config", "layers", "annotations"})
public record Manifest(
    int schemaVersion,
    String mediaType,
    Descriptor config,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> layers,
    Map<String, String> annotations) {

  /** An OCI manifest of {@code config} and {@code layers}. */
  public static Manifest of(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    return new Manifest(2, MediaTypes.MANIFEST, config, List.copyOf(layers), annotations);
  }

  /** The layers, never null; written even when empty, as the OCI spec requires the property. */
  @Override
  public List<Descriptor> layers() {
    return layers == null ? List.of() : layers;
  }
}
