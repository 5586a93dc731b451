package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.spec.Diagnostic;
import io.splice.spec.SpecException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken specs under {@code specs/broken}: each must report exactly these errors, in file order. */
class SpecLoaderErrorsTest {

  @Test
  void load_badYamlSyntax() {
    assertErrors("bad-yaml",
        "splice.yaml:5:13: invalid YAML: expected ',' or ']', but got : (while parsing a flow sequence at 4:14)");
  }

  @Test
  void load_badIndentation() {
    assertErrors("bad-indent",
        "splice.yaml:5:4: invalid YAML: expected <block end>, but found '<block mapping start>'"
            + " (while parsing a block mapping at 3:3)");
  }

  @Test
  void load_wrongTypes() {
    assertErrors("wrong-type",
        "splice.yaml:5:15: services.catalog.replicas: 'three' (expected: an integer)",
        "splice.yaml:6:11: services.catalog.port: a list (expected: an integer)",
        "splice.yaml:7:10: services.catalog.env: 5 (expected: a map of names to values, or a list of 'NAME=value')");
  }

  @Test
  void load_unknownKeyWithHint() {
    assertErrors("unknown-key",
        "splice.yaml:5:5: services.catalog.replcas: unknown key (did you mean 'replicas'?)",
        "splice.yaml:6:5: services.catalog.flavour: unknown key (expected: one of runtime, command, workdir, build,"
            + " image, replicas, port, target_port, protocol, unix_socket, expose, env, health, depends_on, update,"
            + " autoscale, resources, stop_grace_period)");
  }

  @Test
  void load_servingMistakes() {
    assertErrors("serving",
        "splice.yaml:5:15: services.grpc.protocol: 'http3' (expected: one of http, h2c, tcp)",
        "splice.yaml:9:31: services.cache.expose.tls: TLS on a tcp service (expected: protocol http or h2c, whose"
            + " requests the proxy decrypts; a tcp service's replicas can terminate TLS themselves)",
        "splice.yaml:15:15: services.web.expose.tls.cert: 'missing.crt' (expected: a readable PEM file, relative to"
            + " the spec's folder (" + Fixtures.spec("broken/serving").resolve("missing.crt")
            + " is not one))",
        "splice.yaml:19:31: services.site.expose.tls.key: missing (expected: the path of a PEM file, relative to the"
            + " spec's folder)",
        "splice.yaml:23:18: services.box.unix_socket: a Unix socket on the docker runtime (expected: false; only"
            + " the process runtime's replicas can offer one, on the host)");
  }

  @Test
  void load_dependencyCycleAndSelfDependency() {
    assertErrors("cycle",
        "splice.yaml:5:18: services.gateway.depends_on: dependency cycle gateway -> catalog -> gateway"
            + " (expected: no cycles, so that services can start in order)",
        "splice.yaml:11:18: services.orders.depends_on[0]: 'orders'"
            + " (expected: another service; a service cannot depend on itself)");
  }

  @Test
  void load_portClashes() {
    assertErrors("port-clash",
        "splice.yaml:9:11: services.orders.port: 18001"
            + " (expected: a port no other service uses; services.catalog.port has it)",
        "splice.yaml:10:13: services.orders.expose: '127.0.0.1:8080'"
            + " (expected: an address no other service exposes; services.catalog.expose has it)",
        "splice.yaml:13:11: services.gateway.port: 8080"
            + " (expected: a port no expose uses; services.catalog.expose has it)",
        "splice.yaml:17:13: services.admin.expose: '127.0.0.2:9000'"
            + " (expected: an address no other service exposes; services.gateway.expose.port has it)");
  }

  @Test
  void load_missingCommandOrImage() {
    assertErrors("missing-command",
        "splice.yaml:3:3: services.catalog: no command (expected: 'command' for the process runtime,"
            + " or runtime: docker with 'image' or 'build')",
        "splice.yaml:5:3: services.orders: no image (expected: 'image' or 'build' for the docker runtime)",
        "splice.yaml:9:14: services.gateway.runtime: 'dokcer' (expected: 'process' or 'docker')");
  }

