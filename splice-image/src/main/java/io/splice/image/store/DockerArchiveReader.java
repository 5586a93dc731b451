package io.splice.image.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.Digests;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.MediaTypes;
import io.splice.image.oci.OciJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image from a tar that {@code docker save} wrote (the classic layout with {@code
 * ID/layer.tar}, or the OCI layout Docker 25 and later write) or that {@link DockerArchiveWriter}
 * wrote, possibly gzip-compressed. The archive's {@code manifest.json} says which files are the
 * config and the layers:
 *
 * <pre>
 * [{"Config": "CONFIG.json", "RepoTags": ["busybox:1"], "Layers": ["ID/layer.tar", ...]}]
 * </pre>
 *
 * The config and layers are copied into a layout under an OCI manifest; layers keep their bytes,
 * so an uncompressed layer stays uncompressed ({@code application/vnd.oci.image.layer.v1.tar}).
 */
public final class DockerArchiveReader {
  private DockerArchiveReader() {}

  /** The archive has no image of the name asked for, or several and none was asked for. */
  public static final class NotFound extends IOException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  private record Entry(
      @JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  private record Member(Path file, String digest, long size) {}

  /**
   * Copies the image named {@code reference} ({@code NAME[:TAG]}, the tag {@code latest} when
   * none is given), or the archive's only image when it is null, into {@code into}.
   *
   * @param scratch where the archive's files wait until the manifest says what they are
   */
  public static StoredImage read(Path archive, String reference, OciLayout into, Path scratch) throws IOException {
    if (!Files.isRegularFile(archive)) {
      throw new NotFound("docker archive " + archive + " does not exist");
    }
    Path dir = Files.createTempDirectory(scratch, "archive");
    Map<String, Member> files = new HashMap<>();
    Map<String, String> links = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(archive), "UTF-8")) {
      int counter = 0;
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        String name = clean(t.getName());
        if (t.isSymbolicLink()) {
          int slash = name.lastIndexOf('/');
          links.put(name, clean((slash < 0 ? "" : name.substring(0, slash + 1)) + t.getLinkName()));
        } else if (t.isLink()) {
          links.put(name, clean(t.getLinkName()));
        } else if (t.isFile()) {
          Path file = dir.resolve("f" + counter++);
          MessageDigest md = Digests.sha256();
          long size;
          try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
            size = tar.transferTo(out);
          }
          files.put(name, new Member(file, Digests.format(md), size));
        }
      }
    }
    Member manifestFile = member(files, links, "manifest.json", archive);
    List<Entry> entries = OciJson.mapper().readValue(Files.readAllBytes(manifestFile.file()), new TypeReference<List<Entry>>() {});
    Entry entry = pick(entries, reference, archive);
    Member config = member(files, links, entry.config(), archive);
    into.blobs().putFile(config.file(), config.digest());
    List<Descriptor> layers = new ArrayList<>();
    Map<String, String> mediaTypes = new HashMap<>();
    for (String layerName : entry.layers() == null ? List.<String>of() : entry.layers()) {
      Member layer = member(files, links, layerName, archive);
      if (!mediaTypes.containsKey(layer.digest())) {
        mediaTypes.put(layer.digest(), BlobStore.layerMediaType(layer.file()));
        into.blobs().putFile(layer.file(), layer.digest());
      }
      layers.add(Descriptor.of(mediaTypes.get(layer.digest()), layer.digest(), layer.size()));
    }
    ImageConfig imageConfig = OciJson.read(into.blobs().read(config.digest()), ImageConfig.class);
    Manifest manifest = Manifest.of(Descriptor.of(MediaTypes.CONFIG, config.digest(), config.size()), layers, null);
    Descriptor descriptor = into.writeManifest(manifest);
    return new StoredImage(descriptor, manifest, imageConfig);
  }

  private static Entry pick(List<Entry> entries, String reference, Path archive) throws NotFound {
    if (entries.isEmpty()) {
      throw new NotFound("docker archive " + archive + " holds no image");
    }
    if (reference == null) {
      if (entries.size() == 1) {
        return entries.get(0);
      }
      throw new NotFound("docker archive " + archive + " holds several images (" + names(entries)
          + "); name one as docker-archive:PATH:NAME:TAG");
    }
    String wanted = reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference : reference + ":latest";
    for (Entry e : entries) {
      if (e.repoTags() != null && (e.repoTags().contains(wanted) || e.repoTags().contains("docker.io/library/" + wanted))) {
        return e;
      }
    }
    throw new NotFound("docker archive " + archive + " has no image named " + wanted + " (it has " + names(entries) + ")");
  }

  private static String names(List<Entry> entries) {
    List<String> names = new ArrayList<>();
    for (Entry e : entries) {
      names.addAll(e.repoTags() == null || e.repoTags().isEmpty() ? List.of("an untagged image") : e.repoTags());
    }
    return String.join(", ", names);
  }

  private static Member member(Map<String, Member> files, Map<String, String> links, String name, Path archive)
      throws IOException {
    String current = clean(name);
    for (int hops = 0; hops < 16 && !files.containsKey(current) && links.containsKey(current); hops++) {
      current = links.get(current);
    }
    Member member = files.get(current);
    if (member == null) {
      throw new IOException("docker archive " + archive + " lacks " + name);
    }
    return member;
  }

  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    List<String> parts = new ArrayList<>();
    for (String part : n.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  private static InputStream decompress(Path archive) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
    in.mark(4);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
  }
}
