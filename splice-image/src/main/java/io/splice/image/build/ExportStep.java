package io.splice.image.build;

import io.splice.image.oci.MediaTypes;
import io.splice.image.store.DockerArchiveWriter;
import io.splice.image.store.ImageName;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Names the image in the local store and writes the requested outputs: an OCI image layout (each
 * tag as its {@code ref.name}, the full name in {@code io.containerd.image.name}; {@code latest}
 * without tags) and a docker-archive tar.
 */
final class ExportStep {
  private ExportStep() {}

  static void run(BuildSession session, StoredImage image, List<ImageName> names) throws IOException {
    for (ImageName name : names) {
      session.store.tag(name, image.descriptor());
    }
    if (session.request.ociLayout() != null) {
      OciLayout out = OciLayout.create(session.request.ociLayout());
      out.copyBlobs(session.store.layout(), image);
      if (names.isEmpty()) {
        out.tag(image.descriptor(), "latest", Map.of());
      }
      for (ImageName name : names) {
        out.tag(image.descriptor(), name.tag(), Map.of(MediaTypes.CONTAINERD_NAME, name.toString()));
      }
    }
    if (session.request.dockerArchive() != null) {
      if (image.manifest().layers().stream().anyMatch(l -> MediaTypes.LAYER_ZSTD.equals(l.mediaType()))) {
        session.warn("--docker-archive: the image has zstd-compressed layers, which docker load of older"
            + " engines (Docker 20.10) cannot read; build with gzip for them");
      }
      List<String> tags = names.stream().map(ImageName::toString).toList();
      DockerArchiveWriter.write(session.store.layout(), image, tags, session.request.dockerArchive());
    }
  }
}
