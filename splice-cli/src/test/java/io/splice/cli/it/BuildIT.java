package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code splice build} and {@code splice images} through the real jar, checked by skopeo. */
class BuildIT {
  @TempDir Path dir;

  @Test
  void build_twice_sameDigestFromCache_andSkopeoReadsTheLayout() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("hello.txt"), "hello\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\nENV GREETING=hi\nCMD [\"/hello\"]\n");
    Splice splice = new Splice(dir.resolve("state"), Map.of());
    Path layout = dir.resolve("oci");

    Splice.Result first = splice.run("build", context.toString(), "-t", "demo:1", "--oci-layout", layout.toString());
    Splice.Result second = splice.run("build", context.toString(), "-t", "demo:1");

    assertThat(first.exit()).as(first.all()).isZero();
    assertThat(first.out()).contains("Step 2/4 : COPY hello.txt /hello.txt", "Built 1 layers (0 from cache)");
    assertThat(second.out()).contains("Built 1 layers (1 from cache)");
    String digest = lastLine(first.out());
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    assertThat(lastLine(second.out())).isEqualTo(digest);
    assertThat(splice.run("images").out()).contains("demo:1", digest);

    Process skopeo = new ProcessBuilder("skopeo", "inspect", "--config", "oci:" + layout).redirectErrorStream(true).start();
    String config = new String(skopeo.getInputStream().readAllBytes());
    assertThat(skopeo.waitFor()).as(config).isZero();
    assertThat(config).contains("GREETING=hi", "/hello");
  }

  @Test
  void build_brokenDockerfile_namesFileLineAndInstruction() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY\n");
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("build", dir.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("Dockerfile:2: COPY: expected at least 2 arguments").doesNotContain("\tat ");
  }

  @Test
  void build_compressionZstd_writesZstdLayers_andABadValueIsOneLine() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("hello.txt"), "hello\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    Splice splice = new Splice(dir.resolve("state"), Map.of());
    Path layout = dir.resolve("oci");

    Splice.Result zstd = splice.run("build", context.toString(), "--compression", "zstd", "--oci-layout", layout.toString());
    Splice.Result bad = splice.run("build", context.toString(), "--compression", "xz");

    assertThat(zstd.exit()).as(zstd.all()).isZero();
    Process skopeo = new ProcessBuilder("skopeo", "inspect", "--raw", "oci:" + layout).redirectErrorStream(true).start();
    String manifest = new String(skopeo.getInputStream().readAllBytes());
    assertThat(skopeo.waitFor()).as(manifest).isZero();
    assertThat(manifest).contains("application/vnd.oci.image.layer.v1.tar+zstd").doesNotContain("tar+gzip");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines().findFirst().orElse(""))
        .contains("--compression", "'xz' is not a layer compression (expected: gzip or zstd)");
    assertThat(bad.err()).doesNotContain("\tat ");
    assertThat(splice.run("build", "--help").out()).contains("--compression=gzip|zstd", "--docker-config=DIR");
  }

  @Test
  void build_dockerConfig_readsThatFolderInsteadOfDockerConfigVariable() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nENV A=1\n");
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("config.json"), "{not json");
    Path good = Files.createDirectories(dir.resolve("good"));
    Files.writeString(good.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"dTpw\"}}}");
    Splice splice = new Splice(dir.resolve("state"), Map.of("DOCKER_CONFIG", broken.toString()));

    Splice.Result fromEnv = splice.run("build", context.toString());
    Splice.Result fromFlag = splice.run("build", context.toString(), "--docker-config", good.toString());
    Splice.Result brokenFlag = new Splice(dir.resolve("state"), Map.of())
        .run("build", context.toString(), "--docker-config", broken.toString());
    Splice.Result missing = splice.run("build", context.toString(), "--docker-config", dir.resolve("nowhere").toString());

    assertThat(fromEnv.exit()).as(fromEnv.all()).isZero();
    assertThat(fromEnv.out()).contains("warning: cannot read the registry logins in " + broken.resolve("config.json"));
    assertThat(fromFlag.exit()).as(fromFlag.all()).isZero();
    assertThat(fromFlag.all()).doesNotContain("warning");
    assertThat(brokenFlag.out()).contains("warning: cannot read the registry logins in " + broken.resolve("config.json"));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("splice: --docker-config " + dir.resolve("nowhere") + ": no such folder")
        .doesNotContain("\tat ");
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }
}
