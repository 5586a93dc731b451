package io.splice.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A pointer to a blob: its media type, digest and size.
 *
 * <pre>{@code
 * {
 *   "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
 *   "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
 *   "size": 32654,
 *   "annotations": {"org.opencontainers.image.ref.name": "1.0"}
 * }
 * }</pre>
 *
 * @param annotations null or the descriptor's annotations
 * @param platform null, or the platform of a manifest listed in an index
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "annotations", "platform"})
public record Descriptor(
    String mediaType, String digest, long size, Map<String, String> annotations, Platform platform) {

  /** A descriptor without annotations or platform. */
  public static Descriptor of(String mediaType, String digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null);
  }

  /** This descriptor with other annotations. */
  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, newAnnotations, platform);
  }

  /** An annotation's value, or null. */
  public String annotation(String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
