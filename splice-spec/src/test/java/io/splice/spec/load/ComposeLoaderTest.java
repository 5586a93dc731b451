package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.splice.spec.App;
import io.splice.spec.BuildOptions;
import io.splice.spec.Diagnostic;
import io.splice.spec.Expose;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.Resources;
import io.splice.spec.ServiceSpec;
import io.splice.spec.SpecException;
import io.splice.spec.UpdateStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeLoaderTest {

  @Test
  void load_composeFile() throws Exception {
    Path dir = Fixtures.spec("compose/full");

    App app = SpecLoader.load(dir);

    assertThat(app.name()).isEqualTo("shop");
    assertThat(app.source()).isEqualTo(dir.resolve("docker-compose.yml"));
    assertThat(app.services()).containsOnlyKeys("web", "api", "db");
    ServiceSpec web = app.service("web");
    assertThat(web.runtime()).isEqualTo(ServiceSpec.RUNTIME_DOCKER);
    assertThat(web.build()).isEqualTo(dir.resolve("web"));
    assertThat(web.buildOptions()).isEqualTo(new BuildOptions(null, null, Map.of("VERSION", "1")));
    assertThat(web.workdir()).isEqualTo(dir);
    assertThat(web.expose()).isEqualTo(new Expose("127.0.0.1", 8080));
    assertThat(web.targetPort()).isEqualTo(80);
    assertThat(web.env()).containsExactly(entry("DB_URL", "postgres://db:5432/shop"));
    assertThat(web.health()).isEqualTo(new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND, null,
        List.of("curl", "-f", "http://localhost/health"), Duration.ofSeconds(10), Duration.ofSeconds(2),
        HealthCheckSpec.DEFAULT_HEALTHY_THRESHOLD, 5, Duration.ofSeconds(40)));
    assertThat(web.dependsOn()).containsExactly("api");
    assertThat(web.replicas()).isEqualTo(3);
    assertThat(web.update()).isEqualTo(new UpdateStrategy(UpdateStrategy.Strategy.ROLLING, 2, 0,
        Duration.ofSeconds(5), UpdateStrategy.DEFAULT_HEALTHY_DEADLINE, UpdateStrategy.DEFAULT_PROGRESS_DEADLINE,
        true));
    assertThat(web.resources()).isEqualTo(new Resources(0.5, 512L * 1024 * 1024));
    assertThat(web.stopGracePeriod()).isEqualTo(Duration.ofSeconds(90));

    ServiceSpec api = app.service("api");
    assertThat(api.image()).isEqualTo("shop/api:2");
    assertThat(api.command()).containsExactly("java", "-jar", "/app/api.jar");
    assertThat(api.expose()).isEqualTo(new Expose("0.0.0.0", 18080));
    assertThat(api.targetPort()).isEqualTo(8080);
    assertThat(api.env()).containsExactly(entry("LOG_LEVEL", "info"));
    assertThat(api.health().command()).containsExactly("/bin/sh", "-c",
        "wget -qO- http://localhost:8080/health || exit 1");
    assertThat(api.update().maxSurge()).isZero();
    assertThat(api.update().maxUnavailable()).isEqualTo(1);
    assertThat(api.update().autoRevert()).isFalse();

    ServiceSpec db = app.service("db");
    assertThat(db.health().kind()).isEqualTo(HealthCheckSpec.Kind.NONE);
    assertThat(app.startOrder()).extracting(ServiceSpec::name).containsExactly("db", "api", "web");
  }

  @Test
  void load_composeIgnoredKeysAreWarningsWithPositions() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/full"));

    String volumes = "ignored (Splice does not mount volumes; a replica starts from its image or folder, so keep"
        + " state in a database or store outside it)";
    String networks = "ignored (services reach each other through Splice's proxy at the address in NAME_URL)";
    assertThat(app.warnings()).extracting(Diagnostic::toString).containsExactly(
        "docker-compose.yml:4:3: services.web.restart: ignored (Splice restarts every replica that exits, with a"
            + " growing delay, whatever the policy)",
        "docker-compose.yml:16:9: services.web.ports[1]: '9443:443' ignored"
            + " (Splice's proxy listens on one port per service, the first published one)",
        "docker-compose.yml:19:9: services.web.environment[1]: no value, ignored"
            + " (Splice does not pass its own environment on; write the value here)",
        "docker-compose.yml:33:9: services.web.deploy.resources.reservations: ignored (Splice applies limits only)",
        "docker-compose.yml:35:5: services.web.container_name: ignored (Splice names each replica itself)",
        "docker-compose.yml:52:5: services.db.volumes: " + volumes,
        "docker-compose.yml:54:5: services.db.networks: " + networks,
        "docker-compose.yml:57:5: services.db.privileged: ignored (Splice never runs a replica privileged)",
        "docker-compose.yml:58:5: services.db.cap_add: ignored"
            + " (Splice runs replicas with the runtime's default capabilities)",
        "docker-compose.yml:59:5: services.db.labels: ignored (Splice labels its containers itself)",
        "docker-compose.yml:60:5: services.db.logging: ignored"
            + " (Splice keeps each replica's output in its own log files)",
        "docker-compose.yml:61:5: services.db.imgae: ignored (unknown key; did you mean 'image'?)",
        "docker-compose.yml:62:1: volumes: " + volumes,
        "docker-compose.yml:64:1: networks: " + networks);
  }

  @Test
  void load_composeProcessRuntimeAndRenamedServices() throws Exception {
    Path dir = Fixtures.spec("compose/process");

    App app = SpecLoader.load(dir);

    assertThat(app.name()).isEqualTo("process");
    assertThat(app.warnings()).extracting(Diagnostic::toString).containsExactly(
        "compose.yaml:3:3: services.worker_1: renamed to 'worker-1' (Splice names services with DNS labels)");
    ServiceSpec worker = app.service("worker-1");
    assertThat(worker.runtime()).isEqualTo(ServiceSpec.RUNTIME_PROCESS);
    assertThat(worker.command()).containsExactly("./worker", "--fast");
    assertThat(worker.workdir()).isEqualTo(dir);
    assertThat(worker.targetPort()).isEqualTo(8081);
    assertThat(worker.expose()).isNull();
    assertThat(worker.health().kind()).isEqualTo(HealthCheckSpec.Kind.NONE);
    ServiceSpec tools = app.service("tools");
    assertThat(tools.runtime()).isEqualTo(ServiceSpec.RUNTIME_DOCKER);
    assertThat(tools.health().command()).containsExactly("/bin/sh", "-c", "echo ok");
    assertThat(tools.dependsOn()).containsExactly("worker-1");
  }

  @Test
  void load_composeNamedByItsFolder_portsOnePerService() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/My_Project"));

    assertThat(app.name()).isEqualTo("my-project");
    assertThat(app.service("web").expose()).isEqualTo(new Expose(Expose.DEFAULT_HOST, 8080));
    assertThat(app.warnings()).extracting(Diagnostic::toString).containsExactly(
        "docker-compose.yaml:4:28: services.web.ports[1]: '53:53/udp' ignored (Splice's proxy carries TCP only)",
        "docker-compose.yaml:4:41: services.web.ports[2]: '9000-9001:9000-9001' ignored"
            + " (port ranges are not supported; Splice exposes one port per service)");
  }

  @Test
  void load_servicesWithoutAppIsCompose() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/sniffed/app.yml"));

    assertThat(app.name()).isEqualTo("sniffed");
    assertThat(app.service("web").runtime()).isEqualTo(ServiceSpec.RUNTIME_DOCKER);
    assertThat(app.service("web").image()).isEqualTo("nginx:1.27");
  }

  @Test
  void load_composeWrongShapesAreErrors() {
    assertThatThrownBy(() -> SpecLoader.load(Fixtures.spec("compose/broken")))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.errors())
            .extracting(Diagnostic::toString).containsExactly(
                "docker-compose.yml:3:12: services.web.image: a list (expected: a string)",
                "docker-compose.yml:4:12: services.web.ports: 8080 (expected: a list of ports such as ['8080:80'])",
                "docker-compose.yml:5:18: services.web.environment: 'production'"
                    + " (expected: a map of names to values, or a list of 'NAME=value')",
                "docker-compose.yml:7:14: services.web.healthcheck.test[0]: 'HTTP'"
                    + " (expected: 'CMD', 'CMD-SHELL' or 'NONE')",
                "docker-compose.yml:8:16: services.web.healthcheck.retries: 'zero' (expected: an integer)",
                "docker-compose.yml:10:17: services.web.deploy.replicas: -2 (expected: >= 0)",
                "docker-compose.yml:11:36: services.web.deploy.update_config.parallelism: 0 (expected: >= 1)",
                "docker-compose.yml:11:46: services.web.deploy.update_config.order: 'sideways'"
                    + " (expected: 'start-first' or 'stop-first')",
                "docker-compose.yml:14:12: services.api.build: 'https://example.com/api.git'"
                    + " (expected: a local folder; Splice does not build from remote contexts)",
                "docker-compose.yml:15:18: services.api.depends_on[0]: 'wbe'"
                    + " (expected: a service of this app; did you mean 'web'?)"));
  }
}
