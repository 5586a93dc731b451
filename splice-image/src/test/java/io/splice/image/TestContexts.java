package io.splice.image;

import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.OciJson;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers that write build contexts and read built images. */
final class TestContexts {
  private TestContexts() {}

  static Path write(Path dir, String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  static BuildRequest.Builder request(Path context, Path store) {
    return BuildRequest.builder(context).storeDir(store);
  }

  /** The image an OCI layout names {@code tag}. */
  static StoredImage read(Path layoutDir, String tag) throws IOException {
    OciLayout layout = OciLayout.open(layoutDir);
    return layout.read(layout.find(tag).orElseThrow());
  }

  static ImageConfig config(Path layoutDir, String tag) throws IOException {
    return read(layoutDir, tag).config();
  }

  static Manifest manifest(Path layoutDir, String tag) throws IOException {
    return read(layoutDir, tag).manifest();
  }

  /** The content of {@code path} in an image of an OCI layout: the last layer that has it wins. */
  static String fileContent(Path layoutDir, String tag, String path) throws IOException {
    StoredImage image = read(layoutDir, tag);
    OciLayout layout = OciLayout.open(layoutDir);
    String found = null;
    for (io.splice.image.oci.Descriptor layer : image.manifest().layers()) {
      try (org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar =
          io.splice.image.layer.TarInput.open(layout.blobs().path(layer.digest()))) {
        for (org.apache.commons.compress.archivers.tar.TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
          if (e.getName().equals(path) && e.isFile()) {
            found = new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          }
        }
      }
    }
    if (found == null) {
      throw new IOException(path + " is in no layer of " + layoutDir + ":" + tag);
    }
    return found;
  }

  static String json(Object value) {
    return new String(OciJson.write(value));
  }
}
