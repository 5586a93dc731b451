package io.splice.spec.load;

import io.splice.spec.HealthCheckSpec;
import java.util.ArrayList;
import java.util.List;

/** Readers for the nested blocks of a {@code splice.yaml} service, with their short forms. */
final class SpliceBlocks {
  static final List<String> EXPOSE_KEYS = List.of("host", "port", "tls");
  static final List<String> TLS_KEYS = List.of("cert", "key");
  static final List<String> HEALTH_KEYS = List.of("http", "tcp", "command", "interval", "timeout",
      "healthy_threshold", "unhealthy_threshold", "start_period");
  static final List<String> UPDATE_KEYS = List.of("strategy", "max_surge", "max_unavailable",
      "min_healthy_time", "healthy_deadline", "progress_deadline", "auto_revert");
  static final List<String> AUTOSCALE_KEYS = List.of("min", "max", "target_inflight", "target_p99");

  private static final String EXPOSE_EXPECTED = "a port, 'HOST:PORT' or {host: HOST, port: PORT}";

  private SpliceBlocks() {}

  /**
   * {@code build: ./catalog}, or the long form {@code build: {context: ./catalog, dockerfile: Dockerfile.prod,
   * target: runtime, args: {VERSION: "2"}}}, whose context is the spec's folder when left out, unless a
   * {@code dockerfile} is given: that is relative to the context, so the context must be written too.
   */
  static void build(Fields fields, AppDocument.Service service) {
    YamlNode node = fields.node("build");
    if (node == null) {
      return;
    }
    Problems problems = fields.problems();
    if (node instanceof YamlNode.Scalar) {
      service.build = Values.string(node, fields.path("build"), problems);
      return;
    }
    if (!(node instanceof YamlNode.Mapping)) {
      problems.error(node, fields.path("build"), BuildBlocks.BUILD_EXPECTED);
      return;
    }
    Fields build = fields.block("build");
    build.rejectUnknown(BuildBlocks.BUILD_KEYS);
    service.dockerfile = build.string("dockerfile");
    if (build.has("context")) {
      service.build = build.string("context");
    } else if (build.has("dockerfile")) {
      BuildBlocks.noContext(build);
    } else {
      service.build = BuildBlocks.defaultContext(build);
    }
    service.target = build.string("target");
    CommonFields.env(build.node("args"), build.path("args"), problems, service.buildArgs,
        name -> problems.error(name.position(), name.path() + ": no value (expected: a string, number or boolean)"));
  }

  /** {@code expose: 8080}, {@code expose: "0.0.0.0:8080"} or {@code expose: {host: 0.0.0.0, port: 8080}}. */
  static void expose(Fields fields, AppDocument.Service service) {
    YamlNode node = fields.node("expose");
    String path = fields.path("expose");
    Problems problems = fields.problems();
    if (node == null) {
      return;
    }
    if (node instanceof YamlNode.Mapping) {
      Fields expose = fields.block("expose");
      expose.rejectUnknown(EXPOSE_KEYS);
      service.exposeHost = expose.string("host");
      service.exposePort = expose.integer("port");
      if (!expose.has("port")) {
        problems.error(expose.position(), path + ": no port (expected: " + EXPOSE_EXPECTED + ")");
      }
      service.tls = tls(expose);
      return;
    }
    String text = node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Type.BOOL
        ? scalar.text().strip() : "";
    int colon = text.lastIndexOf(':');
    String portText = text.substring(colon + 1);
    if (!portText.matches("[0-9]{1,9}") || (colon >= 0 && colon < text.indexOf(']'))) {
      problems.error(node, path, EXPOSE_EXPECTED);
      return;
    }
    service.exposePort = Located.of(Integer.parseInt(portText), node, path);
    if (colon >= 0) {
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      service.exposeHost = Located.of(host, node, path);
    }
  }

