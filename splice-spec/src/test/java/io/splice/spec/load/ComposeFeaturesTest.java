package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.splice.spec.App;
import io.splice.spec.BuildOptions;
import io.splice.spec.Diagnostic;
import io.splice.spec.Expose;
import io.splice.spec.Serving;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.Resources;
import io.splice.spec.ServiceSpec;
import io.splice.spec.SpecException;
import io.splice.spec.UpdateStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small Compose file per feature, under {@code specs/compose/features}. */
class ComposeFeaturesTest {
  private static final LoadOptions OPTIONS = LoadOptions.defaults().withEnvironment(Map.of());

  @Test
  void envFile_filesInOrder_environmentWins() throws Exception {
    App app = load("env-file", OPTIONS);

    assertThat(app.warnings()).isEmpty();
    assertThat(app.service("api").env()).containsExactly(
        entry("DB_HOST", "db"),
        entry("DB_PORT", "6543"),
        entry("DB_URL", "postgres://db:5432/shop"),
        entry("GREETING", "hello\nworld"),
        entry("LITERAL", "${NOT_EXPANDED}"),
        entry("LOG_LEVEL", "debug"),
        entry("EMPTY", ""));
  }

  @Test
  void envFile_missingFileAndBadLines_areErrorsWithPositions() {
    assertThat(errors("env-file-missing", OPTIONS)).containsExactly(
        "docker-compose.yml:4:29: services.api.env_file[1]: 'missing.env' (expected: an existing file, relative to"
            + " the Compose file's folder, or {path: missing.env, required: false})",
        "present.env:2:1: 'not a line' (expected: a line 'NAME=value')",
        "present.env:3:7: a value opened with \" is not closed (expected: a closing \")");
  }

