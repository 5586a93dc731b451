package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.splice.image.oci.OciJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN in the sandbox (Debian packages {@code runc} and {@code busybox-static}), checked with
 * {@code umoci unpack} (Debian package {@code umoci}). These tests fail when a tool is missing.
 */
class RunBuildTest {
  private static final String BASE = "busybox:test";

  /** A Dockerfile whose RUN steps create, change, delete, replace, link and chown. */
  private static final String CHANGES = String.join("\n",
        "FROM " + BASE,
        "RUN echo created > /created.txt && mkdir -p /opt/app /data/old && echo v1 > /opt/app/conf && echo x > /data/old/f",
        "RUN echo changed >> /etc/passwd && rm /bin/vi && chmod 4750 /opt/app/conf",
        "RUN mv /data /data.old && mkdir /data && echo fresh > /data/new && rm -rf /data.old",
        "RUN [\"/bin/sh\", \"-c\", \"echo exec-form > /exec.txt\"]",
        "ENV GREETING=hi",
        "ARG WHO=world",
        "RUN echo \"$GREETING $WHO\" > /env.txt",
        "WORKDIR /work",
        "RUN chown app /work && ln /created.txt /work/hard.txt",
        "USER app",
        "RUN id -u > /work/uid.txt && id -G > /work/groups.txt && pwd > /work/pwd.txt && echo $HOME > /work/home.txt",
        "USER root",
        "RUN <<EOF",
        "echo heredoc > /heredoc.txt",
        "EOF",
        "RUN <<EOF",
        "#!/bin/sh",
        "echo shebang \"$0\" > /shebang.txt",
        "EOF",
        "RUN cat <<EOF > /inline.txt",
        "inline $GREETING",
        "EOF",
        "SHELL [\"/bin/sh\", \"-ec\"]",
        "RUN echo shell > /shell.txt",
        "");

  @TempDir Path tmp;
  private Path store;

  @BeforeEach
  void buildBase() throws Exception {
    store = tmp.resolve("store");
    Busybox.buildBase(tmp.resolve("base"), store, BASE);
  }

  @Test
  void run_createsChangesAndDeletes_umociSeesTheResult() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", CHANGES);
    Path oci = tmp.resolve("oci");

    BuildResult result = Images.build(request(ctx, store).tag("app:1").ociLayout(oci).build());