  @Test
  void load_badDurations() {
    assertErrors("bad-duration",
        "splice.yaml:7:17: services.catalog.health.interval: '5 seconds'"
            + " (expected: a duration such as '500ms', '2s' or '1m30s', or a number of seconds)",
        "splice.yaml:8:16: services.catalog.health.timeout: '0s' (expected: > 0)",
        "splice.yaml:9:24: services.catalog.stop_grace_period: -3"
            + " (expected: a duration such as '500ms', '2s' or '1m30s', or a number of seconds)");
  }

  @Test
  void load_badResources() {
    assertErrors("bad-memory",
        "splice.yaml:6:13: services.catalog.resources.cpus: 0 (expected: > 0)",
        "splice.yaml:7:15: services.catalog.resources.memory: '256 megabytes'"
            + " (expected: a size such as '256m', '1g', '512Mi' or a number of bytes)");
  }

  @Test
  void load_badExpose() {
    assertErrors("bad-expose",
        "splice.yaml:5:13: services.catalog.expose: 'localhost'"
            + " (expected: a port, 'HOST:PORT' or {host: HOST, port: PORT})",
        "splice.yaml:8:13: services.orders.expose: 70000 (expected: 1-65535)",
        "splice.yaml:11:13: services.gateway.expose: no port"
            + " (expected: a port, 'HOST:PORT' or {host: HOST, port: PORT})");
  }

  @Test
  void load_missingApp() {
    assertErrors("missing-app",
        "splice.yaml:2:1: app: missing (expected: the app's name, a DNS label such as 'shop')");
  }

  @Test
  void load_badUpdateInvariants() {
    assertErrors("bad-update",
        "splice.yaml:6:25: services.catalog.update.min_healthy_time: '2m' (expected: < healthy_deadline, 1m)",
        "splice.yaml:11:26: services.orders.update.progress_deadline: '5m' (expected: > healthy_deadline, 10m)",
        "splice.yaml:15:17: services.gateway.update.strategy: 'blue_green'"
            + " (expected: 'rolling', 'blue-green' or 'canary')",
        "splice.yaml:16:18: services.gateway.update.max_surge: 0"
            + " (expected: > 0 when max_unavailable is 0, or a deploy cannot replace any replica)");
  }

  @Test
  void load_unknownDependency() {
    assertErrors("unknown-dependency",
        "splice.yaml:5:18: services.gateway.depends_on[0]: 'ordrs'"
            + " (expected: a service of this app; did you mean 'orders'?)",
        "splice.yaml:5:34: services.gateway.depends_on[2]: 'catalog' (expected: each service once)",
        "splice.yaml:11:7: services.orders.depends_on.billing: 'billing'"
            + " (expected: one of the other services: gateway, catalog)");
  }

  @Test
  void load_badBuildOptions() {
    String args = "(expected: a map of names to values, or a list of 'NAME=value')";
    assertErrors("build",
        "splice.yaml:5:29: services.typo.build.dockerfle: unknown key (did you mean 'dockerfile'?)",
        "splice.yaml:8:12: services.nocontext.build: dockerfile without a context"
            + " (expected: 'context', the folder to build, which 'dockerfile' is relative to)",
        "splice.yaml:13:19: services.missing.build.dockerfile: 'Dockerfile.missing'"
            + " (expected: an existing file, relative to the build context './web')",
        "splice.yaml:16:37: services.stage.build.target: '-runtime'"
            + " (expected: a stage name: a letter, then letters, digits, '.', '_' or '-')",
        "splice.yaml:19:41: services.shapes.build.dockerfile: a list (expected: a string)",
        "splice.yaml:19:63: services.shapes.build.target: a map (expected: a string)",
        "splice.yaml:19:80: services.shapes.build.args: 5 " + args,
        "splice.yaml:24:14: services.values.build.args[0]: no value (expected: a string, number or boolean)",
        "splice.yaml:24:36: services.values.build.args[2]: a map (expected: 'NAME=value')",
        "splice.yaml:27:12: services.listed.build: a list"
            + " (expected: a folder such as './web', or a map with context, dockerfile, target and args)");
  }

