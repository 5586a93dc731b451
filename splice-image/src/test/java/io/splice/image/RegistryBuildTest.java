package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.splice.image.oci.OciJson;
import io.splice.testing.FreePorts;
import io.splice.image.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FROM a registry and {@code push} to one, against Debian's {@code docker-registry} on 127.0.0.1,
 * checked with {@code skopeo inspect} (Debian package {@code skopeo}).
 */
class RegistryBuildTest {
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret";

  @RegisterExtension static final RegistryExtension OPEN = RegistryExtension.anonymous();
  @RegisterExtension static final RegistryExtension LOCKED = RegistryExtension.withBasicAuth(USER, PASSWORD);

  @TempDir static Path shared;
  private static BuildResult base;

  @TempDir Path tmp;

  @BeforeAll
  static void pushBusyboxBase() throws Exception {
    Path ctx = shared.resolve("base");
    Busybox.writeContext(ctx);
    base = Images.build(request(ctx, shared.resolve("store")).push(OPEN.address() + "/busybox:1").build());
  }

  @Test
  void push_skopeoSeesTheBuildsDigest() throws Exception {
    JsonNode inspect = json(skopeo("inspect", "--tls-verify=false", "docker://" + OPEN.address() + "/busybox:1"));

    assertThat(inspect.get("Digest").asText()).isEqualTo(base.manifestDigest());
    assertThat(inspect.get("Layers")).hasSize(base.layers().size());
  }

