package io.splice.spec.load;

import static io.splice.spec.load.ComposeFeaturesTest.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.splice.spec.App;
import io.splice.spec.BuildOptions;
import io.splice.spec.Diagnostic;
import io.splice.spec.Expose;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.Resources;
import io.splice.spec.ServiceSpec;
import io.splice.spec.SpecException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compose files written the way public projects write them (under {@code specs/compose/realworld}):
 * each loads with the expected warnings, or fails with the expected messages.
 */
class RealWorldComposeTest {
  private static final LoadOptions OPTIONS = LoadOptions.defaults().withEnvironment(Map.of());
  private static final String VOLUMES = "ignored (Splice does not mount volumes; a replica starts from its image or"
      + " folder, so keep state in a database or store outside it)";
  private static final String NETWORKS =
      "ignored (services reach each other through Splice's proxy at the address in NAME_URL)";
  private static final String RESTART =
      "ignored (Splice restarts every replica that exits, with a growing delay, whatever the policy)";

  @Test
  void nodePostgres_dotEnvFillsTheDatabaseSettings() throws Exception {
    Path dir = Fixtures.spec("compose/realworld/node-postgres");

    App app = SpecLoader.load(dir, OPTIONS);

    ServiceSpec web = app.service("web");
    assertThat(web.build()).isEqualTo(dir.resolve("web"));
    assertThat(web.buildOptions()).isEqualTo(new BuildOptions(null, "runtime",
        Map.of("NODE_VERSION", "20", "NPM_TOKEN", "")));
    assertThat(web.image()).isEqualTo("acme/web:latest");
    assertThat(web.env()).containsEntry("DATABASE_URL", "postgres://app:app-secret@db:5432/app")
        .containsEntry("POSTGRES_DB", "app");
    assertThat(web.expose()).isEqualTo(new Expose(Expose.DEFAULT_HOST, 3000));
    assertThat(app.service("db").health().command())
        .containsExactly("/bin/sh", "-c", "pg_isready -U ${POSTGRES_USER} -d ${POSTGRES_DB}");
    assertThat(app.startOrder()).extracting(ServiceSpec::name).containsExactly("db", "web");
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:12:5: services.web.restart: " + RESTART + "; also at line 31",
        "docker-compose.yml:36:5: services.db.volumes: " + VOLUMES,
        "docker-compose.yml:44:1: volumes: " + VOLUMES);
  }

  @Test
  void pythonRedis_anchorsMergeKeysAndProfiles() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/realworld/python-redis"), OPTIONS);

    assertThat(app.services()).containsOnlyKeys("web", "worker", "redis");
    assertThat(app.service("web").command())
        .containsExactly("gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "app:create_app()");
    assertThat(app.service("web").replicas()).isEqualTo(2);
    assertThat(app.service("web").buildOptions().args()).containsExactly(entry("PYTHON_VERSION", "3.12"));
    assertThat(app.service("worker").buildOptions()).as("merged from the same anchor")
        .isEqualTo(app.service("web").buildOptions());
    assertThat(app.service("web").resources()).isEqualTo(new Resources(1.0, 512L * 1024 * 1024));
    assertThat(app.service("worker").env()).containsExactly(entry("REDIS_URL", "redis://redis:6379/0"),
        entry("FLASK_ENV", "production"), entry("C_FORCE_ROOT", "false"));
    assertThat(app.service("worker").health().command())
        .containsExactly("/bin/sh", "-c", "celery -A app.tasks inspect ping");
    assertThat(app.service("redis").targetPort()).isEqualTo(6379);
    assertThat(app.service("redis").command()).containsExactly("redis-server", "--appendonly", "yes");
    assertThat(app.service("worker").dependsOn()).containsExactly("redis");
    assertThat(warnings(app)).containsExactly(
        "compose.yaml:16:3: services.web.restart: " + RESTART,
        "compose.yaml:50:5: services.redis.volumes: " + VOLUMES,
        "compose.yaml:59:1: volumes: " + VOLUMES);
  }

  @Test
  void pythonRedis_monitoringProfileAddsFlower() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/realworld/python-redis"),
        OPTIONS.withProfiles(List.of("monitoring")));

    assertThat(app.services()).containsOnlyKeys("web", "worker", "redis", "flower");
    assertThat(app.service("flower").expose()).isEqualTo(new Expose(Expose.DEFAULT_HOST, 5555));
  }

  @Test
  void goMysql_requiredVariableFromDotEnv_deployMapped() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/realworld/go-mysql"), OPTIONS);

    assertThat(app.name()).isEqualTo("inventory");
    ServiceSpec api = app.service("api");
    assertThat(api.buildOptions()).isEqualTo(new BuildOptions(null, "final", Map.of("GO_VERSION", "1.22")));
    assertThat(api.replicas()).isEqualTo(3);
    assertThat(api.update().autoRevert()).isTrue();
    assertThat(api.stopGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(api.env()).containsEntry("DB_DSN", "inventory:inv secret@tcp(mysql:3306)/inventory?parseTime=true");
    ServiceSpec mysql = app.service("mysql");
    assertThat(mysql.env()).containsEntry("MYSQL_ROOT_PASSWORD", "root-secret");
    assertThat(mysql.health()).isEqualTo(new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND, null,
        List.of("mysqladmin", "ping", "-h", "localhost", "-u", "root", "-p${MYSQL_ROOT_PASSWORD}"),
        Duration.ofSeconds(10), Duration.ofSeconds(5), 1, 5, Duration.ofSeconds(30)));
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:22:9: services.api.depends_on.mysql.restart: ignored (Splice does not restart a"
            + " service when a dependency restarts; its replicas reach it through the proxy)",
        "docker-compose.yml:27:9: services.api.deploy.update_config.delay: ignored (Splice replaces the next"
            + " replicas as soon as the previous ones are healthy)",
        "docker-compose.yml:30:7: services.api.deploy.rollback_config: ignored (a rollback replaces replicas with"
            + " the settings of 'update_config')",
        "docker-compose.yml:32:7: services.api.deploy.restart_policy: " + RESTART,
        "docker-compose.yml:36:5: services.api.networks: " + NETWORKS + "; also at line 54",
        "docker-compose.yml:51:5: services.mysql.volumes: " + VOLUMES,
        "docker-compose.yml:55:5: services.mysql.security_opt: ignored (Splice runs replicas with the runtime's"
            + " default security options)",
        "docker-compose.yml:64:1: networks: " + NETWORKS,
        "docker-compose.yml:67:1: volumes: " + VOLUMES);
  }

  @Test
  void goMysql_environmentWinsOverDotEnv() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/realworld/go-mysql"),
        OPTIONS.withEnvironment(Map.of("MYSQL_ROOT_PASSWORD", "from-ci", "API_PORT", "18080")));

    assertThat(app.service("mysql").env()).containsEntry("MYSQL_ROOT_PASSWORD", "from-ci");
    assertThat(app.service("api").expose().port()).isEqualTo(18080);
  }

  @Test
  void javaNginx_frontEndWithVolumesAndNetworks() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("compose/realworld/java-nginx"), OPTIONS);

    assertThat(app.service("nginx").expose()).isEqualTo(new Expose(Expose.DEFAULT_HOST, 80));
    assertThat(app.service("nginx").dependsOn()).containsExactly("app");
    ServiceSpec backend = app.service("app");
    assertThat(backend.buildOptions().args()).containsExactly(entry("JAR_FILE", "target/app.jar"));
    assertThat(backend.targetPort()).isEqualTo(8080);
    assertThat(backend.expose()).isNull();
    assertThat(backend.env()).containsEntry("SERVER_PORT", "8080");
    assertThat(backend.resources()).isEqualTo(new Resources(2.0, 1024L * 1024 * 1024));
    assertThat(backend.health().startPeriod()).isEqualTo(Duration.ofSeconds(60));
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:4:5: services.nginx.container_name: ignored (Splice names each replica itself)",
        "docker-compose.yml:7:9: services.nginx.ports[1]: '443:443' ignored (Splice's proxy listens on one port"
            + " per service, the first published one)",
        "docker-compose.yml:8:5: services.nginx.volumes: " + VOLUMES,
        "docker-compose.yml:11:5: services.nginx.networks: " + NETWORKS + "; also at line 33",
        "docker-compose.yml:16:5: services.nginx.restart: " + RESTART + "; also at line 36",
        "docker-compose.yml:49:9: services.app.deploy.resources.reservations: ignored (Splice applies limits only)",
        "docker-compose.yml:51:5: services.app.logging: ignored (Splice keeps each replica's output in its own"
            + " log files)",
        "docker-compose.yml:55:1: networks: " + NETWORKS);
  }

  @Test
  void brokenWordpress_everyMistakeListed() {
    assertThat(errors("broken-wordpress")).containsExactly(
        "docker-compose.yml:4:12: services.wordpress.ports: '8080:80' (expected: a list of ports such as"
            + " ['8080:80'])",
        "docker-compose.yml:7:30: services.wordpress.environment.WORDPRESS_DB_PASSWORD: WORDPRESS_DB_PASSWORD is"
            + " required: set WORDPRESS_DB_PASSWORD (expected: WORDPRESS_DB_PASSWORD set in the environment or in"
            + " .env)",
        "docker-compose.yml:10:20: services.wordpress.depends_on.db.condition: 'service_healty' (expected:"
            + " 'service_started', 'service_healthy' or 'service_completed_successfully')",
        "docker-compose.yml:13:17: services.wordpress.healthcheck.interval: '10 seconds' (expected: a duration such"
            + " as '500ms', '2s' or '1m30s', or a number of seconds)",
        "docker-compose.yml:14:14: services.wordpress.restart: 'sometimes' (expected: 'no', 'always',"
            + " 'on-failure', 'on-failure:N' or 'unless-stopped')",
        "docker-compose.yml:18:15: services.db.env_file: 'db.env' (expected: an existing file, relative to the"
            + " Compose file's folder, or {path: db.env, required: false})",
        "docker-compose.yml:22:19: services.db.deploy.resources.limits.memory: 'lots' (expected: a size such as"
            + " '256m', '1g', '512Mi' or a number of bytes)");
  }

  @Test
  void brokenShapes_eachWrongShapeIsAnErrorAtItsValue() {
    assertThat(errors("broken-shapes")).containsExactly(
        "docker-compose.yml:4:14: services.web.command: a map (expected: a list of arguments or a string)",
        "docker-compose.yml:5:17: services.web.entrypoint: 'nginx -g 'daemon off;' (expected: a command whose"
            + " quotes are closed)",
        "docker-compose.yml:6:13: services.web.expose: 80 (expected: a list of ports such as ['3000'])",
        "docker-compose.yml:7:15: services.web.env_file: a map (expected: a file, or a list of files, relative to"
            + " the Compose file)",
        "docker-compose.yml:8:15: services.web.profiles: 'debug' (expected: a list of profile names)",
        "docker-compose.yml:10:12: services.web.depends_on.api: 'fast' (expected: a map such as"
            + " {condition: service_healthy})",
        "docker-compose.yml:12:35: services.web.deploy.restart_policy.condition: 'always' (expected: 'none',"
            + " 'on-failure' or 'any')",
        "docker-compose.yml:12:57: services.web.deploy.restart_policy.max_attempts: -1 (expected: >= 0)",
        "docker-compose.yml:13:32: services.web.deploy.rollback_config.order: 'sideways' (expected: 'start-first'"
            + " or 'stop-first')",
        "docker-compose.yml:13:61: services.web.deploy.rollback_config.max_failure_ratio: 2 (expected: a ratio"
            + " from 0 to 1)",
        "docker-compose.yml:16:18: services.api.healthcheck: 'yes please' (expected: a map)",
        "docker-compose.yml:18:17: services.api.ports[0].target: 'http' (expected: an integer)");
  }

  private static List<String> errors(String name) {
    try {
      SpecLoader.load(Fixtures.spec("compose/realworld/" + name), OPTIONS);
    } catch (SpecException e) {
      return e.errors().stream().map(Diagnostic::toString).toList();
    }
    throw new AssertionError(name + " loaded without errors");
  }
}
