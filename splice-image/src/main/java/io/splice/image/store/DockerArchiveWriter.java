package io.splice.image.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageIndex;
import io.splice.image.oci.MediaTypes;
import io.splice.image.oci.OciJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an image as a tar that {@code docker load} accepts. The tar is also an OCI image layout,
 * the way Docker 25 and later save images:
 *
 * <pre>
 * manifest.json         [{"Config":"blobs/sha256/CONFIG","RepoTags":["catalog:1"],"Layers":["blobs/sha256/LAYER"]}]
 * oci-layout, index.json
 * blobs/sha256/HEX      config, manifest and the (gzip) layers
 * </pre>
 */
public final class DockerArchiveWriter {
  private DockerArchiveWriter() {}

  /** Writes {@code image} from {@code source} to {@code target}, tagged {@code repoTags}. */
  public static void write(OciLayout source, StoredImage image, List<String> repoTags, Path target)
      throws IOException {
    String config = "blobs/sha256/" + hex(image.manifest().config().digest());
    List<String> layers = new ArrayList<>();
    Set<String> blobs = new LinkedHashSet<>();
    blobs.add(image.manifest().config().digest());
    blobs.add(image.digest());
    for (Descriptor layer : image.manifest().layers()) {
      layers.add("blobs/sha256/" + hex(layer.digest()));
      blobs.add(layer.digest());
    }
    byte[] manifestJson = OciJson.write(List.of(new Entry(config, repoTags, layers)));
    Map<String, String> annotations =
        repoTags.isEmpty() ? Map.of() : Map.of(MediaTypes.CONTAINERD_NAME, repoTags.get(0));
    byte[] index = OciJson.write(ImageIndex.of(List.of(image.descriptor().withAnnotations(annotations.isEmpty() ? null : annotations))));
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".archive", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      directory(tar, "blobs/");
      directory(tar, "blobs/sha256/");
      for (String digest : blobs) {
        Path file = source.blobs().path(digest);
        TarArchiveEntry e = entry("blobs/sha256/" + hex(digest), Files.size(file));
        tar.putArchiveEntry(e);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
      }
      bytes(tar, "index.json", index);
      bytes(tar, "manifest.json", manifestJson);
      bytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      tar.finish();
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(040755);
    e.setLastModifiedTime(FileTime.from(Instant.EPOCH));
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void bytes(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    tar.putArchiveEntry(entry(name, content.length));
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    e.setMode(0100644);
    e.setUserName("");
    e.setGroupName("");
    e.setLastModifiedTime(FileTime.from(Instant.EPOCH));
    return e;
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  private record Entry(
      @JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}
}
