package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.splice.image.layer.TarInput;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.OciJson;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Built images as tools no one here wrote read them: skopeo (Debian package {@code skopeo}) and
 * umoci (Debian package {@code umoci}). These tests fail when the tools are missing.
 */
class ThirdPartyToolsTest {
  @TempDir Path tmp;
  private Path oci;
  private BuildResult result;

  @BeforeEach
  void buildImage() throws Exception {
    Path base = tmp.resolve("base");
    write(base, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    write(base, "etc/motd", "base motd\n");
    write(base, "Dockerfile", "FROM scratch\nCOPY etc /etc\nENV PATH=/usr/bin:/bin\n");
    Path store = tmp.resolve("store");
    Images.build(request(base, store).tag("base:1").build());
    Path app = tmp.resolve("app");
    Path run = write(app, "bin/run", "#!/bin/sh\necho hello\n");
    Files.setPosixFilePermissions(run, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    write(app, "Dockerfile", String.join("\n",
        "FROM base:1",
        "COPY --chown=app bin/run /app/run",
        "COPY <<EOF /app/greeting.txt",
        "hello from a heredoc",
        "EOF",
        "WORKDIR /app",
        "USER app",
        "ENTRYPOINT [\"/app/run\"]",
        ""));
    oci = tmp.resolve("oci");
    result = Images.build(request(app, store).tag("app:1").ociLayout(oci).dockerArchive(tmp.resolve("app.tar")).build());
  }

  @Test
  void skopeoInspect_ociLayout_seesDigestLayersAndConfig() throws Exception {
    JsonNode raw = OciJson.mapper().readTree(run("skopeo", "inspect", "--raw", "oci:" + oci + ":1"));
    JsonNode inspect = OciJson.mapper().readTree(run("skopeo", "inspect", "oci:" + oci + ":1"));
    JsonNode config = OciJson.mapper().readTree(run("skopeo", "inspect", "--config", "oci:" + oci + ":1"));

    assertThat(raw.get("layers")).hasSize(3);
    assertThat(inspect.get("Digest").asText()).isEqualTo(result.manifestDigest());
    assertThat(inspect.get("Layers")).hasSize(3);
    assertThat(config.at("/config/User").asText()).isEqualTo("app");
    assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/app");
    assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/app/run");
  }

  @Test
  void skopeoInspect_dockerArchive_readsTheTar() throws Exception {
    JsonNode inspect = OciJson.mapper().readTree(run("skopeo", "inspect", "docker-archive:" + tmp.resolve("app.tar")));

    assertThat(inspect.get("Layers")).hasSize(3);
    assertThat(inspect.at("/RepoTags")).isNotNull();
  }

  @Test
  void skopeoCopy_ociToDirectory_verifiesEveryDigest() throws Exception {
    run("skopeo", "copy", "oci:" + oci + ":1", "dir:" + tmp.resolve("copied"));

    assertThat(tmp.resolve("copied").resolve("manifest.json")).exists();
  }

  @Test
  void umociUnpack_givesFilesOwnersModesAndConfig() throws Exception {
    Path bundle = tmp.resolve("bundle");
    run("umoci", "unpack", "--rootless", "--image", oci + ":1", bundle.toString());

    Path rootfs = bundle.resolve("rootfs");
    assertThat(rootfs.resolve("etc/motd")).hasContent("base motd");
    assertThat(rootfs.resolve("app/greeting.txt")).hasContent("hello from a heredoc");
    assertThat(Files.getPosixFilePermissions(rootfs.resolve("app/run"))).contains(PosixFilePermission.OWNER_EXECUTE);
    JsonNode spec = OciJson.mapper().readTree(Files.readString(bundle.resolve("config.json")));
    assertThat(spec.at("/process/args/0").asText()).isEqualTo("/app/run");
    assertThat(spec.at("/process/cwd").asText()).isEqualTo("/app");
    assertThat(spec.at("/process/user/uid").asInt()).isEqualTo(1000);
    JsonNode umociMeta = OciJson.mapper().readTree(Files.readString(bundle.resolve("umoci.json")));
    assertThat(umociMeta.toString()).contains(result.manifestDigest().substring("sha256:".length()));
  }

  @Test
  void layers_haveOwnersFromChown() throws Exception {
    StoredImage image = TestContexts.read(oci, "1");
    Descriptor layer = image.manifest().layers().get(1);
    List<String> owners = new ArrayList<>();
    try (TarArchiveInputStream tar = TarInput.open(OciLayout.open(oci).blobs().path(layer.digest()))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        owners.add(e.getName() + " " + e.getLongUserId() + ":" + e.getLongGroupId() + " " + Integer.toOctalString(e.getMode() & 07777));
      }
    }
    assertThat(owners).containsExactly("app/ 1000:1000 755", "app/run 1000:1000 755");
  }

  @Test
  void zstdLayers_skopeoVerifiesAndRecompressesThem_andTheirContentMatchesTheDiffIds() throws Exception {
    Path ctx = tmp.resolve("zstd");
    write(ctx, "data/numbers.txt", "0123456789\n".repeat(5000));
    write(ctx, "Dockerfile", "FROM app:1\nCOPY data /data\n");
    Path zoci = tmp.resolve("zoci");
    BuildResult zstd = Images.build(request(ctx, tmp.resolve("store")).compression(LayerCompression.ZSTD).ociLayout(zoci).build());

    JsonNode inspect = OciJson.mapper().readTree(run("skopeo", "inspect", "oci:" + zoci + ":latest"));
    JsonNode raw = OciJson.mapper().readTree(run("skopeo", "inspect", "--raw", "oci:" + zoci + ":latest"));
    run("skopeo", "copy", "--dest-compress", "--dest-compress-format", "gzip", "oci:" + zoci + ":latest", "oci:" + tmp.resolve("regz") + ":latest");
    JsonNode regz = OciJson.mapper().readTree(run("skopeo", "inspect", "--raw", "oci:" + tmp.resolve("regz") + ":latest"));
    String top = zstd.layers().get(3).digest().substring("sha256:".length());
    String uncompressed = run("sh", "-c", "zstd -dc " + zoci.resolve("blobs/sha256").resolve(top) + " | sha256sum");

    assertThat(inspect.get("Digest").asText()).isEqualTo(zstd.manifestDigest());
    assertThat(raw.at("/layers/3/mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(raw.at("/layers/0/mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    assertThat(regz.at("/layers/3/mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    assertThat("sha256:" + uncompressed.split(" ")[0]).isEqualTo(zstd.layers().get(3).diffId());
  }

  /** The paths in all layers of an image, in layer order. */
  static List<String> layerPaths(Path layoutDir, String tag) throws IOException {
    StoredImage image = TestContexts.read(layoutDir, tag);
    OciLayout layout = OciLayout.open(layoutDir);
    List<String> paths = new ArrayList<>();
    for (Descriptor layer : image.manifest().layers()) {
      try (TarArchiveInputStream tar = TarInput.open(layout.blobs().path(layer.digest()))) {
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
          paths.add(e.getName());
        }
      }
    }
    return paths;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + text).isZero();
    return text;
  }
}
