package io.splice.spec.load;

import io.splice.spec.HealthCheckSpec;
import java.util.ArrayList;
import java.util.List;

/** Readers for the nested blocks of a Compose service: {@code build} and {@code healthcheck}. */
final class ComposeBlocks {
  static final List<String> BUILD_KEYS = List.of("context", "dockerfile");
  static final List<String> HEALTHCHECK_KEYS =
      List.of("test", "interval", "timeout", "retries", "start_period", "disable");

  private static final String TEST_EXPECTED =
      "a list starting with 'CMD', 'CMD-SHELL' or 'NONE', or a shell command";

  private ComposeBlocks() {}

  /** {@code build: ./web} or {@code build: {context: ./web, dockerfile: Dockerfile}}. */
  static void build(Fields service, AppDocument.Service target) {
    YamlNode node = service.node("build");
    if (node == null) {
      return;
    }
    if (node instanceof YamlNode.Scalar) {
      target.build = local(service.string("build"), service.problems());
      return;
    }
    Fields build = service.block("build");
    if (build == null) {
      return;
    }
    ComposeIgnored.warnUnsupported(build, BUILD_KEYS);
    target.build = build.has("context") ? local(build.string("context"), service.problems())
        : new Located<>(".", "'.'", build.position(), build.path("context"));
    target.dockerfile = build.string("dockerfile");
  }

  private static Located<String> local(Located<String> context, Problems problems) {
    if (context != null && (context.value().contains("://") || context.value().startsWith("git@"))) {
      problems.error(context, "a local folder; Splice does not build from remote contexts");
      return null;
    }
    return context;
  }

  /** A {@code healthcheck} block; {@code test} picks the kind, and without one the check is TCP. */
  static AppDocument.Health health(Fields fields) {
    if (fields == null) {
      return null;
    }
    ComposeIgnored.warnUnsupported(fields, HEALTHCHECK_KEYS);
    AppDocument.Health health = new AppDocument.Health(fields.path(), fields.position());
    Located<Boolean> disable = fields.bool("disable");
    if (disable != null && disable.value()) {
      health.kind = disable.with(HealthCheckSpec.Kind.NONE);
      return health;
    }
    test(fields.node("test"), fields.path("test"), fields.problems(), health);
    health.interval = fields.duration("interval");
    health.timeout = fields.duration("timeout");
    health.unhealthyThreshold = fields.integer("retries");
    health.startPeriod = fields.duration("start_period");
    return health;
  }

  private static void test(YamlNode node, String path, Problems problems, AppDocument.Health health) {
    if (node == null) {
      return;
    }
    if (node instanceof YamlNode.Scalar scalar) {
      if (scalar.text().strip().equals("NONE")) {
        health.kind = Located.of(HealthCheckSpec.Kind.NONE, node, path);
        return;
      }
      Located<List<String>> command = Values.command(node, path, problems);
      if (command != null) {
        health.kind = command.with(HealthCheckSpec.Kind.COMMAND);
        health.command = command;
      }
      return;
    }
    Located<List<String>> test = Values.stringList(node, path, problems, TEST_EXPECTED);
    if (test == null) {
      return;
    }
    List<String> words = test.value();
    String form = words.get(0);
    List<String> rest = words.subList(1, words.size());
    if (form.equals("NONE")) {
      health.kind = test.with(HealthCheckSpec.Kind.NONE);
    } else if (!form.equals("CMD") && !form.equals("CMD-SHELL")) {
      problems.error(((YamlNode.Sequence) node).items().get(0), path + "[0]", "'CMD', 'CMD-SHELL' or 'NONE'");
    } else if (rest.isEmpty()) {
      problems.error(test, "a command after '" + form + "'");
    } else if (form.equals("CMD")) {
      health.kind = test.with(HealthCheckSpec.Kind.COMMAND);
      health.command = test.with(List.copyOf(rest));
    } else {
      List<String> shell = new ArrayList<>(Values.SHELL);
      shell.add(String.join(" ", rest));
      health.kind = test.with(HealthCheckSpec.Kind.COMMAND);
      health.command = test.with(List.copyOf(shell));
    }
  }
}
