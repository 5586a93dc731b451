package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.spec.App;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecPrinterTest {
  private static final LoadOptions OPTIONS =
      LoadOptions.defaults().withEnvironment(Map.of()).withProfiles(List.of(LoadOptions.ALL_PROFILES));

  @TempDir Path temp;

  @Test
  void print_yaml_everyDefaultFilledIn() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("good/full"), OPTIONS);

    String yaml = SpecPrinter.print(app, SpecPrinter.Format.YAML);

    assertThat(yaml).startsWith("""
        app: shop
        services:
          catalog:
            runtime: process
            command:
              - java
              - -jar
              - catalog/target/catalog.jar
            workdir: "."
            replicas: 3
            port: 18001
            protocol: http
            expose:
              host: 127.0.0.1
              port: 8080
            env:
              JAVA_OPTS: -Xmx128m
              CACHE: "true"
              POOL: "8"
            health:
              http: /healthz
              interval: 500ms
              timeout: 1s
              healthy_threshold: 2
              unhealthy_threshold: 4
              start_period: 1m30s
            depends_on:
              - orders
            update:
              strategy: blue-green
              max_surge: 2
              max_unavailable: 1
              min_healthy_time: 2s
              healthy_deadline: 1m
              progress_deadline: 5m
              auto_revert: false
            autoscale:
              min: 2
              max: 5
              target_inflight: 10.0
            resources:
              cpus: 0.5
              memory: 256Mi
            stop_grace_period: 20s
          orders:
            runtime: docker
            workdir: "."
            build: orders
        """);
    assertThat(yaml).contains("""
            health:
              command:
                - /bin/sh
                - -c
                - curl -f http://localhost:8080/
              interval: 2s
        """).contains("""
            autoscale:
              min: 1
              max: 3
              target_p99: 200ms
            resources:
              cpus: 2.0
              memory: 1Gi
            stop_grace_period: 1s500ms
        """);
  }

  @Test
  void print_json_sameTree() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/full"), OPTIONS);

    JsonNode json = new ObjectMapper().readTree(SpecPrinter.print(app, SpecPrinter.Format.JSON));

    assertThat(json.get("app").asText()).isEqualTo("shop");
    JsonNode web = json.get("services").get("web");
    assertThat(web.get("runtime").asText()).isEqualTo("docker");
    assertThat(web.get("build").get("context").asText()).isEqualTo("web");
    assertThat(web.get("build").get("args").get("VERSION").asText()).isEqualTo("1");
    assertThat(web.get("replicas").asInt()).isEqualTo(3);
    assertThat(web.get("resources").get("memory").asText()).isEqualTo("512Mi");
    assertThat(web.get("stop_grace_period").asText()).isEqualTo("1m30s");
    assertThat(web.get("health").get("command").get(0).asText()).isEqualTo("curl");
    assertThat(json.get("services").get("db").get("health").asText()).isEqualTo("none");
  }

  @Test
  void print_pathOutsideTheSpecFolder_staysRelative() throws Exception {
    Path app = Files.createDirectories(temp.resolve("app"));
    Files.writeString(app.resolve("splice.yaml"), """
        app: paths
        services:
          api:
            runtime: docker
            build: ../context
        """);

    String yaml = SpecPrinter.print(SpecLoader.load(app, OPTIONS), SpecPrinter.Format.YAML);

    assertThat(yaml).contains("    build: ../context\n");
  }

  @Test
  void print_build_shortFormWithoutOptions_longFormWithAny() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("good/build"), OPTIONS);

    String yaml = SpecPrinter.print(app, SpecPrinter.Format.YAML);

    assertThat(yaml).contains("""
          short:
            runtime: docker
            workdir: "."
            build: web
            replicas: 1
        """).contains("""
          full:
            runtime: docker
            workdir: "."
            build:
              context: web
              dockerfile: Dockerfile.prod
              target: runtime
              args:
                VERSION: "2"
                DEBUG: "false"
                WORKERS: "4"
            replicas: 1
        """).contains("""
            build:
              context: web
              dockerfile: docker/Dev.Dockerfile
              target: Build-Stage_1.x
              args:
                VERSION: "3"
                EMPTY: ""
                EQUALS: a=b
        """).contains("""
          default-file:
            runtime: docker
            workdir: "."
            build: web
        """).contains("""
            build:
              context: web
              dockerfile: ../shared/Dockerfile.base
            replicas: 1
        """).contains("""
            build:
              context: "."
              target: final
            replicas: 1
        """);
  }

  @Test
  void print_json_buildLongForm() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/features/build"), OPTIONS);

    JsonNode services = new ObjectMapper().readTree(SpecPrinter.print(app, SpecPrinter.Format.JSON)).get("services");

    JsonNode web = services.get("web").get("build");
    assertThat(web.get("context").asText()).isEqualTo("web");
    assertThat(web.get("dockerfile").asText()).isEqualTo("Dockerfile.prod");
    assertThat(web.get("target").asText()).isEqualTo("runtime");
    assertThat(web.get("args").get("VERSION").asText()).isEqualTo("2");
    assertThat(services.get("plain").get("build").asText()).isEqualTo("web");
  }

  @ParameterizedTest
  @ValueSource(strings = {"good/full", "good/defaults", "good/anchors", "good/order", "good/short", "good/build",
      "compose/features/build",
      "compose/full", "compose/process", "compose/My_Project", "compose/features/env-file",
      "compose/features/interpolation", "compose/features/commands", "compose/features/ports-long",
      "compose/features/expose", "compose/features/healthcheck", "compose/features/depends-on",
      "compose/features/lifecycle", "compose/features/anchors", "compose/features/extensions",
      "compose/features/profiles", "compose/realworld/node-postgres", "compose/realworld/python-redis",
      "compose/realworld/go-mysql", "compose/realworld/java-nginx"})
  void print_yamlLoadsBackIntoTheSameApp(String fixture) throws Exception {
    Path folder = copy(Fixtures.spec(fixture));
    App original = SpecLoader.load(folder, OPTIONS);
    Path resolved = folder.resolve("resolved.yaml");
    Files.writeString(resolved, SpecPrinter.print(original, SpecPrinter.Format.YAML));

    App reloaded = SpecLoader.load(resolved, OPTIONS);

    assertThat(reloaded.warnings()).isEmpty();
    assertThat(reloaded.name()).isEqualTo(original.name());
    assertThat(reloaded.services()).isEqualTo(original.services());
  }

  @Test
  void formatMemory_largestExactBinaryUnit() {
    assertThat(MemorySizes.format(256L * 1024 * 1024)).isEqualTo("256Mi");
    assertThat(MemorySizes.format(1024L * 1024 * 1024)).isEqualTo("1Gi");
    assertThat(MemorySizes.format(1536L * 1024)).isEqualTo("1536Ki");
    assertThat(MemorySizes.format(2L << 40)).isEqualTo("2Ti");
    assertThat(MemorySizes.format(1000)).isEqualTo(1000L);
    assertThat(MemorySizes.parse("1536Ki")).isEqualTo(1536L * 1024);
  }

  private Path copy(Path folder) throws IOException {
    Path copy = temp.resolve(folder.getFileName().toString());
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
        Path destination = copy.resolve(folder.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
    }
    return copy;
  }
}
