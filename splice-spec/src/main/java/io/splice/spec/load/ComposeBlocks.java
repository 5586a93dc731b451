package io.splice.spec.load;

import io.splice.spec.HealthCheckSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Readers for the nested blocks of a Compose service: {@code build} and {@code healthcheck}. */
final class ComposeBlocks {
  static final List<String> HEALTHCHECK_KEYS =
      List.of("test", "interval", "timeout", "retries", "start_period", "disable");

  private static final String TEST_EXPECTED =
      "a list starting with 'CMD', 'CMD-SHELL' or 'NONE', or a shell command";

  private ComposeBlocks() {}

  /**
   * {@code build: ./web}, or the long form {@code build: {context: ./web, dockerfile: Dockerfile.prod,
   * target: runtime, args: [VERSION=2, NPM_TOKEN]}}, whose context is the Compose file's folder when
   * left out, as in Compose. An argument without a value takes it from {@code variables} (the
   * environment the loader has, over {@code .env}), as Compose does; when it is not set there either,
   * it is left out with a warning, and the Dockerfile's {@code ARG} default applies.
   */
  static void build(Fields fields, AppDocument.Service service, Map<String, String> variables) {
    YamlNode node = fields.node("build");
    if (node == null) {
      return;
    }
    Problems problems = fields.problems();
    if (node instanceof YamlNode.Scalar) {
      service.build = local(fields.string("build"), problems);
      return;
    }
    if (!(node instanceof YamlNode.Mapping)) {
      problems.error(node, fields.path("build"), BuildBlocks.BUILD_EXPECTED);
      return;
    }
    Fields build = fields.block("build");
    ComposeIgnored.warnUnsupported(build, BuildBlocks.BUILD_KEYS);
    service.dockerfile = build.string("dockerfile");
    if (build.has("context")) {
      service.build = local(build.string("context"), problems);
    } else if (build.map().entry("context") != null && build.has("dockerfile")) {
      BuildBlocks.noContext(build);
    } else {
      service.build = BuildBlocks.defaultContext(build);
    }
    service.target = build.string("target");
    CommonFields.env(build.node("args"), build.path("args"), problems, service.buildArgs,
        name -> fromEnvironment(name, variables, service.buildArgs, problems));
  }

  /** A build argument written without a value: the value from the environment, or left out with a warning. */
  private static void fromEnvironment(Located<String> name, Map<String, String> variables, Map<String, String> args,
      Problems problems) {
    if (!CommonFields.isName(name.value(), name, problems)) {
      return;
    }
    String value = variables.get(name.value());
    if (value != null) {
      args.put(name.value(), value);
    } else {
      problems.warnOnce("build-arg:" + name.value(), name.position(), name.path() + ": " + name.value()
          + " is not set, so the argument is left out (the Dockerfile's ARG default is used; set it in the"
          + " environment or in " + ComposeVariables.DOT_ENV + ")");
    }
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
