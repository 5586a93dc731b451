package io.splice.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming codec writes what Jackson's object mapper wrote from the records' annotations,
 * byte for byte (the expected texts were produced by the mapper), so that digests do not change;
 * and it reads what other tools write, ignoring what it does not know.
 */
class OciJsonTest {
  private static final Map<String, String> WRITTEN_BY_THE_MAPPER = Map.ofEntries(
        Map.entry("descriptor", "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":32654}"),
        Map.entry("descriptorAnnotatedWithPlatform", "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"size\":0,\"annotations\":{\"a\":\"first \\\"quoted\\\" \u00e9\\n\",\"z\":\"last\"},\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}"),
        Map.entry("descriptorEmptyFields", "{\"size\":0,\"platform\":{\"os\":\"linux\"}}"),
        Map.entry("indexEmpty", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}"),
        Map.entry("index", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":32654},{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"size\":0,\"annotations\":{\"a\":\"first \\\"quoted\\\" \u00e9\\n\",\"z\":\"last\"},\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}],\"annotations\":{\"k\":\"v\"}}"),
        Map.entry("manifestNoLayers", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"size\":2},\"layers\":[]}"),
        Map.entry("manifest", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":32654},{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":32654}],\"annotations\":{\"org.opencontainers.image.base.digest\":\"sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\",\"org.opencontainers.image.base.name\":\"base:1\"}}"),
        Map.entry("configMinimal", "{\"config\":{}}"),
        Map.entry("configEmptyParts", "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"),
        Map.entry("configFull", "{\"created\":\"1970-01-01T00:00:00Z\",\"author\":\"me <m@example.com>\",\"architecture\":\"amd64\",\"os\":\"linux\",\"variant\":\"v2\",\"config\":{\"User\":\"65532:65532\",\"ExposedPorts\":{\"53/udp\":{},\"8080/tcp\":{}},\"Env\":[\"PATH=/usr/bin\",\"Q=a\\\"b\\\\c\\td\"],\"Entrypoint\":[\"/app/run\"],\"Cmd\":[\"--port\",\"8080\"],\"Volumes\":{\"/data\":{}},\"WorkingDir\":\"/srv/app\",\"Labels\":{\"a\":\"\",\"org.example\":\"x\"},\"StopSignal\":\"SIGINT\",\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"wget -q localhost\"],\"Interval\":30000000000,\"StartPeriod\":5,\"Retries\":2},\"Shell\":[\"/bin/ash\",\"-c\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"]},\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"COPY a /\"},{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"ENV X=1\",\"comment\":\"a comment\",\"empty_layer\":true},{}]}"),
        Map.entry("containerEmptyCollections", "{\"Healthcheck\":{}}"),
        Map.entry("healthNone", "{\"Test\":[\"NONE\"]}"),
        Map.entry("platform", "{\"architecture\":\"amd64\",\"os\":\"linux\"}"));

  @Test
  void write_matchesTheObjectMappersBytes_forEveryDocumentKind() {
    Map<String, Object> samples = OciJsonSamples.all();

    assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(WRITTEN_BY_THE_MAPPER.keySet());
    samples.forEach((name, document) -> assertThat(text(OciJson.write(document))).as(name)
        .isEqualTo(WRITTEN_BY_THE_MAPPER.get(name)));
  }

  @Test
  void read_thenWrite_givesTheSameBytes() throws Exception {
    for (String name : List.of("configFull", "configMinimal", "configEmptyParts")) {
      byte[] json = WRITTEN_BY_THE_MAPPER.get(name).getBytes(StandardCharsets.UTF_8);
      assertThat(text(OciJson.write(OciJson.read(json, ImageConfig.class)))).as(name).isEqualTo(text(json));
    }
    for (String name : List.of("manifest", "manifestNoLayers")) {
      byte[] json = WRITTEN_BY_THE_MAPPER.get(name).getBytes(StandardCharsets.UTF_8);
      assertThat(text(OciJson.write(OciJson.read(json, Manifest.class)))).as(name).isEqualTo(text(json));
    }
    for (String name : List.of("index", "indexEmpty")) {
      byte[] json = WRITTEN_BY_THE_MAPPER.get(name).getBytes(StandardCharsets.UTF_8);
      assertThat(text(OciJson.write(OciJson.read(json, ImageIndex.class)))).as(name).isEqualTo(text(json));
    }
  }

  @Test
  void read_dockerConfig_skipsUnknownPropertiesAndNulls() throws Exception {
    String docker = "{\"architecture\":\"amd64\",\"container_config\":{\"Hostname\":\"x\",\"Cmd\":[\"/bin/sh\"]},"
        + "\"config\":{\"Hostname\":\"\",\"Env\":[\"PATH=/bin\"],\"Cmd\":null,\"Labels\":null,\"OnBuild\":null,"
        + "\"ExposedPorts\":{\"80/tcp\":{}},\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000}},"
        + "\"created\":\"2024-01-01T00:00:00.123Z\",\"docker_version\":\"20.10.24\",\"history\":[{\"created_by\":\"x\","
        + "\"empty_layer\":true},{\"created\":\"2024\"}],\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
        + "[\"sha256:%s\"]}}";

    ImageConfig config = OciJson.read(docker.formatted("f".repeat(64)).getBytes(StandardCharsets.UTF_8), ImageConfig.class);

    assertThat(config.architecture()).isEqualTo("amd64");
    assertThat(config.config().env()).containsExactly("PATH=/bin");
    assertThat(config.config().cmd()).isNull();
    assertThat(config.config().exposedPorts()).containsOnlyKeys("80/tcp");
    assertThat(config.config().healthcheck()).isEqualTo(new ContainerConfig.HealthConfig(List.of("CMD", "true"), 1_000_000_000L, 0, 0, 0, 0));
    assertThat(config.history()).extracting(ImageConfig.History::emptyLayer).containsExactly(true, false);
    assertThat(config.rootfs().diffIds()).containsExactly("sha256:" + "f".repeat(64));
  }

  @Test
  void read_notAnObject_orBroken_fails() {
    assertThatThrownBy(() -> OciJson.read("[1]".getBytes(StandardCharsets.UTF_8), Manifest.class))
        .hasMessage("expected a JSON object for Manifest");
    assertThatThrownBy(() -> OciJson.read("{\"layers\": [".getBytes(StandardCharsets.UTF_8), Manifest.class))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> OciJson.read("{\"config\": {\"Env\": \"PATH=/bin\"}}".getBytes(StandardCharsets.UTF_8), ImageConfig.class))
        .hasMessageStartingWith("expected a list of strings for Env");
  }

  @Test
  void parse_givesPlainValues() throws Exception {
    Object value = OciJson.parse("{\"a\": [1, 2.5, \"x\", true, null], \"b\": {}}".getBytes(StandardCharsets.UTF_8));

    assertThat(value).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, "x", true, null), "b", Map.of()));
    assertThatThrownBy(() -> OciJson.parse("{} {}".getBytes(StandardCharsets.UTF_8))).hasMessage("unexpected content after the JSON value");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