    Path rootfs = unpack(oci, "1");
    assertThat(rootfs.resolve("created.txt")).hasContent("created");
    assertThat(rootfs.resolve("etc/passwd")).content().endsWith("changed\n");
    assertThat(rootfs.resolve("bin/vi")).doesNotExist();
    assertThat(rootfs.resolve("bin/ls")).exists();
    assertThat(mode(rootfs.resolve("opt/app/conf"))).isEqualTo(04750);
    assertThat(rootfs.resolve("data/old")).doesNotExist();
    assertThat(rootfs.resolve("data/new")).hasContent("fresh");
    assertThat(rootfs.resolve("exec.txt")).hasContent("exec-form");
    assertThat(rootfs.resolve("env.txt")).hasContent("hi world");
    assertThat(rootfs.resolve("work/uid.txt")).hasContent("1000");
    assertThat(rootfs.resolve("work/groups.txt")).hasContent("1000 50");
    assertThat(rootfs.resolve("work/pwd.txt")).hasContent("/work");
    assertThat(rootfs.resolve("work/home.txt")).hasContent("/home/app");
    assertThat(Files.getAttribute(rootfs.resolve("work/uid.txt"), "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(rootfs.resolve("work/hard.txt"), "unix:ino"))
        .isEqualTo(Files.getAttribute(rootfs.resolve("created.txt"), "unix:ino"));
    assertThat(rootfs.resolve("heredoc.txt")).hasContent("heredoc");
    assertThat(rootfs.resolve("shebang.txt")).hasContent("shebang /dev/pipes/EOF");
    assertThat(rootfs.resolve("inline.txt")).hasContent("inline hi");
    assertThat(rootfs.resolve("shell.txt")).hasContent("shell");
    assertThat(rootfs.resolve("proc")).doesNotExist();
    assertThat(rootfs.resolve("dev")).doesNotExist();
    List<String> paths = ThirdPartyToolsTest.layerPaths(oci, "1");
    assertThat(paths).contains("bin/.wh.vi", "data/.wh..wh..opq", "data/new");
    assertThat(paths).doesNotContain("data/.wh.old", "data.old/", "proc/", "sys/", "dev/");
    assertThat(result.layers()).hasSize(13);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void run_overlayMount_andUnpackedRoot_giveTheSameImage_andLayersStayUnpacked() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", CHANGES);
    Path unpackedStore = tmp.resolve("unpacked-store");
    Busybox.buildBase(tmp.resolve("base2"), unpackedStore, BASE);

    BuildResult overlay = Images.build(request(ctx, store).build());
    BuildResult unpacked = withoutOverlay(() -> Images.build(request(ctx, unpackedStore).build()));

    assertThat(overlay.manifestDigest()).isEqualTo(unpacked.manifestDigest());
    assertThat(overlay.warnings()).isEmpty();
    try (var dirs = Files.list(store.resolve("snapshots"))) {
      assertThat(dirs.map(p -> "sha256:" + p.getFileName()).toList())
          .containsAll(overlay.layers().subList(0, overlay.layers().size() - 1).stream().map(LayerResult::digest).toList());
    }
    assertThat(unpackedStore.resolve("snapshots")).doesNotExist();
  }

  @Test
  void run_overCachedLayersWithWhiteouts_unpacksThemForTheMount() throws Exception {
    Path ctx = tmp.resolve("app");
    String first = String.join("\n",
        "FROM " + BASE,
        "RUN mkdir -p /data/old && echo x > /data/old/f && echo keep > /keep",
        "RUN rm /bin/vi && rm -rf /data && mkdir /data && echo new > /data/new && ln /keep /data/keep-link",
        "");
    write(ctx, "Dockerfile", first);
    withoutOverlay(() -> Images.build(request(ctx, store).build()));
    write(ctx, "Dockerfile", first + "RUN (test ! -e /bin/vi && ls /data && cat /data/keep-link) > /seen\n");
    Path oci = tmp.resolve("oci");

    BuildResult result = Images.build(request(ctx, store).ociLayout(oci).build());

    assertThat(result.layers()).extracting(LayerResult::cached).containsExactly(true, true, true, false);
    assertThat(TestContexts.fileContent(oci, "latest", "seen")).isEqualTo("keep-link\nnew\nkeep\n");
    Path runLayer = store.resolve("snapshots").resolve(result.layers().get(2).digest().substring("sha256:".length()));
    assertThat((Integer) Files.getAttribute(runLayer.resolve("bin/vi"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
        .isEqualTo(0020000);
    // The unpacked root marks /data opaque when rm -rf and mkdir gave it a new inode, else it whites out /data/old.
    boolean opaque = Files.getFileAttributeView(runLayer.resolve("data"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
        .list().contains("overlay.opaque");
    assertThat(opaque || ((Integer) Files.getAttribute(runLayer.resolve("data/old"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
        & 0170000) == 0020000).isTrue();
  }

  private interface Build {
    BuildResult run() throws Exception;
  }

  private static BuildResult withoutOverlay(Build build) throws Exception {
    System.setProperty("splice.overlay", "false");
    try {
      return build.run();
    } finally {
      System.clearProperty("splice.overlay");
    }
  }

  @Test
  void run_multiStage_copiesTwiceFromWhatARunMade() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM " + BASE + " AS build",
        "RUN mkdir /out && echo one > /out/one && echo two > /out/two && tar -cf /out.tar -C /out .",
        "FROM " + BASE,
        "COPY --from=build /out.tar /app/bundle.tar",
        "COPY --from=build /out/two /app/two",
        ""));
    Path oci = tmp.resolve("oci");

    Images.build(request(ctx, store).tag("app:1").ociLayout(oci).build());

    Path rootfs = unpack(oci, "1");
    assertThat(rootfs.resolve("app/two")).hasContent("two");
    assertThat(Files.size(rootfs.resolve("app/bundle.tar"))).isGreaterThan(1024);
  }

  @Test
  void run_secondBuild_comesFromTheCache_andAChangedArgMissesFromThere() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM " + BASE,
        "RUN echo one > /one",
        "ARG LEVEL=1",
        "RUN echo $LEVEL > /level",
        "RUN echo three > /three",
        ""));

    BuildResult cold = Images.build(request(ctx, store).tag("app:1").build());
    BuildResult warm = Images.build(request(ctx, store).tag("app:1").build());
    BuildResult changed = Images.build(request(ctx, store).tag("app:1").buildArg("LEVEL", "2").build());

    assertThat(cold.layers()).extracting(LayerResult::cached).containsExactly(true, false, false, false);
    assertThat(warm.layers()).extracting(LayerResult::cached).containsExactly(true, true, true, true);
    assertThat(warm.manifestDigest()).isEqualTo(cold.manifestDigest());
    assertThat(changed.layers()).extracting(LayerResult::cached).containsExactly(true, true, false, false);
  }

  @Test
  void run_twoCleanBuilds_sameDigest() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM " + BASE,
        "RUN mkdir -p /srv && echo hello > /srv/a && rm /bin/vi && chmod 600 /srv/a",
        "RUN rm -rf /srv && mkdir /srv && echo again > /srv/b",
        ""));
    Path otherStore = tmp.resolve("other-store");
    Busybox.buildBase(tmp.resolve("base2"), otherStore, BASE);

