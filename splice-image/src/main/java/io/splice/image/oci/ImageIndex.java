package io.splice.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * An OCI image index, as found in an image layout's {@code index.json}: the manifests it holds,
 * each named by the {@code org.opencontainers.image.ref.name} annotation.
 *
 * <pre>{@code
 * {
 *   "schemaVersion": 2,
 *   "mediaType": "application/vnd.oci.image.index.v1+json",
 *   "manifests": [
 *     {
 *       "mediaType": "application/vnd.oci.image.manifest.v1+json",
 *       "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
 *       "size": 7143,
 *       "annotations": {"org.opencontainers.image.ref.name": "1.0"}
 *     }
 *   ]
 * }
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests", "annotations"})
public record ImageIndex(
    int schemaVersion, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {

  /** An index of {@code manifests}. */
  public static ImageIndex of(List<Descriptor> manifests) {
    return new ImageIndex(2, MediaTypes.INDEX, List.copyOf(manifests), null);
  }

  /** The manifests, never null. */
  @Override
  public List<Descriptor> manifests() {
    return manifests == null ? List.of() : manifests;
  }
}
