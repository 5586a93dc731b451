package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.image.oci.ContainerConfig;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesBuildTest {
  @TempDir Path tmp;

  @Test
  void build_configInstructions_reachTheImageConfig() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "app/run.sh", "#!/bin/sh\necho hi\n");
    write(ctx, "Dockerfile", String.join("\n",
        "ARG VERSION=1.0",
        "FROM scratch",
        "ARG VERSION",
        "ENV APP_HOME=/srv/app NAME=\"my app\"",
        "COPY app/ ${APP_HOME}/",
        "WORKDIR $APP_HOME",
        "USER 65532:65532",
        "EXPOSE 8080 53/udp",
        "LABEL version=$VERSION org.example.name=\"${NAME}\"",
        "ENTRYPOINT [\"/srv/app/run.sh\"]",
        "CMD --port 8080",
        "HEALTHCHECK --interval=30s --retries=2 CMD wget -q localhost:8080",
        "STOPSIGNAL SIGINT",
        "VOLUME /data",
        "SHELL [\"/bin/ash\", \"-c\"]",
        ""));
    List<BuildEvent> events = new ArrayList<>();

    BuildResult result = Images.build(request(ctx, tmp.resolve("store")).tag("app:1")
        .ociLayout(tmp.resolve("oci")).progress(events::add).build());

    ImageConfig config = TestContexts.config(tmp.resolve("oci"), "1");
    ContainerConfig c = config.config();
    assertThat(c.env()).containsExactly("APP_HOME=/srv/app", "NAME=my app");
    assertThat(c.workingDir()).isEqualTo("/srv/app");
    assertThat(c.user()).isEqualTo("65532:65532");
    assertThat(c.exposedPorts()).containsOnlyKeys("8080/tcp", "53/udp");
    assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("version", "1.0", "org.example.name", "my app"));
    assertThat(c.entrypoint()).containsExactly("/srv/app/run.sh");
    assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "--port 8080");
    assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "wget -q localhost:8080");
    assertThat(c.healthcheck().interval()).isEqualTo(30_000_000_000L);
    assertThat(c.healthcheck().retries()).isEqualTo(2);
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(c.volumes()).containsOnlyKeys("/data");
    assertThat(c.shell()).containsExactly("/bin/ash", "-c");
    assertThat(config.created()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(config.rootfs().diffIds()).hasSize(1);
    assertThat(config.history()).extracting(ImageConfig.History::emptyLayer)
        .containsExactly(true, false, true, true, true, true, true, true, true, true, true, true);
    assertThat(result.layers()).singleElement().satisfies(l -> assertThat(l.cached()).isFalse());
    assertThat(result.tags()).containsExactly("app:1");
    assertThat(events).filteredOn(e -> e.kind() == BuildEvent.Kind.STEP_STARTED).hasSize(14);
    assertThat(events.get(0).steps()).isEqualTo(14);
  }

  @Test
  void build_twoCleanBuilds_sameDigests() throws Exception {
    BuildResult first = buildFiles(tmp.resolve("one"), List.of("a.txt", "b/c.txt", "b/d.txt", "e.sh"),
        java.time.Instant.parse("2001-01-01T00:00:01Z"));
    BuildResult second = buildFiles(tmp.resolve("two"), List.of("e.sh", "b/d.txt", "a.txt", "b/c.txt"),
        java.time.Instant.parse("2030-06-01T12:34:56Z"));

    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(second.configDigest()).isEqualTo(first.configDigest());
    assertThat(second.layers()).extracting(LayerResult::cached).containsOnly(false);
  }

  @Test
  void build_sourceDateEpoch_changesDigest() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "a.txt", "a");
    write(ctx, "Dockerfile", "FROM scratch\nCOPY a.txt /\n");

    BuildResult zero = Images.build(request(ctx, tmp.resolve("s1")).build());
    BuildResult later = Images.build(request(ctx, tmp.resolve("s2")).sourceDateEpoch(Instant.ofEpochSecond(1700000000)).build());
    BuildResult viaArg = Images.build(request(ctx, tmp.resolve("s3")).buildArg("SOURCE_DATE_EPOCH", "1700000000").build());

    assertThat(later.manifestDigest()).isNotEqualTo(zero.manifestDigest());
    assertThat(viaArg.manifestDigest()).isEqualTo(later.manifestDigest());
    assertThat(viaArg.warnings()).isEmpty();
  }

  @Test
  void build_afterOneFileChange_rebuildsThatLayerAndLaterOnes() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "a.txt", "a");
    write(ctx, "b.txt", "b");
    write(ctx, "c.txt", "c");
    write(ctx, "Dockerfile", "FROM scratch\nCOPY a.txt /a/\nCOPY b.txt /b/\nENV X=1\nCOPY c.txt /c/\n");
    Path store = tmp.resolve("store");

    BuildResult cold = Images.build(request(ctx, store).build());
    BuildResult warm = Images.build(request(ctx, store).build());
    write(ctx, "b.txt", "b changed");
    BuildResult changed = Images.build(request(ctx, store).build());
    BuildResult noCache = Images.build(request(ctx, store).noCache(true).build());

    assertThat(cold.layers()).extracting(LayerResult::cached).containsExactly(false, false, false);
    assertThat(warm.layers()).extracting(LayerResult::cached).containsExactly(true, true, true);
    assertThat(warm.manifestDigest()).isEqualTo(cold.manifestDigest());
    assertThat(changed.layers()).extracting(LayerResult::cached).containsExactly(true, false, false);
    assertThat(changed.layers().get(2).digest()).isEqualTo(cold.layers().get(2).digest());
    assertThat(noCache.layers()).extracting(LayerResult::cached).containsExactly(false, false, false);
    assertThat(noCache.manifestDigest()).isEqualTo(changed.manifestDigest());
  }

  @Test
  void build_multiStage_copyFromAndTarget() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "src/main.txt", "source");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM scratch AS build",
        "COPY src /build/src",
        "FROM scratch AS unused",
        "RUN never-built",
        "FROM scratch",
        "COPY --from=build /build/src/main.txt /app/bin",
        "COPY --from=0 /build /copy/",
        "CMD [\"/app/bin\"]",
        ""));
    List<BuildEvent> events = new ArrayList<>();

    BuildResult full = Images.build(request(ctx, tmp.resolve("store")).ociLayout(tmp.resolve("full")).tag("m:full").progress(events::add).build());
    BuildResult build = Images.build(request(ctx, tmp.resolve("store")).target("build").build());

    assertThat(full.layers()).hasSize(2);
    assertThat(events).filteredOn(e -> e.kind() == BuildEvent.Kind.STEP_STARTED).extracting(BuildEvent::stage)
        .containsExactly("build", "build", "2", "2", "2", "2");
    assertThat(build.layers()).hasSize(1);
    assertThat(build.layers().get(0).cached()).isTrue();
    assertThat(TestContexts.config(tmp.resolve("full"), "full").config().cmd()).containsExactly("/app/bin");
    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).target("nope").build()))
        .hasMessage("target stage nope not found in Dockerfile (stages: build, unused, 2)");
  }

  @Test
  void build_runOnScratch_failsNamingTheMissingShell() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", "FROM scratch\n\nRUN echo hi\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).build()))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("Dockerfile:3: RUN: the sandbox could not run the command: ")
        .hasMessageContaining("/bin/sh");
  }

  @Test
  void build_addUrl_failsSayingThereIsNoNetwork() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", "FROM scratch\nADD https://example.com/app.tar.gz /app/\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).build()))
        .hasMessageStartingWith("Dockerfile:2: ADD: cannot fetch https://example.com/app.tar.gz: remote sources need network access");
  }

  @Test
  void build_missingSourceAndDockerignore_fail() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "secret.key", "k");
    write(ctx, ".dockerignore", "*.key\n");
    write(ctx, "Dockerfile", "FROM scratch\nCOPY secret.key /\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).build()))
        .hasMessage("Dockerfile:2: COPY: source secret.key is not in the build context (.dockerignore excludes it)");
  }

  @Test
  void build_fromLocalStoreAndOciLayout_recordsTheBase() throws Exception {
    Path base = tmp.resolve("base");
    write(base, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
    write(base, "Dockerfile", "FROM scratch\nCOPY etc /etc\nENV PATH=/bin\n");
    Path store = tmp.resolve("store");
    BuildResult baseResult = Images.build(request(base, store).tag("base:1").ociLayout(tmp.resolve("base-oci")).build());
    Path app = tmp.resolve("app");
    write(app, "app.txt", "app");
    write(app, "Dockerfile", "FROM base:1\nCOPY --chown=app --chmod=600 app.txt /home/app/\n");
    Path viaLayout = tmp.resolve("app2");
    write(viaLayout, "app.txt", "app");
    write(viaLayout, "Dockerfile", "FROM oci-layout:../base-oci:1\nCOPY --chown=app --chmod=600 app.txt /home/app/\n");

    BuildResult fromStore = Images.build(request(app, store).tag("app:1").ociLayout(tmp.resolve("app-oci")).build());
    BuildResult fromLayout = Images.build(request(viaLayout, tmp.resolve("other-store")).build());

    Manifest manifest = TestContexts.manifest(tmp.resolve("app-oci"), "1");
    assertThat(manifest.annotations())
        .containsEntry(MediaTypes.BASE_NAME, "base:1")
        .containsEntry(MediaTypes.BASE_DIGEST, baseResult.manifestDigest());
    assertThat(fromStore.layers()).hasSize(2);
    assertThat(fromStore.layers().get(0)).satisfies(l -> assertThat(l.cached()).isTrue());
    assertThat(TestContexts.config(tmp.resolve("app-oci"), "1").config().env()).containsExactly("PATH=/bin");
    assertThat(fromLayout.layers().get(1).diffId()).isEqualTo(fromStore.layers().get(1).diffId());
    assertThat(Images.list(store)).extracting(StoredImageSummary::name).containsExactly("app:1", "base:1");
  }

  @Test
  void build_addLocalTar_isExtracted() throws Exception {
    Path ctx = tmp.resolve("ctx");
    Path files = tmp.resolve("files");
    write(files, "x/inner.txt", "inner");
    Files.createDirectories(ctx);
    Process tar = new ProcessBuilder("tar", "-czf", ctx.resolve("bundle.tgz").toString(), "-C", files.toString(), "x")
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    write(ctx, "Dockerfile", "FROM scratch\nADD bundle.tgz /opt/\nCOPY bundle.tgz /raw/\n");

    Images.build(request(ctx, tmp.resolve("store")).ociLayout(tmp.resolve("oci")).build());

    List<String> paths = ThirdPartyToolsTest.layerPaths(tmp.resolve("oci"), "latest");
    assertThat(paths).contains("opt/x/inner.txt", "raw/bundle.tgz").doesNotContain("opt/bundle.tgz");
  }

  @Test
  void build_copyFromImages_inTheStoreAnOciLayoutAndADockerArchive() throws Exception {
    Path base = tmp.resolve("base");
    write(base, "etc/motd", "base motd\n");
    write(base, "opt/tool/run", "#!/bin/sh\n");
    write(base, "Dockerfile", "FROM scratch\nCOPY etc /etc\nCOPY opt /opt\n");
    Path store = tmp.resolve("store");
    Images.build(request(base, store).tag("tools:1").ociLayout(tmp.resolve("tools-oci")).dockerArchive(tmp.resolve("tools.tar")).build());
    Path app = tmp.resolve("app");
    write(app, "Dockerfile", String.join("\n",
        "FROM scratch AS first",
        "COPY --from=tools:1 /etc/motd /from-store/motd",
        "FROM docker-archive:../tools.tar",
        "COPY --from=first /from-store /from-store",
        "COPY --from=oci-layout:../tools-oci:1 /opt/tool/ /from-layout/",
        "COPY --from=docker-archive:../tools.tar:tools:1 /etc/motd /from-archive.txt",
        ""));

    BuildResult result = Images.build(request(app, store).ociLayout(tmp.resolve("app-oci")).build());

    Path oci = tmp.resolve("app-oci");
    assertThat(TestContexts.fileContent(oci, "latest", "from-store/motd")).isEqualTo("base motd\n");
    assertThat(TestContexts.fileContent(oci, "latest", "from-layout/run")).isEqualTo("#!/bin/sh\n");
    assertThat(TestContexts.fileContent(oci, "latest", "from-archive.txt")).isEqualTo("base motd\n");
    assertThat(TestContexts.manifest(oci, "latest").annotations()).containsEntry(MediaTypes.BASE_NAME, "docker-archive:../tools.tar");
    assertThat(result.layers()).extracting(LayerResult::cached).containsExactly(true, true, false, false, false);
  }

  @Test
  void build_copyFromAnUnknownImage_failsNamingFileLineAndTheImage() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", "FROM scratch AS build\nFROM scratch\n\nCOPY --from=tools:9 /bin/tool /bin/\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).build()))
        .isInstanceOf(ImageException.class)
        .hasMessage("Dockerfile:4: COPY: --from=tools:9 is no stage of Dockerfile, and image tools:9 is not in the"
            + " local store (build it first, or use oci-layout:PATH[:TAG] or docker-archive:PATH[:NAME[:TAG]];"
            + " or name a registry image as HOST[:PORT]/NAME[:TAG])");
  }

  @Test
  void build_copyFromAnImage_missingSourceOrArchiveTag_failNamingThem() throws Exception {
    Path base = tmp.resolve("base");
    write(base, "a.txt", "a");
    write(base, "Dockerfile", "FROM scratch\nCOPY a.txt /\n");
    Images.build(request(base, tmp.resolve("store")).tag("small:1").dockerArchive(tmp.resolve("small.tar")).build());
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", "FROM scratch\nCOPY --from=small:1 /b.txt /\n");
    Path ctx2 = tmp.resolve("ctx2");
    write(ctx2, "Dockerfile", "FROM docker-archive:../small.tar:small:2\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).build()))
        .hasMessage("Dockerfile:2: COPY: source /b.txt does not exist in the image small:1");
    assertThatThrownBy(() -> Images.build(request(ctx2, tmp.resolve("store")).build()))
        .hasMessage("Dockerfile:1: FROM: docker archive " + tmp.resolve("small.tar") + " has no image named small:2"
            + " (it has small:1)");
  }

  @Test
  void build_zstd_reproducible_cachedApartFromGzip_andReadByLaterStages() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "etc/motd", "motd\n".repeat(1000));
    write(ctx, "Dockerfile", "FROM scratch AS base\nCOPY etc /etc\nFROM scratch\nCOPY --from=base /etc/motd /motd\n");
    Path store = tmp.resolve("store");

    BuildResult gzip = Images.build(request(ctx, store).build());
    BuildResult zstd = Images.build(request(ctx, store).compression(LayerCompression.ZSTD).ociLayout(tmp.resolve("oci")).build());
    BuildResult again = Images.build(request(ctx, store).compression(LayerCompression.ZSTD).build());
    BuildResult clean = Images.build(request(ctx, tmp.resolve("clean-store")).compression(LayerCompression.ZSTD)
        .sourceDateEpoch(Instant.EPOCH).build());

    assertThat(zstd.layers()).extracting(LayerResult::cached).containsExactly(false);
    assertThat(zstd.layers().get(0).diffId()).isEqualTo(gzip.layers().get(0).diffId());
    assertThat(zstd.layers().get(0).digest()).isNotEqualTo(gzip.layers().get(0).digest());
    assertThat(again.layers()).extracting(LayerResult::cached).containsExactly(true);
    assertThat(again.manifestDigest()).isEqualTo(zstd.manifestDigest());
    assertThat(clean.manifestDigest()).isEqualTo(zstd.manifestDigest());
    assertThat(TestContexts.manifest(tmp.resolve("oci"), "latest").layers()).extracting(d -> d.mediaType())
        .containsExactly(MediaTypes.LAYER_ZSTD);
    assertThat(TestContexts.fileContent(tmp.resolve("oci"), "latest", "motd")).hasSize(5000);
    assertThat(zstd.size()).isLessThan(gzip.size());
  }

  /** Builds the same files, written in {@code order} with modification time {@code mtime}, which the image must not record. */
  private BuildResult buildFiles(Path root, List<String> order, java.time.Instant mtime) throws Exception {
    Path ctx = root.resolve("ctx");
    for (String name : order) {
      Path file = write(ctx, name, "content of " + name);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(name.endsWith(".sh") ? "rwxr-x---" : "rw-rw-r--"));
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(mtime));
    }
    write(ctx, "Dockerfile", "FROM scratch\nCOPY . /app/\nWORKDIR /app/b\nCMD [\"/app/e.sh\"]\n");
    return Images.build(request(ctx, root.resolve("store")).tag("same:1").build());
  }
}