    BuildResult first = Images.build(request(ctx, store).build());
    awaitNextSecond(); // so that the files the second build's RUN steps write carry another time
    BuildResult second = Images.build(request(ctx, otherStore).build());

    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
  }

  @Test
  void run_failingCommand_namesFileLineExitCodeAndOutput() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + "\n\nRUN echo first line; echo boom; exit 3\n");

    assertThatThrownBy(() -> Images.build(request(ctx, store).build()))
        .isInstanceOf(ImageException.class)
        .hasMessage("Dockerfile:3: RUN: the command [/bin/sh, -c, echo first line; echo boom; exit 3]"
            + " exited with code 3; its last lines:\n  first line\n  boom");
  }

  @Test
  void run_networkCommand_failsSayingThereIsNoNetwork() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + "\nRUN wget -q -O /index.html http://deb.debian.org/\n");

    assertThatThrownBy(() -> Images.build(request(ctx, store).build()))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("Dockerfile:2: RUN: the command [/bin/sh, -c, wget -q -O /index.html http://deb.debian.org/] exited with code 1")
        .hasMessageContaining("note: RUN has no network");
  }

  @Test
  void run_unknownUser_failsNamingTheUser() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + "\nUSER nobody\nRUN true\n");

    assertThatThrownBy(() -> Images.build(request(ctx, store).build()))
        .hasMessage("Dockerfile:3: RUN: unable to find user nobody: no matching entries in the image's /etc/passwd");
  }

  @Test
  void run_withoutTheRuntime_failsSayingWhatIsMissing() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + "\nRUN true\n");
    String previous = System.setProperty("splice.runc", tmp.resolve("no-runc").toString());
    try {
      assertThatThrownBy(() -> Images.build(request(ctx, store).build()))
          .hasMessage("Dockerfile:2: RUN: running a command needs the runc container runtime (its sandbox), and "
              + tmp.resolve("no-runc") + " is not an executable file (install it, for example with apt-get install runc,"
              + " or build without RUN)");
    } finally {
      if (previous == null) {
        System.clearProperty("splice.runc");
      } else {
        System.setProperty("splice.runc", previous);
      }
    }
  }

  @Test
  void run_output_reachesTheProgressListener() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + "\nRUN echo hello from run\n");
    List<BuildEvent> events = new ArrayList<>();

    Images.build(request(ctx, store).progress(events::add).build());

    assertThat(events).filteredOn(e -> e.kind() == BuildEvent.Kind.OUTPUT).extracting(BuildEvent::text)
        .containsExactly("hello from run");
  }

  @Test
  void run_overZstdLayers_commitsAZstdLayer() throws Exception {
    Path zstore = tmp.resolve("zstd-store");
    Busybox.writeContext(tmp.resolve("zbase"));
    Images.build(request(tmp.resolve("zbase"), zstore).tag(BASE).compression(LayerCompression.ZSTD).build());
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + "\nRUN ls /bin | wc -l > /count && rm /bin/vi\n");
    Path oci = tmp.resolve("oci");

    BuildResult result = Images.build(request(ctx, zstore).compression(LayerCompression.ZSTD).ociLayout(oci).build());

    assertThat(Integer.parseInt(TestContexts.fileContent(oci, "latest", "count").strip())).isGreaterThan(100);
    assertThat(ThirdPartyToolsTest.layerPaths(oci, "latest")).contains("bin/.wh.vi");
    assertThat(TestContexts.manifest(oci, "latest").layers()).extracting(d -> d.mediaType())
        .containsOnly("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(result.layers()).hasSize(2);
  }

  private Path unpack(Path oci, String tag) throws Exception {
    Path bundle = tmp.resolve("bundle-" + tag);
    Process p = new ProcessBuilder("umoci", "unpack", "--image", oci + ":" + tag, bundle.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("umoci unpack said:\n" + out).isZero();
    JsonNode config = OciJson.mapper().readTree(Files.readString(bundle.resolve("config.json")));
    assertThat(config.at("/process/args/0").asText()).isEqualTo("/bin/sh");
    return bundle.resolve("rootfs");
  }

  private static int mode(Path file) throws Exception {
    return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static void awaitNextSecond() throws InterruptedException {
    long second = java.time.Instant.now().getEpochSecond();
    while (java.time.Instant.now().getEpochSecond() == second) {
      Thread.sleep(10);
    }
  }
}