  @Test
  void load_emptyFile() {
    assertErrors("empty", "splice.yaml:1:1: empty file (expected: a map with 'app' and 'services')");
  }

  @Test
  void load_onlyComments() {
    assertErrors("comments-only", "splice.yaml:1:1: empty file (expected: a map with 'app' and 'services')");
  }

  @Test
  void load_topLevelNotAMap() {
    assertErrors("not-a-map", "splice.yaml:1:1: top level: a list (expected: a map with 'app' and 'services')");
  }

  @Test
  void load_severalErrorsAllReported() {
    String dnsLabel = "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit,"
        + " at most 63 characters";
    assertErrors("several",
        "splice.yaml:1:6: app: 'Shop' (expected: " + dnsLabel + ")",
        "splice.yaml:4:14: services.catalog.command: an empty list (expected: a list of arguments or a string)",
        "splice.yaml:5:15: services.catalog.replicas: -1 (expected: >= 0)",
        "splice.yaml:6:11: services.catalog.port: 0 (expected: 1-65535)",
        "splice.yaml:7:14: services.catalog.workdir: 'missing-folder'"
            + " (expected: an existing folder, relative to the spec's folder)",
        "splice.yaml:9:7: services.catalog.health: http and command both given"
            + " (expected: exactly one of http, tcp or command)",
        "splice.yaml:11:26: services.catalog.health.healthy_threshold: 0 (expected: >= 1)",
        "splice.yaml:12:16: services.catalog.autoscale: target_inflight and target_p99 both given"
            + " (expected: exactly one target)",
        "splice.yaml:12:30: services.catalog.autoscale.max: 2 (expected: >= min, 3)",
        "splice.yaml:13:3: services.Orders_1: 'Orders_1' (expected: a service name that is " + dnsLabel + ")",
        "splice.yaml:16:16: services.Orders_1.autoscale: no max (expected: 'max', the most replicas)",
        "splice.yaml:16:16: services.Orders_1.autoscale: no target (expected: target_inflight or target_p99)",
        "splice.yaml:16:22: services.Orders_1.autoscale.min: 0 (expected: >= 1)",
        "splice.yaml:18:5: services.Orders_1.replicas: duplicate key (expected: each key once; first at line 17)");
  }

  @Test
  void load_missingPath(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");

    assertThatThrownBy(() -> SpecLoader.load(missing))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.errors()).hasSize(1);
          assertThat(e.errors().get(0).position()).isNull();
          assertThat(e.errors().get(0).message()).isEqualTo(missing + ": not found (expected: a spec file, or a"
              + " folder with one of splice.yaml, splice.yml, docker-compose.yml, docker-compose.yaml, compose.yaml,"
              + " compose.yml)");
        });
  }

  @Test
  void load_folderWithoutSpec(@TempDir Path dir) {
    assertThatThrownBy(() -> SpecLoader.load(dir))
        .isInstanceOf(SpecException.class)
        .hasMessage(dir + ": no spec file (expected: one of splice.yaml, splice.yml, docker-compose.yml,"
            + " docker-compose.yaml, compose.yaml, compose.yml)");
  }

  private static void assertErrors(String fixture, String... expected) {
    assertThatThrownBy(() -> SpecLoader.load(Fixtures.spec("broken/" + fixture)))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.errors()).extracting(Diagnostic::toString).containsExactly(expected);
          assertThat(e.errors()).allSatisfy(error -> assertThat(error.position()).isNotNull());
        });
  }
}
