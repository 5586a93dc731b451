package io.splice.image.oci;

/** The media types Splice writes and reads. */
public final class MediaTypes {
  public static final String INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  /** The standard annotations. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  public static final String BASE_NAME = "org.opencontainers.image.base.name";
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
  public static final String CREATED = "org.opencontainers.image.created";
  /** The full image name, as containerd and BuildKit record it next to {@link #REF_NAME}. */
  public static final String CONTAINERD_NAME = "io.containerd.image.name";

  private MediaTypes() {}

  /** Whether a descriptor of this type is an index (OCI or Docker manifest list). */
  public static boolean isIndex(String mediaType) {
    return INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** Whether a layer of this type is gzip-compressed. */
  public static boolean isGzipLayer(String mediaType) {
    return LAYER_GZIP.equals(mediaType) || DOCKER_LAYER_GZIP.equals(mediaType);
  }
}