  @Test
  void interpolation_dotEnvAndEnvironment_environmentWins() throws Exception {
    LoadOptions options = OPTIONS.withEnvironment(Map.of("FROM_DOTENV_AND_ENV", "from-env", "EMPTY_VAR", "",
        "TAG", "2.0"));

    App app = load("interpolation", options);

    assertThat(app.name()).isEqualTo("shop");
    ServiceSpec web = app.service("web");
    assertThat(web.image()).isEqualTo("shop/web:2.0");
    assertThat(web.replicas()).isEqualTo(3);
    assertThat(web.expose()).isEqualTo(new Expose(Expose.DEFAULT_HOST, 8080));
    assertThat(web.env()).containsExactly(
        entry("PLAIN", "dotenv"),
        entry("OVERRIDDEN", "from-env"),
        entry("DEFAULT_IF_EMPTY", "fallback"),
        entry("DEFAULT_IF_UNSET", ""),
        entry("NESTED", "2.0-nested"),
        entry("ALTERNATE", "tagged"),
        entry("ESCAPED", "$HOME and ${TAG}"),
        entry("LONE", "costs $5"),
        entry("UNSET", "[]"));
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:15:14: services.web.environment.UNSET: NOT_SET_ANYWHERE is not set, so an empty string"
            + " is used (set it in the environment or in .env)");
  }

  @Test
  void interpolation_requiredAndInvalid_areErrorsWithPositions() {
    assertThat(errors("interpolation-errors", OPTIONS)).containsExactly(
        "docker-compose.yml:5:26: services.db.environment.POSTGRES_PASSWORD: DB_PASSWORD is required: set"
            + " DB_PASSWORD in .env (expected: DB_PASSWORD set in the environment or in .env)",
        "docker-compose.yml:6:22: services.db.environment.POSTGRES_USER: DB_USER is required"
            + " (expected: DB_USER set in the environment or in .env)",
        "docker-compose.yml:7:15: services.db.environment.BROKEN: invalid interpolation: '${UNCLOSED' has no"
            + " closing '}'",
        "docker-compose.yml:8:17: services.db.environment.BAD_NAME: invalid interpolation: '${-oops}' names no"
            + " variable (expected: a name of letters, digits and '_')");
  }

  @Test
  void interpolation_requiredVariableSet_loads() throws Exception {
    LoadOptions options = OPTIONS.withEnvironment(Map.of("DB_PASSWORD", "secret", "DB_USER", "",
        "UNCLOSED", "x"));

    assertThat(errors("interpolation-errors", options)).hasSize(2)
        .allSatisfy(error -> assertThat(error).contains("invalid interpolation"));
  }

  @Test
  void commands_processRunsEntrypointThenCommand_stringsSplitLikeAShell() throws Exception {
    App app = load("commands", OPTIONS);

    assertThat(app.service("worker").command())
        .containsExactly("python", "-m", "worker", "--queue", "high priority");
    assertThat(app.service("server").command()).containsExactly("./bin/server", "--verbose");
    assertThat(app.service("api").command()).containsExactly("java", "-jar", "/app/api.jar");
    assertThat(app.service("migrate").command())
        .containsExactly("flyway", "-url=jdbc:postgresql://db/shop", "migrate");
    assertThat(warnings(app)).containsExactly("compose.yaml:11:5: services.api.entrypoint: ignored (the docker"
        + " runtime runs the image's own entrypoint with 'command')");
  }

  @Test
  void portsLongSyntax_firstPublishedTcpPort() throws Exception {
    App app = load("ports-long", OPTIONS);

    assertThat(app.service("web").expose()).isEqualTo(new Expose("127.0.0.1", 8080));
    assertThat(app.service("web").targetPort()).isEqualTo(80);
    assertThat(app.service("admin").expose()).isNull();
    assertThat(app.service("admin").targetPort()).isEqualTo(9000);
    assertThat(app.service("web").serving()).isEqualTo(Serving.DEFAULT);
    assertThat(app.service("admin").serving()).isEqualTo(new Serving(Serving.H2C, false));
    assertThat(app.service("cache").serving()).isEqualTo(Serving.DEFAULT);
    assertThat(warnings(app)).containsExactly("docker-compose.yml:14:19: services.web.ports[1].protocol: 'udp'"
        + " ignored (Splice's proxy carries TCP only)", "docker-compose.yml:24:23: services.cache.ports[0].app_protocol:"
        + " 'redis' ignored (Splice knows http, h2c, grpc and tcp; the replicas are reached over HTTP/1.1)");
  }

  @Test
  void expose_givesTheTargetPortWhenPortsDoNot() throws Exception {
    App app = load("expose", OPTIONS);

    assertThat(app.service("api").targetPort()).isEqualTo(3000);
    assertThat(app.service("api").expose()).isNull();
    assertThat(app.service("web").targetPort()).isEqualTo(80);
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:4:22: services.api.expose[1]: 3001 ignored (Splice reaches each replica on one port,"
            + " 3000 from services.api.expose[0])",
        "docker-compose.yml:4:28: services.api.expose[2]: '4000-4010' ignored (port ranges are not supported;"
            + " Splice reaches each replica on one port)");
  }

  @Test
  void healthcheck_disableNoneAndShellForms() throws Exception {
    App app = load("healthcheck", OPTIONS);

    assertThat(app.service("off").health().kind()).isEqualTo(HealthCheckSpec.Kind.NONE);
    assertThat(app.service("none").health().kind()).isEqualTo(HealthCheckSpec.Kind.NONE);
    assertThat(app.service("shell").health()).isEqualTo(new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND, null,
        List.of("/bin/sh", "-c", "redis-cli ping | grep PONG"), Duration.ofSeconds(90), Duration.ofMillis(500),
        HealthCheckSpec.DEFAULT_HEALTHY_THRESHOLD, 10, Duration.ofSeconds(5)));
    assertThat(warnings(app)).containsExactly("docker-compose.yml:18:7: services.shell.healthcheck.start_interval:"
        + " ignored (Splice checks at 'interval' from the start)");
  }

  @Test
  void dependsOn_mapFormWithConditions() throws Exception {
    App app = load("depends-on", OPTIONS);

    assertThat(app.service("web").dependsOn()).containsExactly("api", "cache", "migrate");
    assertThat(app.startOrder()).extracting(ServiceSpec::name)
        .containsExactly("db", "api", "cache", "migrate", "web");
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:7:9: services.web.depends_on.api.restart: ignored (Splice does not restart a service"
            + " when a dependency restarts; its replicas reach it through the proxy)",
        "docker-compose.yml:10:9: services.web.depends_on.cache.required: ignored (every dependency is required)",
        "docker-compose.yml:12:20: services.web.depends_on.migrate.condition: 'service_completed_successfully' not"
            + " honoured (Splice runs services, not one-off jobs: this service starts once 'migrate' has a ready"
            + " replica)");
  }

  @Test
  void lifecycle_restartPoliciesAndRollbackWarnedOncePerKey_legacyLimitsMapped() throws Exception {
    App app = load("lifecycle", OPTIONS);

    String restart = "ignored (Splice restarts every replica that exits, with a growing delay, whatever the policy)";
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:4:5: services.web.restart: " + restart + "; also at lines 12, 17",
        "docker-compose.yml:8:7: services.web.deploy.rollback_config: ignored (a rollback replaces replicas with"
            + " the settings of 'update_config')",
        "docker-compose.yml:9:7: services.web.deploy.restart_policy: " + restart + "; also at line 19");
    assertThat(app.service("web").replicas()).isEqualTo(2);
    assertThat(app.service("web").update()).isEqualTo(UpdateStrategy.defaults());
    assertThat(app.service("api").resources()).isEqualTo(new Resources(1.5, 1024L * 1024 * 1024));
  }

  @Test
  void anchorsAndMergeKeys_writtenKeysWin_firstMergedMapWins() throws Exception {
    App app = load("anchors", OPTIONS);

    assertThat(app.warnings()).isEmpty();
    ServiceSpec catalog = app.service("catalog");
    assertThat(catalog.image()).isEqualTo("shop/catalog:1");
    assertThat(catalog.replicas()).isEqualTo(2);
    assertThat(catalog.env()).containsExactly(entry("LOG_LEVEL", "info"), entry("REGION", "eu"));
    assertThat(catalog.health().interval()).isEqualTo(Duration.ofSeconds(2));
    ServiceSpec orders = app.service("orders");
    assertThat(orders.image()).isEqualTo("shop/base:1");
    assertThat(orders.replicas()).isEqualTo(4);
    assertThat(orders.resources().memoryBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(orders.env()).containsExactly(entry("LOG_LEVEL", "info"), entry("REGION", "us"));
    assertThat(orders.health().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(orders.health().unhealthyThreshold()).isEqualTo(3);
  }

  @Test
  void extensionFields_ignoredSilentlyAtEveryLevel() throws Exception {
    App app = load("extensions", OPTIONS);

    assertThat(app.warnings()).isEmpty();
    assertThat(app.service("web").resources().cpus()).isEqualTo(0.5);
    assertThat(app.service("web").update().maxSurge()).isEqualTo(1);
  }

  @Test
  void profiles_noneActive_onlyServicesWithoutProfiles() throws Exception {
    App app = load("profiles", OPTIONS);

    assertThat(app.services()).containsOnlyKeys("web", "api");
    assertThat(app.warnings()).isEmpty();
  }

  @Test
  void profiles_activeProfileAddsItsServices() throws Exception {
    assertThat(load("profiles", OPTIONS.withProfiles(List.of("debug"))).services())
        .containsOnlyKeys("web", "api", "debug", "admin");
    assertThat(load("profiles", OPTIONS.withProfiles(List.of("ops"))).services())
        .containsOnlyKeys("web", "api", "admin", "metrics");
    assertThat(load("profiles", OPTIONS.withProfiles(List.of(LoadOptions.ALL_PROFILES))).services())
        .containsOnlyKeys("web", "api", "debug", "admin", "metrics", "tools");
  }

  @Test
  void profiles_dependencyOnAServiceLeftOut_isAnError() {
    assertThat(errors("profiles", OPTIONS.withProfiles(List.of("tools")))).containsExactly(
        "docker-compose.yml:21:18: services.tools.depends_on[0]: 'metrics' (expected: a service that is loaded;"
            + " 'metrics' is left out until one of its profiles is active: ops)");
  }

  @Test
  void profiles_unknownActiveProfile_isAWarning() throws Exception {
    App app = load("profiles", OPTIONS.withProfiles(List.of("nope")));

    assertThat(app.warnings()).extracting(Diagnostic::toString)
        .containsExactly("profile 'nope' is active but no service has it");
  }

  @Test
  void build_longForm_argsFromTheFileAndTheEnvironment() throws Exception {
    Path dir = Fixtures.spec("compose/features/build");
    LoadOptions options = OPTIONS.withEnvironment(Map.of("FROM_ENV", "from-env", "OVERRIDDEN", "env"));

    App app = load("build", options);

    ServiceSpec web = app.service("web");
    assertThat(web.build()).isEqualTo(dir.resolve("web"));
    assertThat(web.image()).isEqualTo("shop/web");
    assertThat(web.buildOptions().dockerfile()).isEqualTo(dir.resolve("web/Dockerfile.prod"));
    assertThat(web.buildOptions().target()).isEqualTo("runtime");
    assertThat(web.buildOptions().args()).containsExactly(entry("VERSION", "2"), entry("FROM_ENV", "from-env"));
    ServiceSpec api = app.service("api");
    assertThat(api.build()).isEqualTo(dir.resolve("api"));
    assertThat(api.buildOptions().dockerfile()).isEqualTo(dir.resolve("api/build/api.Dockerfile"));
    assertThat(api.buildOptions().target()).isNull();
    assertThat(api.buildOptions().args()).containsExactly(entry("GO_VERSION", "1.22"),
        entry("FROM_DOTENV", "dotenv-value"), entry("OVERRIDDEN", "env"));
    assertThat(app.service("plain").build()).isEqualTo(dir.resolve("web"));
    assertThat(app.service("plain").buildOptions()).isEqualTo(BuildOptions.NONE);
    assertThat(app.service("here").build()).as("the context defaults to the file's folder").isEqualTo(dir);
    assertThat(app.service("here").buildOptions())
        .isEqualTo(new BuildOptions(dir.resolve("web/Dockerfile.prod"), null, Map.of("TAG", "dev")));
    String unset = " is not set, so the argument is left out (the Dockerfile's ARG default is used; set it in the"
        + " environment or in .env)";
    assertThat(warnings(app)).containsExactly(
        "docker-compose.yml:11:9: services.web.build.args.UNSET_MAP: UNSET_MAP" + unset,
        "docker-compose.yml:20:11: services.api.build.args[3]: UNSET_LIST" + unset,
        "docker-compose.yml:21:7: services.api.build.dockerfle: ignored (unknown key; did you mean 'dockerfile'?)",
        "docker-compose.yml:22:7: services.api.build.no_cache: ignored (Splice does not support this Compose key)");
  }

  @Test
  void build_argWithoutValue_unsetEverywhere_leftOutWithAWarning() throws Exception {
    App app = load("build", OPTIONS);

    assertThat(app.service("web").buildOptions().args()).containsExactly(entry("VERSION", "2"));
    assertThat(app.service("api").buildOptions().args()).containsExactly(entry("GO_VERSION", "1.22"),
        entry("FROM_DOTENV", "dotenv-value"), entry("OVERRIDDEN", "dotenv"));
    String unset = " is not set, so the argument is left out (the Dockerfile's ARG default is used; set it in the"
        + " environment or in .env)";
    assertThat(warnings(app)).filteredOn(warning -> warning.contains(" is not set")).containsExactly(
        "docker-compose.yml:10:9: services.web.build.args.FROM_ENV: FROM_ENV" + unset,
        "docker-compose.yml:11:9: services.web.build.args.UNSET_MAP: UNSET_MAP" + unset,
        "docker-compose.yml:20:11: services.api.build.args[3]: UNSET_LIST" + unset);
  }

  @Test
  void build_mistakes_areErrorsWithPositions() {
    String args = "(expected: a map of names to values, or a list of 'NAME=value')";
    String name = "(expected: 'NAME=value' with a name that is not empty and has no '=')";
    assertThat(errors("build-errors", OPTIONS)).containsExactly(
        "docker-compose.yml:5:19: services.missing.build.dockerfile: 'Dockerfile.missing'"
            + " (expected: an existing file, relative to the build context './web')",
        "docker-compose.yml:9:15: services.stage.build.target: '2nd-stage'"
            + " (expected: a stage name: a letter, then letters, digits, '.', '_' or '-')",
        "docker-compose.yml:13:15: services.shapes.build.target: a list (expected: a string)",
        "docker-compose.yml:14:13: services.shapes.build.args: 5 " + args,
        "docker-compose.yml:18:19: services.values.build.dockerfile: ''"
            + " (expected: an existing file, relative to the build context './web')",
        "docker-compose.yml:19:31: services.values.build.args.NESTED: a map (expected: a string, number or boolean)",
        "docker-compose.yml:22:7: services.nocontext.build: dockerfile without a context"
            + " (expected: 'context', the folder to build, which 'dockerfile' is relative to)",
        "docker-compose.yml:25:12: services.listed.build: a list"
            + " (expected: a folder such as './web', or a map with context, dockerfile, target and args)",
        "docker-compose.yml:29:14: services.names.build.args[0]: '=x' " + name,
        "docker-compose.yml:29:27: services.names.build.args[2]: '' " + name);
  }

  @Test
  void build_dockerfileAbsolute_orTheContextsOwn(@TempDir Path dir) throws Exception {
    Path dockerfile = Files.writeString(dir.resolve("Other.Dockerfile"), "FROM scratch\n");
    Files.writeString(Files.createDirectories(dir.resolve("web")).resolve("Dockerfile"), "FROM scratch\n");
    Files.writeString(dir.resolve("docker-compose.yml"), """
        services:
          absolute:
            build: {context: web, dockerfile: %s}
          own:
            build: {context: web, dockerfile: ./Dockerfile}
        """.formatted(dockerfile));

    App app = SpecLoader.load(dir, OPTIONS);

    assertThat(app.service("absolute").buildOptions().dockerfile()).isEqualTo(dockerfile);
    assertThat(app.service("own").buildOptions()).isEqualTo(BuildOptions.NONE);
    assertThat(app.service("own").buildOptions().dockerfileIn(app.service("own").build()))
        .isEqualTo(dir.resolve("web/Dockerfile"));
  }

  static App load(String feature, LoadOptions options) throws SpecException {
    return SpecLoader.load(Fixtures.spec("compose/features/" + feature), options);
  }

  static List<String> warnings(App app) {
    return app.warnings().stream().map(Diagnostic::toString).toList();
  }

  static List<String> errors(String feature, LoadOptions options) {
    try {
      load(feature, options);
    } catch (SpecException e) {
      return e.errors().stream().map(Diagnostic::toString).toList();
    }
    throw new AssertionError(feature + " loaded without errors");
  }
}
