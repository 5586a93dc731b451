package io.splice.image.layer;

import java.nio.file.Path;
import java.util.List;

/**
 * A compressed layer on disk.
 *
 * @param file the compressed file
 * @param digest {@code sha256:} of the compressed bytes: the manifest's layer digest
 * @param diffId {@code sha256:} of the uncompressed tar: the config's {@code rootfs.diff_ids}
 * @param size the compressed size in bytes
 * @param mediaType the layer's media type, which names its compression
 * @param headers the tar headers written, as reading the layer would give them ({@link LayerHeaders})
 */
public record WrittenLayer(Path file, String digest, String diffId, long size, String mediaType,
    List<LayerHeaders.Header> headers) {
  public WrittenLayer {
    headers = List.copyOf(headers);
  }
}
