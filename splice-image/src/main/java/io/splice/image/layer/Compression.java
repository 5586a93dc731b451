package io.splice.image.layer;

import io.splice.image.oci.MediaTypes;

/**
 * How {@link LayerWriter} compresses a layer. Each way has fixed settings, so the same entries
 * always give the same bytes; {@link #cacheTag()} names them, so that a layer cached with other
 * settings is never taken for one written with these.
 */
public enum Compression {
  /**
   * gzip at level 6, no name or time in the header, deflated in 128 KiB blocks on all cores:
   * what every registry and runtime reads.
   */
  GZIP(MediaTypes.LAYER_GZIP, "gzip-6-b128k"),
  /**
   * zstd at level 3 with a content checksum, one frame per layer: smaller and much faster to
   * unpack; Docker 23+, containerd 1.5+, Podman and skopeo read it.
   */
  ZSTD(MediaTypes.LAYER_ZSTD, "zstd-3");

  private final String mediaType;
  private final String cacheTag;

  Compression(String mediaType, String cacheTag) {
    this.mediaType = mediaType;
    this.cacheTag = cacheTag;
  }

  /** The layer's media type in the manifest. */
  public String mediaType() {
    return mediaType;
  }

  /** The compression and its settings, for cache keys. */
  public String cacheTag() {
    return cacheTag;
  }
}
