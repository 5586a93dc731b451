package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.splice.spec.App;
import io.splice.spec.Autoscale;
import io.splice.spec.BuildOptions;
import io.splice.spec.Expose;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.Resources;
import io.splice.spec.ServiceSpec;
import io.splice.spec.Tls;
import io.splice.spec.Serving;
import io.splice.spec.UpdateStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

  @Test
  void load_fullExample() throws Exception {
    Path dir = Fixtures.spec("good/full");

    App app = SpecLoader.load(dir);

    assertThat(app.name()).isEqualTo("shop");
    assertThat(app.source()).isEqualTo(dir.resolve("splice.yaml"));
    assertThat(app.warnings()).isEmpty();
    assertThat(app.services()).containsOnlyKeys("catalog", "orders");
    ServiceSpec catalog = app.service("catalog");
    assertThat(catalog.runtime()).isEqualTo(ServiceSpec.RUNTIME_PROCESS);
    assertThat(catalog.command()).containsExactly("java", "-jar", "catalog/target/catalog.jar");
    assertThat(catalog.workdir()).isEqualTo(dir);
    assertThat(catalog.build()).isNull();
    assertThat(catalog.replicas()).isEqualTo(3);
    assertThat(catalog.port()).isEqualTo(18001);
    assertThat(catalog.targetPort()).isNull();
    assertThat(catalog.expose()).isEqualTo(new Expose("127.0.0.1", 8080));
    assertThat(catalog.env()).containsExactly(
        entry("JAVA_OPTS", "-Xmx128m"), entry("CACHE", "true"), entry("POOL", "8"));
    assertThat(catalog.health()).isEqualTo(new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, "/healthz", List.of(),
        Duration.ofMillis(500), Duration.ofSeconds(1), 2, 4, Duration.ofSeconds(90)));
    assertThat(catalog.dependsOn()).containsExactly("orders");
    assertThat(catalog.update()).isEqualTo(new UpdateStrategy(UpdateStrategy.Strategy.BLUE_GREEN, 2, 1,
        Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(5), false));
    assertThat(catalog.autoscale()).isEqualTo(new Autoscale(2, 5, Autoscale.Metric.INFLIGHT, 10));
    assertThat(catalog.resources()).isEqualTo(new Resources(0.5, 256L * 1024 * 1024));
    assertThat(catalog.stopGracePeriod()).isEqualTo(Duration.ofSeconds(20));

    ServiceSpec orders = app.service("orders");
    assertThat(orders.runtime()).isEqualTo(ServiceSpec.RUNTIME_DOCKER);
    assertThat(orders.command()).isEmpty();
    assertThat(orders.build()).isEqualTo(dir.resolve("orders"));
    assertThat(orders.buildOptions()).as("dockerfile: Dockerfile is the default").isEqualTo(BuildOptions.NONE);
    assertThat(orders.image()).isEqualTo("shop/orders:1");
    assertThat(orders.targetPort()).isEqualTo(8080);
    assertThat(orders.expose()).isEqualTo(new Expose("0.0.0.0", 9090));
    assertThat(orders.env()).containsExactly(entry("MODE", "fast"), entry("EMPTY", ""));
    assertThat(orders.health().kind()).isEqualTo(HealthCheckSpec.Kind.COMMAND);
    assertThat(orders.health().command()).containsExactly("/bin/sh", "-c", "curl -f http://localhost:8080/");
    assertThat(orders.update().strategy()).isEqualTo(UpdateStrategy.Strategy.CANARY);
    assertThat(orders.autoscale()).isEqualTo(new Autoscale(1, 3, Autoscale.Metric.P99_MS, 200));
    assertThat(orders.resources()).isEqualTo(new Resources(2.0, 1024L * 1024 * 1024));
    assertThat(orders.stopGracePeriod()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void load_shortForms() throws Exception {
    Path dir = Fixtures.spec("good/short");

    App app = SpecLoader.load(dir.resolve("splice.yaml"));

    ServiceSpec api = app.service("api");
    assertThat(api.command()).containsExactly("/bin/sh", "-c", "./run.sh --port 8080");
    assertThat(api.build()).isEqualTo(dir.resolve("api"));
    assertThat(api.health().kind()).isEqualTo(HealthCheckSpec.Kind.HTTP);
    assertThat(api.health().httpPath()).isEqualTo("/ready");
    assertThat(api.health().interval()).isEqualTo(HealthCheckSpec.DEFAULT_INTERVAL);
    assertThat(api.expose()).isEqualTo(new Expose("127.0.0.2", 8081));
    ServiceSpec worker = app.service("worker");
    assertThat(worker.command()).containsExactly("python3", "worker.py", "3");
    assertThat(worker.health().kind()).isEqualTo(HealthCheckSpec.Kind.NONE);
    assertThat(worker.expose()).isEqualTo(new Expose(Expose.DEFAULT_HOST, 8082));
    ServiceSpec batch = app.service("batch");
    assertThat(batch.health().kind()).isEqualTo(HealthCheckSpec.Kind.NONE);
    assertThat(batch.dependsOn()).containsExactly("api", "worker");
    ServiceSpec quiet = app.service("quiet");
    assertThat(quiet.health().kind()).isEqualTo(HealthCheckSpec.Kind.TCP);
    assertThat(quiet.health().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(quiet.health().timeout()).isEqualTo(HealthCheckSpec.DEFAULT_TIMEOUT);
    assertThat(api.buildOptions()).isEqualTo(BuildOptions.NONE);
    assertThat(app.service("images").build()).isEqualTo(dir.resolve("api"));
    assertThat(app.service("images").buildOptions())
        .isEqualTo(new BuildOptions(dir.resolve("api/Dockerfile.prod"), null, Map.of()));
    assertThat(app.warnings()).isEmpty();
  }

  @Test
  void load_buildShortAndLongForms() throws Exception {
    Path dir = Fixtures.spec("good/build");

    App app = SpecLoader.load(dir);

    assertThat(app.warnings()).isEmpty();
    assertThat(app.service("short").build()).isEqualTo(dir.resolve("web"));
    assertThat(app.service("short").buildOptions()).isEqualTo(BuildOptions.NONE);
    ServiceSpec full = app.service("full");
    assertThat(full.build()).isEqualTo(dir.resolve("web"));
    assertThat(full.buildOptions().dockerfile()).isEqualTo(dir.resolve("web/Dockerfile.prod")).isAbsolute();
    assertThat(full.buildOptions().target()).isEqualTo("runtime");
    assertThat(full.buildOptions().args())
        .containsExactly(entry("VERSION", "2"), entry("DEBUG", "false"), entry("WORKERS", "4"));
    assertThat(app.service("listed").buildOptions()).isEqualTo(new BuildOptions(
        dir.resolve("web/docker/Dev.Dockerfile"), "Build-Stage_1.x",
        orderedMap("VERSION", "3", "EMPTY", "", "EQUALS", "a=b")));
    assertThat(app.service("listed").buildOptions().args()).containsExactly(
        entry("VERSION", "3"), entry("EMPTY", ""), entry("EQUALS", "a=b"));
    assertThat(app.service("default-file").build()).isEqualTo(dir.resolve("web"));
    assertThat(app.service("default-file").buildOptions()).isEqualTo(BuildOptions.NONE);
    assertThat(app.service("outside").buildOptions())
        .isEqualTo(new BuildOptions(dir.resolve("shared/Dockerfile.base"), null, Map.of()));
    assertThat(app.service("here").build()).isEqualTo(dir);
    assertThat(app.service("here").buildOptions()).isEqualTo(new BuildOptions(null, "final", Map.of()));
    assertThat(app.service("here").buildOptions().dockerfileIn(dir)).isEqualTo(dir.resolve("Dockerfile"));
  }

  @Test
  void load_servingAndTls(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("tls"));
    Files.writeString(dir.resolve("tls/web.crt"), "certificate");
    Files.writeString(dir.resolve("tls/web.key"), "key");
    Files.writeString(dir.resolve("splice.yaml"), """
        app: serving
        services:
          grpc:
            command: [./grpc]
            protocol: h2c
            unix_socket: true
            expose: {port: 8443, tls: {cert: tls/web.crt, key: tls/web.key}}
          cache:
            command: [./cache]
            protocol: tcp
          web:
            command: [./web]
        """);

    App app = SpecLoader.load(dir);

    ServiceSpec grpc = app.service("grpc");
    assertThat(grpc.serving()).isEqualTo(new Serving(Serving.H2C, true));
    assertThat(grpc.expose().tls()).isEqualTo(new Tls(dir.resolve("tls/web.crt"), dir.resolve("tls/web.key")));
    assertThat(app.service("cache").serving()).isEqualTo(new Serving(Serving.TCP, false));
    assertThat(app.service("cache").serving().http()).isFalse();
    assertThat(app.service("web").serving()).isEqualTo(Serving.DEFAULT);
    assertThat(app.service("web").expose()).isNull();
    String printed = SpecPrinter.print(app, SpecPrinter.Format.YAML);
    assertThat(printed).contains("""
            protocol: h2c
            unix_socket: true
            expose:
              host: 127.0.0.1
              port: 8443
              tls:
                cert: tls/web.crt
                key: tls/web.key
        """);
    Files.writeString(dir.resolve("splice.yaml"), printed);
    assertThat(SpecLoader.load(dir)).isEqualTo(app);
  }

  @Test
  void load_buildDockerfileAbsolute_keptAsWritten(@TempDir Path dir) throws Exception {
    Path dockerfile = Files.writeString(Files.createDirectories(dir.resolve("files")).resolve("Web.Dockerfile"),
        "FROM scratch\n");
    Files.writeString(dir.resolve("splice.yaml"), """
        app: absolute
        services:
          web:
            runtime: docker
            build: {context: ./web, dockerfile: %s}
        """.formatted(dockerfile));

    ServiceSpec web = SpecLoader.load(dir).service("web");

    assertThat(web.build()).isEqualTo(dir.resolve("web"));
    assertThat(web.buildOptions().dockerfile()).isEqualTo(dockerfile);
  }

  @Test
  void load_defaultsApplied() throws Exception {
    Path dir = Fixtures.spec("good/defaults");

    ServiceSpec web = SpecLoader.load(dir).service("web");

    assertThat(web).isEqualTo(new ServiceSpec("web", ServiceSpec.RUNTIME_PROCESS, List.of("./web"), dir, null, null,
        ServiceSpec.DEFAULT_REPLICAS, null, null, null, java.util.Map.of(), HealthCheckSpec.defaultTcp(), List.of(),
        UpdateStrategy.defaults(), null, Resources.none(), ServiceSpec.DEFAULT_STOP_GRACE_PERIOD));
    assertThat(web.buildOptions()).isEqualTo(BuildOptions.NONE);
  }

  @Test
  void load_relativePathsResolvedAgainstTheSpecsFolder() throws Exception {
    Path dir = Fixtures.spec("good/paths/app");

    App app = SpecLoader.load(dir);

    assertThat(app.baseDir()).isEqualTo(dir);
    assertThat(app.service("relative").workdir()).isEqualTo(dir.resolve("sub"));
    assertThat(app.service("relative").workdir()).isAbsolute();
    assertThat(app.service("relative").build()).isEqualTo(dir.getParent().resolve("ctx"));
    assertThat(app.service("parent").workdir()).isEqualTo(dir);
  }

  static Map<String, String> orderedMap(String... namesAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void startOrder_respectsDependsOn() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("good/order"));

    assertThat(app.startOrder()).extracting(ServiceSpec::name).containsExactly("orders", "catalog", "gateway");
  }

  @Test
  void load_anchorsAndMergeKeys() throws Exception {
    App app = SpecLoader.load(Fixtures.spec("good/anchors"));

    ServiceSpec catalog = app.service("catalog");
    assertThat(catalog.replicas()).isEqualTo(4);
    assertThat(catalog.health().httpPath()).isEqualTo("/healthz");
    assertThat(catalog.health().interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(catalog.env()).containsExactly(entry("LOG", "info"));
    ServiceSpec orders = app.service("orders");
    assertThat(orders.replicas()).isEqualTo(2);
    assertThat(orders.stopGracePeriod()).isEqualTo(Duration.ofSeconds(3));
    assertThat(orders.env()).containsExactly(entry("LOG", "info"));
    assertThat(app.service("orders-copy").command()).containsExactly("./orders");
    assertThat(app.services()).containsOnlyKeys("catalog", "orders", "orders-copy");
  }
}