  /** {@code tls: {cert: tls/site.crt, key: tls/site.key}} in an expose block; both files are needed. */
  private static AppDocument.Tls tls(Fields expose) {
    Fields block = expose.block("tls");
    if (block == null) {
      return null;
    }
    block.rejectUnknown(TLS_KEYS);
    AppDocument.Tls tls = new AppDocument.Tls(block.path(), block.position());
    tls.cert = block.string("cert");
    tls.key = block.string("key");
    for (String key : TLS_KEYS) {
      if (!block.has(key)) {
        expose.problems().error(block.position(), block.path(key) + ": missing (expected: the path of a PEM file,"
            + " relative to the spec's folder)");
      }
    }
    return tls;
  }

  /** {@code health: /healthz}, {@code health: none}, {@code health: false}, or a health block. */
  static AppDocument.Health health(YamlNode node, String path, Problems problems) {
    if (Values.isAbsent(node)) {
      return null;
    }
    AppDocument.Health health = new AppDocument.Health(path, node.position());
    if (node instanceof YamlNode.Scalar scalar) {
      String text = scalar.text().strip();
      if (scalar.type() == YamlNode.Type.BOOL) {
        health.kind = text.equalsIgnoreCase("false") ? Located.of(HealthCheckSpec.Kind.NONE, node, path) : null;
      } else if (text.equalsIgnoreCase("none")) {
        health.kind = Located.of(HealthCheckSpec.Kind.NONE, node, path);
      } else if (text.startsWith("/")) {
        health.kind = Located.of(HealthCheckSpec.Kind.HTTP, node, path);
        health.httpPath = Located.of(text, node, path);
      } else {
        problems.error(node, path, "a path such as '/healthz', 'none', or a map with http, tcp or command");
        return null;
      }
      return health;
    }
    Fields fields = Fields.of(node, path, problems);
    if (fields == null) {
      return null;
    }
    fields.rejectUnknown(HEALTH_KEYS);
    List<String> kinds = new ArrayList<>();
    Located<String> http = fields.string("http");
    if (http != null) {
      kinds.add("http");
      health.kind = http.with(HealthCheckSpec.Kind.HTTP);
      health.httpPath = http;
    }
    Located<Boolean> tcp = fields.bool("tcp");
    if (tcp != null && !tcp.value()) {
      problems.error(tcp, "true, or 'health: none' to turn checks off");
    } else if (tcp != null) {
      kinds.add("tcp");
      health.kind = tcp.with(HealthCheckSpec.Kind.TCP);
    }
    Located<List<String>> command = fields.command("command");
    if (command != null) {
      kinds.add("command");
      health.kind = command.with(HealthCheckSpec.Kind.COMMAND);
      health.command = command;
    }
    if (kinds.size() > 1) {
      problems.error(fields.position(), path + ": " + String.join(" and ", kinds)
          + " both given (expected: exactly one of http, tcp or command)");
    }
    health.interval = fields.duration("interval");
    health.timeout = fields.duration("timeout");
    health.healthyThreshold = fields.integer("healthy_threshold");
    health.unhealthyThreshold = fields.integer("unhealthy_threshold");
    health.startPeriod = fields.duration("start_period");
    return health;
  }

  static AppDocument.Update update(Fields fields) {
    if (fields == null) {
      return null;
    }
    fields.rejectUnknown(UPDATE_KEYS);
    AppDocument.Update update = new AppDocument.Update(fields.path(), fields.position());
    update.strategy = fields.string("strategy");
    update.maxSurge = fields.integer("max_surge");
    update.maxUnavailable = fields.integer("max_unavailable");
    update.minHealthyTime = fields.duration("min_healthy_time");
    update.healthyDeadline = fields.duration("healthy_deadline");
    update.progressDeadline = fields.duration("progress_deadline");
    update.autoRevert = fields.bool("auto_revert");
    return update;
  }

  static AppDocument.Autoscale autoscale(Fields fields) {
    if (fields == null) {
      return null;
    }
    fields.rejectUnknown(AUTOSCALE_KEYS);
    AppDocument.Autoscale autoscale = new AppDocument.Autoscale(fields.path(), fields.position());
    autoscale.min = fields.integer("min");
    autoscale.max = fields.integer("max");
    autoscale.targetInflight = fields.number("target_inflight");
    autoscale.targetP99 = fields.duration("target_p99");
    return autoscale;
  }
}
