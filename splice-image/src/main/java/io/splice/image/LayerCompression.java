package io.splice.image;

/**
 * How a build compresses the layers it writes ({@link BuildRequest.Builder#compression}). Layers
 * taken from a base image keep theirs. Both are reproducible: the same inputs give the same digest.
 */
public enum LayerCompression {
  /**
   * gzip ({@code application/vnd.oci.image.layer.v1.tar+gzip}), the default: every registry,
   * runtime and tool reads it.
   */
  GZIP,
  /**
   * zstd ({@code application/vnd.oci.image.layer.v1.tar+zstd}): smaller, and much faster to
   * compress and unpack; read by Docker 23 and later, containerd 1.5 and later, Podman and skopeo,
   * not by older tools.
   */
  ZSTD
}
