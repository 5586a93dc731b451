package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.testing.DockerEngineExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built docker-archive as a real Docker Engine sees it: {@code docker load}, then {@code docker
 * run} prints what the image's CMD prints (Debian packages {@code docker.io} and
 * {@code busybox-static}).
 */
class DockerEngineTest {
  @RegisterExtension static final DockerEngineExtension ENGINE = new DockerEngineExtension();

  @TempDir Path tmp;

  @Test
  void dockerLoadAndRun_printsTheCmdsLine() throws Exception {
    Path store = tmp.resolve("store");
    Busybox.buildBase(tmp.resolve("base"), store, "busybox:engine");
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM busybox:engine",
        "RUN echo 'hello from a splice build' > /greeting && echo 'runner:x:4321:4321::/:/bin/sh' >> /etc/passwd",
        "USER runner",
        "CMD [\"sh\", \"-c\", \"cat /greeting; id -u\"]",
        ""));
    Path archive = tmp.resolve("app.tar");
    BuildResult result = Images.build(request(ctx, store).tag("splice-test/app:engine").dockerArchive(archive).build());

    DockerEngineExtension.Result load = ENGINE.docker("load", "--input", archive.toString());
    DockerEngineExtension.Result run = ENGINE.docker("run", "--rm", "--network", "none", "splice-test/app:engine");
    DockerEngineExtension.Result id = ENGINE.docker("image", "inspect", "--format", "{{.Id}}", "splice-test/app:engine");
    ENGINE.docker("image", "rm", "splice-test/app:engine");

    assertThat(load.exitCode()).as(load.output()).isZero();
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).isEqualTo("hello from a splice build\n4321\n");
    assertThat(id.output().strip()).isEqualTo(result.configDigest());
  }

  @Test
  void dockerSave_isABaseAndACopySource_forRunAndCopyFrom() throws Exception {
    Path store = tmp.resolve("store");
    Busybox.buildBase(tmp.resolve("base"), store, "busybox:saved");
    Path first = tmp.resolve("first.tar");
    Images.build(request(tmp.resolve("base"), store).tag("splice-test/busybox:saved").dockerArchive(first).build());
    DockerEngineExtension.Result load = ENGINE.docker("load", "--input", first.toString());
    Path ctx = java.nio.file.Files.createDirectories(tmp.resolve("app"));
    DockerEngineExtension.Result save = ENGINE.docker("save", "--output", ctx.resolve("saved.tar").toString(), "splice-test/busybox:saved");
    ENGINE.docker("image", "rm", "splice-test/busybox:saved");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM docker-archive:saved.tar AS base",
        "RUN echo 'from a docker save' > /origin",
        "FROM scratch",
        "COPY --from=docker-archive:saved.tar:splice-test/busybox:saved /etc/passwd /etc/passwd",
        "COPY --from=base /origin /origin",
        ""));
    Path oci = tmp.resolve("oci");

    BuildResult result = Images.build(request(ctx, tmp.resolve("other-store")).ociLayout(oci).build());

    assertThat(load.exitCode()).as(load.output()).isZero();
    assertThat(save.exitCode()).as(save.output()).isZero();
    assertThat(TestContexts.fileContent(oci, "latest", "origin")).isEqualTo("from a docker save\n");
    assertThat(TestContexts.fileContent(oci, "latest", "etc/passwd")).startsWith("root:x:0:0:");
    assertThat(result.layers()).hasSize(2);
  }
}
