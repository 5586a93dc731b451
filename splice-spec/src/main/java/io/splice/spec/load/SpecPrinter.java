package io.splice.spec.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.splice.spec.App;
import io.splice.spec.Autoscale;
import io.splice.spec.BuildOptions;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.ServiceSpec;
import io.splice.spec.Tls;
import io.splice.spec.UpdateStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Prints a validated {@link App} as the resolved spec: every default filled in, paths relative to
 * the spec's folder, durations as {@code 1m30s} or {@code 500ms}, and memory as {@code 256Mi}. The
 * YAML is itself a {@code splice.yaml} that loads into the same app, whatever file the app came
 * from; for example:
 *
 * <pre>{@code
 * app: shop
 * services:
 *   web:
 *     runtime: docker
 *     workdir: .
 *     build: {context: web, dockerfile: Dockerfile.prod, target: runtime, args: {VERSION: "2"}}
 *     replicas: 3
 *     target_port: 80
 *     protocol: http
 *     expose: {host: 127.0.0.1, port: 8080, tls: {cert: tls/web.crt, key: tls/web.key}}
 *     env: {DB_URL: "postgres://db:5432/shop"}
 *     health: {command: [curl, -f, "http://localhost/"], interval: 10s, timeout: 2s, ...}
 *     depends_on: [api]
 *     update: {strategy: rolling, max_surge: 1, max_unavailable: 0, min_healthy_time: 1s, ...}
 *     resources: {cpus: 0.5, memory: 512Mi}
 *     stop_grace_period: 10s
 * }</pre>
 *
 * <p>{@code build} is the context alone unless a build option is set, and then the long form, whose
 * {@code dockerfile} is relative to the context, as the loader reads it. Values with no setting are
 * left out: no {@code port} means one is allocated, no {@code expose} means the service is internal,
 * no {@code autoscale} means the replica count is fixed.
 */
public final class SpecPrinter {
  /** The output formats. */
  public enum Format { YAML, JSON }

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .build());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SpecPrinter() {}

  /** {@code app} in {@code format}, ending with a line break. */
  public static String print(App app, Format format) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(format, "format");
    try {
      String text = (format == Format.YAML ? YAML : JSON).writeValueAsString(toMap(app));
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print the app " + app.name(), e);
    }
  }

  /** The resolved spec as nested maps and lists, in {@code splice.yaml}'s keys and order. */
  public static Map<String, Object> toMap(App app) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("app", app.name());
    Map<String, Object> services = new LinkedHashMap<>();
    for (ServiceSpec service : app.services().values()) {
      services.put(service.name(), service(service, app.baseDir()));
    }
    root.put("services", services);
    return root;
  }

  private static Map<String, Object> service(ServiceSpec service, Path baseDir) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("runtime", service.runtime());
    if (!service.command().isEmpty()) {
      map.put("command", service.command());
    }
    map.put("workdir", relative(service.workdir(), baseDir));
    if (service.build() != null) {
      map.put("build", build(service.build(), service.buildOptions(), baseDir));
    }
    putIfSet(map, "image", service.image());
    map.put("replicas", service.replicas());
    putIfSet(map, "port", service.port());
    putIfSet(map, "target_port", service.targetPort());
    map.put("protocol", service.serving().protocol());
    if (service.serving().unixSocket()) {
      map.put("unix_socket", true);
    }
    if (service.expose() != null) {
      Map<String, Object> expose = ordered("host", service.expose().host(), "port", service.expose().port());
      Tls tls = service.expose().tls();
      if (tls != null) {
        expose.put("tls", ordered("cert", relative(tls.certFile(), baseDir), "key", relative(tls.keyFile(), baseDir)));
      }
      map.put("expose", expose);
    }

    map.put("env", service.env());
    map.put("health", health(service.health()));
    map.put("depends_on", service.dependsOn());
    map.put("update", update(service.update()));
    if (service.autoscale() != null) {
      map.put("autoscale", autoscale(service.autoscale()));
    }
    Map<String, Object> resources = new LinkedHashMap<>();
    putIfSet(resources, "cpus", service.resources().cpus());
    putIfSet(resources, "memory",
        service.resources().memoryBytes() == null ? null : MemorySizes.format(service.resources().memoryBytes()));
    if (!resources.isEmpty()) {
      map.put("resources", resources);
    }
    map.put("stop_grace_period", Durations.format(service.stopGracePeriod()));
    return map;
  }

  /** The short form {@code build: web}, or the long form when any build option is set. */
  private static Object build(Path context, BuildOptions options, Path baseDir) {
    String contextShown = relative(context, baseDir);
    if (options.equals(BuildOptions.NONE)) {
      return contextShown;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("context", contextShown);
    putIfSet(map, "dockerfile", options.dockerfile() == null ? null : relative(options.dockerfile(), context));
    putIfSet(map, "target", options.target());
    if (!options.args().isEmpty()) {
      map.put("args", options.args());
    }
    return map;
  }

  private static Object health(HealthCheckSpec health) {
    if (health.kind() == HealthCheckSpec.Kind.NONE) {
      return "none";
    }
    Map<String, Object> map = new LinkedHashMap<>();
    switch (health.kind()) {
      case HTTP -> map.put("http", health.httpPath());
      case COMMAND -> map.put("command", health.command());
      default -> map.put("tcp", true);
    }
    map.put("interval", Durations.format(health.interval()));
    map.put("timeout", Durations.format(health.timeout()));
    map.put("healthy_threshold", health.healthyThreshold());
    map.put("unhealthy_threshold", health.unhealthyThreshold());
    map.put("start_period", Durations.format(health.startPeriod()));
    return map;
  }

  private static Map<String, Object> update(UpdateStrategy update) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("strategy", update.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    map.put("max_surge", update.maxSurge());
    map.put("max_unavailable", update.maxUnavailable());
    map.put("min_healthy_time", Durations.format(update.minHealthyTime()));
    map.put("healthy_deadline", Durations.format(update.healthyDeadline()));
    map.put("progress_deadline", Durations.format(update.progressDeadline()));
    map.put("auto_revert", update.autoRevert());
    return map;
  }

  private static Map<String, Object> autoscale(Autoscale autoscale) {
    Map<String, Object> map = ordered("min", autoscale.min(), "max", autoscale.max());
    if (autoscale.metric() == Autoscale.Metric.P99_MS) {
      map.put("target_p99", Durations.format(Duration.ofNanos(Math.round(autoscale.target() * 1_000_000))));
    } else {
      map.put("target_inflight", autoscale.target());
    }
    return map;
  }

  /** {@code path} relative to the spec's folder ({@code .} for the folder itself), or absolute when it cannot be. */
  static String relative(Path path, Path baseDir) {
    try {
      String relative = baseDir.relativize(path).toString();
      return relative.isEmpty() ? "." : relative;
    } catch (IllegalArgumentException e) {
      return path.toString();
    }
  }

  private static Map<String, Object> ordered(String key1, Object value1, String key2, Object value2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key1, value1);
    map.put(key2, value2);
    return map;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
