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
    write(ctx, "Dockerfile", String.join("\n",
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
        ""));
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
