package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code splice config} checks a spec without running it: the resolved app on stdout, every error on stderr. */
class ConfigIT {
  @TempDir Path dir;

  @Test
  void config_goodComposeFile_printsTheResolvedAppAndWarnings() throws Exception {
    Files.writeString(dir.resolve(".env"), "TAG=1.4\n");
    Files.writeString(dir.resolve("web.env"), "LOG_LEVEL=info\n");
    Files.writeString(dir.resolve("docker-compose.yml"), """
        name: shop
        services:
          web:
            image: shop/web:${TAG}
            env_file: web.env
            ports: ["8080:80"]
            restart: always
            depends_on:
              db: {condition: service_healthy}
            deploy:
              resources: {limits: {memory: 256M}}
          db:
            image: postgres:16
            healthcheck:
              test: ["CMD-SHELL", "pg_isready"]
              interval: 500ms
          debug:
            image: busybox
            profiles: [debug]
        """);
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("config", "-f", dir.toString());

    assertThat(result.exit()).as(result.all()).isZero();
    assertThat(result.out()).startsWith("app: shop\nservices:\n  web:\n")
        .contains("    image: shop/web:1.4\n", "      LOG_LEVEL: info\n", "      memory: 256Mi\n",
            "      interval: 500ms\n", "    stop_grace_period: 10s\n")
        .doesNotContain("debug");
    assertThat(result.err()).contains("warning: ")
        .contains("docker-compose.yml:7:5: services.web.restart: ignored (Splice restarts every replica that exits");
    assertThat(dir.resolve("state").resolve("daemon.json")).doesNotExist();
  }

  @Test
  void config_jsonAndProfile() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          api:
            image: shop/api:1
          debug:
            image: busybox
            profiles: [debug]
            depends_on: [api]
        """);
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("config", "-f", dir.resolve("compose.yaml").toString(), "--format", "json",
        "--profile", "debug");

    assertThat(result.exit()).as(result.all()).isZero();
    JsonNode app = new ObjectMapper().readTree(result.out());
    assertThat(app.get("services").has("debug")).isTrue();
    assertThat(app.get("services").get("debug").get("depends_on").get(0).asText()).isEqualTo("api");
  }

  @Test
  void config_brokenFile_listsEveryErrorWithPositionAndExits1() throws Exception {
    Path spec = dir.resolve("docker-compose.yml");
    Files.writeString(spec, """
        services:
          web:
            image: nginx
            ports: "8080:80"
            environment:
              PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}
            healthcheck:
              interval: 10 seconds
            depends_on: [dbb]
          db:
            image: postgres:16
        """);
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("config", "-f", spec.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("4 errors in the spec:")
        .contains("docker-compose.yml:4:12: services.web.ports: '8080:80' (expected: a list of ports such as"
            + " ['8080:80'])")
        .contains("docker-compose.yml:6:17: services.web.environment.PASSWORD: DB_PASSWORD is required: set"
            + " DB_PASSWORD")
        .contains("docker-compose.yml:8:17: services.web.healthcheck.interval: '10 seconds'")
        .contains("docker-compose.yml:9:18: services.web.depends_on[0]: 'dbb' (expected: a service of this app;"
            + " did you mean 'db'?)")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void config_unknownFormat_isAUserError() throws Exception {
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("config", "-f", dir.toString(), "--format", "xml");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("--format xml (expected: yaml or json)");
  }
}
