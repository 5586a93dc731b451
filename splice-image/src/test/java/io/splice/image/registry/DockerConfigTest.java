package io.splice.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
  @TempDir Path tmp;

  @Test
  void load_base64AndFieldLogins_matchedByHostAndPort() throws Exception {
    Path file = write("""
        {"auths": {
           "127.0.0.1:5000": {"auth": "%s"},
           "https://Registry.Example.com/v1/": {"username": "ci", "password": "p:w"},
           "https://index.docker.io/v1/": {"auth": "%s"},
           "ghcr.io": {"auth": "%s", "identitytoken": "refresh-me"},
           "empty.example.com": {}},
         "credsStore": "desktop",
         "credHelpers": {"gcr.io": "gcloud"}}
        """.formatted(base64("alice:s3cret:with-colon"), base64("hub:pw"), base64("bob:")));

    DockerConfig config = DockerConfig.load(file);

    assertThat(config.credentialsFor("127.0.0.1:5000")).contains(new RegistryAccess.Credentials("alice", "s3cret:with-colon"));
    assertThat(config.credentialsFor("127.0.0.1:5001")).isEmpty();
    assertThat(config.credentialsFor("127.0.0.1")).isEmpty();
    assertThat(config.credentialsFor("registry.example.com")).contains(new RegistryAccess.Credentials("ci", "p:w"));
    assertThat(config.credentialsFor("docker.io")).contains(new RegistryAccess.Credentials("hub", "pw"));
    assertThat(config.credentialsFor("registry-1.docker.io")).contains(new RegistryAccess.Credentials("hub", "pw"));
    assertThat(config.credentialsFor("ghcr.io")).contains(new RegistryAccess.Credentials("<token>", "refresh-me"));
    assertThat(config.credentialsFor("empty.example.com")).isEmpty();
    assertThat(config.registries()).containsExactlyInAnyOrder("127.0.0.1:5000", "registry.example.com", "docker.io", "ghcr.io");
    assertThat(config.helpers()).containsExactly("docker-credential-desktop", "docker-credential-gcloud (for gcr.io)");
  }

  @Test
  void load_missingFile_hasNoLogins_andBrokenFilesSayWhy() throws Exception {
    assertThat(DockerConfig.load(tmp.resolve("none.json")).registries()).isEmpty();
    Path notJson = write("{\"auths\": ");
    Path badAuth = write("{\"auths\": {\"r.example.com\": {\"auth\": \"***\"}}}");
    Path noColon = write("{\"auths\": {\"r.example.com\": {\"auth\": \"" + base64("nocolon") + "\"}}}");

    assertThatThrownBy(() -> DockerConfig.load(notJson)).hasMessageStartingWith("not valid JSON (");
    assertThatThrownBy(() -> DockerConfig.load(badAuth))
        .hasMessage("auths.r.example.com.auth is not base64 (expected: base64 of user:password)");
    assertThatThrownBy(() -> DockerConfig.load(noColon)).hasMessage("auths.r.example.com.auth does not decode to user:password");
  }

  @Test
  void defaultFile_dockerConfigVariableFirst_thenHome() {
    assertThat(DockerConfig.defaultFile(Map.of("DOCKER_CONFIG", "/etc/ci-docker"), "/home/u"))
        .isEqualTo(Path.of("/etc/ci-docker/config.json"));
    assertThat(DockerConfig.defaultFile(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.docker/config.json"));
  }

  @Test
  void registryAccess_explicitCredentialsWin_overTheConfigFile() throws Exception {
    DockerConfig config = DockerConfig.load(write(
        "{\"auths\": {\"127.0.0.1:5000\": {\"username\": \"file\", \"password\": \"f\"},"
            + " \"127.0.0.1:6000\": {\"username\": \"file6\", \"password\": \"f6\"}}}"));
    RegistryAccess access = new RegistryAccess(Set.of(), Map.of("127.0.0.1:5000", new RegistryAccess.Credentials("given", "g")))
        .withDockerConfig(config);

    assertThat(access.credentialsFor("127.0.0.1:5000")).contains(new RegistryAccess.Credentials("given", "g"));
    assertThat(access.credentialSource("127.0.0.1:5000")).contains("given");
    assertThat(access.credentialsFor("127.0.0.1:6000")).contains(new RegistryAccess.Credentials("file6", "f6"));
    assertThat(access.credentialSource("127.0.0.1:6000")).contains(config.file().toString());
    assertThat(access.credentialSource("127.0.0.1:7000")).isEmpty();
  }

  private Path write(String json) throws Exception {
    Path file = Files.createTempFile(tmp, "config", ".json");
    Files.writeString(file, json);
    return file;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