  @Test
  void fromRegistry_pullsIntoAnEmptyStore_runsOnIt_andRecordsTheBase() throws Exception {
    Path ctx = tmp.resolve("app");
    String from = OPEN.address() + "/busybox:1";
    write(ctx, "Dockerfile", "FROM " + from + "\nRUN echo pulled > /pulled.txt\nCMD [\"cat\", \"/pulled.txt\"]\n");

    BuildResult app = Images.build(request(ctx, tmp.resolve("fresh-store")).tag("app:1")
        .push(OPEN.address() + "/shop/app:1").build());

    JsonNode raw = json(skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + OPEN.address() + "/shop/app:1"));
    assertThat(raw.at("/annotations/org.opencontainers.image.base.name").asText()).isEqualTo(from);
    assertThat(raw.at("/annotations/org.opencontainers.image.base.digest").asText()).isEqualTo(base.manifestDigest());
    assertThat(raw.get("layers")).hasSize(2);
    assertThat(app.layers()).extracting(LayerResult::cached).containsExactly(true, false);
    assertThat(Images.list(tmp.resolve("fresh-store"))).extracting(StoredImageSummary::name)
        .containsExactly(from, "app:1");
  }

  @Test
  void push_withCredentials_reachesTheLockedRegistry_andPullsBack() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + OPEN.address() + "/busybox:1\nENV LOCKED=1\n");

    BuildResult pushed = Images.build(request(ctx, tmp.resolve("store")).push(LOCKED.address() + "/private/app:2")
        .registryCredentials(LOCKED.address(), USER, PASSWORD).build());
    write(ctx, "Dockerfile", "FROM " + LOCKED.address() + "/private/app:2\nENV AGAIN=1\n");
    BuildResult again = Images.build(request(ctx, tmp.resolve("other-store"))
        .registryCredentials("127.0.0.1", USER, PASSWORD).build());

    JsonNode inspect = json(skopeo("inspect", "--tls-verify=false", "--creds", USER + ":" + PASSWORD,
        "docker://" + LOCKED.address() + "/private/app:2"));
    assertThat(inspect.get("Digest").asText()).isEqualTo(pushed.manifestDigest());
    assertThat(again.layers()).extracting(LayerResult::digest)
        .containsExactlyElementsOf(pushed.layers().stream().map(LayerResult::digest).toList());
  }

  @Test
  void push_withoutCredentials_failsSayingSo() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + OPEN.address() + "/busybox:1\n");

    Path noLogins = tmp.resolve("no-docker-config");
    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).push(LOCKED.address() + "/app:1")
        .dockerConfig(noLogins).build()))
        .isInstanceOf(ImageException.class)
        .hasMessage("cannot push to " + LOCKED.address() + "/app:1: the registry " + LOCKED.address()
            + " refused access (it needs credentials; none were given, and " + noLogins.resolve("config.json")
            + " has no login for " + LOCKED.address() + ")");
  }

  @Test
  void fromRegistry_nothingListening_failsNamingFileLineAndRegistry() throws Exception {
    Path ctx = tmp.resolve("app");
    String nowhere = "127.0.0.1:" + FreePorts.next();
    write(ctx, "Dockerfile", "FROM " + nowhere + "/busybox:1\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).build()))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("Dockerfile:1: FROM: cannot pull " + nowhere + "/busybox:1: cannot connect to the registry " + nowhere);
  }

  @Test
  void copyFromRegistryImage_pullsItOnce_intoAnEmptyStore() throws Exception {
    Path ctx = tmp.resolve("app");
    String image = OPEN.address() + "/busybox:1";
    write(ctx, "Dockerfile", String.join("\n",
        "FROM scratch",
        "COPY --from=" + image + " /etc/passwd /etc/passwd",
        "COPY --from=" + image + " /bin/busybox /bin/sh",
        ""));
    Path oci = tmp.resolve("oci");

    BuildResult app = Images.build(request(ctx, tmp.resolve("fresh-store")).ociLayout(oci).build());

    assertThat(TestContexts.fileContent(oci, "latest", "etc/passwd")).startsWith("root:x:0:0:");
    assertThat(ThirdPartyToolsTest.layerPaths(oci, "latest")).containsExactly("etc/", "etc/passwd", "bin/", "bin/sh");
    assertThat(app.layers()).extracting(LayerResult::cached).containsExactly(false, false);
    assertThat(Images.list(tmp.resolve("fresh-store"))).extracting(StoredImageSummary::name).containsExactly(image);
  }

  @Test
  void copyFromRegistryImage_lockedWithoutCredentials_failsNamingFileLineAndRegistry() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM scratch\nCOPY --from=" + LOCKED.address() + "/private/tools:1 /bin/tool /bin/\n");

    Path docker = tmp.resolve("docker");
    write(docker, "config.json", "{\"auths\": {\"127.0.0.1:1\": {\"auth\": \"" + base64("x:y") + "\"}},"
        + " \"credsStore\": \"pass\"}");
    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).dockerConfig(docker).build()))
        .isInstanceOf(ImageException.class)
        .hasMessage("Dockerfile:2: COPY: cannot pull " + LOCKED.address() + "/private/tools:1: the registry "
            + LOCKED.address() + " refused access (it needs credentials; none were given, and "
            + docker.resolve("config.json") + " has no login for " + LOCKED.address()
            + "; Splice does not run the credential helpers it names (docker-credential-pass))");
  }

  @Test
  void dockerConfigLogins_pushAndPullFromTheLockedRegistry_asSkopeoReadsThem() throws Exception {
    Path pushConfig = tmp.resolve("push-docker");
    write(pushConfig, "config.json", "{\"auths\": {\"" + LOCKED.address() + "\": {\"username\": \"" + USER
        + "\", \"password\": \"" + PASSWORD + "\"}}}");
    Path pullConfig = tmp.resolve("pull-docker");
    write(pullConfig, "config.json", "{\"auths\": {\"http://" + LOCKED.address() + "/v2/\": {\"auth\": \""
        + base64(USER + ":" + PASSWORD) + "\"}}}");
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + OPEN.address() + "/busybox:1\nENV FROM_CONFIG=1\n");
    String locked = LOCKED.address() + "/cfg/app:1";

    BuildResult pushed = Images.build(request(ctx, tmp.resolve("store")).push(locked).dockerConfig(pushConfig).build());
    write(ctx, "Dockerfile", "FROM " + locked + "\nCOPY --from=" + locked + " /etc/passwd /etc/passwd.copy\n");
    Path oci = tmp.resolve("oci");
    BuildResult pulled = Images.build(request(ctx, tmp.resolve("fresh-store")).dockerConfig(pullConfig).ociLayout(oci).build());

    JsonNode inspect = json(skopeo("inspect", "--tls-verify=false", "--authfile", pullConfig.resolve("config.json").toString(),
        "docker://" + locked));
    assertThat(inspect.get("Digest").asText()).isEqualTo(pushed.manifestDigest());
    assertThat(pulled.layers().subList(0, pushed.layers().size())).extracting(LayerResult::digest)
        .containsExactlyElementsOf(pushed.layers().stream().map(LayerResult::digest).toList());
    assertThat(TestContexts.fileContent(oci, "latest", "etc/passwd.copy")).startsWith("root:x:0:0:");
    assertThat(TestContexts.manifest(oci, "latest").annotations()).containsEntry("org.opencontainers.image.base.digest", pushed.manifestDigest());
  }

  @Test
  void dockerConfigLogin_refused_failsNamingRegistryAndFile_andGivenCredentialsWin() throws Exception {
    Path docker = tmp.resolve("docker");
    write(docker, "config.json", "{\"auths\": {\"" + LOCKED.address() + "\": {\"auth\": \"" + base64(USER + ":wrong") + "\"}}}");
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + OPEN.address() + "/busybox:1\n");

    assertThatThrownBy(() -> Images.build(request(ctx, tmp.resolve("store")).push(LOCKED.address() + "/app:3")
        .dockerConfig(docker).build()))
        .isInstanceOf(ImageException.class)
        .hasMessage("cannot push to " + LOCKED.address() + "/app:3: the registry " + LOCKED.address()
            + " refused access (it refused the login for " + LOCKED.address() + " in " + docker.resolve("config.json")
            + "; check it, or run docker login " + LOCKED.address() + ")");
    BuildResult given = Images.build(request(ctx, tmp.resolve("store")).push(LOCKED.address() + "/app:3")
        .dockerConfig(docker).registryCredentials(LOCKED.address(), USER, PASSWORD).build());
    assertThat(given.manifestDigest()).startsWith("sha256:");
  }

  @Test
  void dockerConfig_unreadable_isAWarning_andTheBuildGoesOn() throws Exception {
    Path docker = tmp.resolve("docker");
    write(docker, "config.json", "{\"auths\": {");
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + OPEN.address() + "/busybox:1\n");

    BuildResult result = Images.build(request(ctx, tmp.resolve("store")).dockerConfig(docker).build());

    assertThat(result.warnings()).singleElement().asString()
        .startsWith("cannot read the registry logins in " + docker.resolve("config.json") + ": not valid JSON (")
        .endsWith("; they are not used");
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + " said:\n" + out).isZero();
    return out;
  }

  private static JsonNode json(String text) throws Exception {
    return OciJson.mapper().readTree(text);
  }
}
