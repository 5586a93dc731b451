package io.splice.spec.load;

import io.splice.spec.HealthCheckSpec;
import io.splice.spec.UpdateStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Readers for the nested blocks of a Compose service: {@code build}, {@code healthcheck} and {@code deploy}. */
final class ComposeBlocks {
  static final List<String> BUILD_KEYS = List.of("context", "dockerfile");
  static final List<String> HEALTHCHECK_KEYS =
      List.of("test", "interval", "timeout", "retries", "start_period", "disable");
  static final List<String> DEPLOY_KEYS = List.of("replicas", "update_config", "resources");
  static final List<String> UPDATE_KEYS = List.of("parallelism", "order", "failure_action", "monitor");
  static final List<String> RESOURCES_KEYS = List.of("limits");
  static final List<String> LIMITS_KEYS = List.of("cpus", "memory");

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

  /** A {@code deploy} block: {@code replicas}, {@code update_config} and {@code resources.limits}. */
  static void deploy(Fields deploy, AppDocument.Service service) {
    if (deploy == null) {
      return;
    }
    ComposeIgnored.warnUnsupported(deploy, DEPLOY_KEYS);
    Located<Integer> replicas = deploy.integer("replicas");
    if (replicas != null) {
      service.replicas = replicas;
    }
    service.update = update(deploy.block("update_config"));
    Fields resources = deploy.block("resources");
    if (resources != null) {
      ComposeIgnored.warnUnsupported(resources, RESOURCES_KEYS);
      Fields limits = resources.block("limits");
      if (limits != null) {
        ComposeIgnored.warnUnsupported(limits, LIMITS_KEYS);
        service.cpus = limits.number("cpus");
        service.memory = limits.memory("memory");
      }
    }
  }

  /**
   * Maps {@code update_config} onto Splice's update: {@code parallelism} replicas at a time, started
   * before the old ones stop ({@code order: start-first}, Splice's default, so {@code max_surge}) or
   * after ({@code stop-first}, so {@code max_unavailable}); {@code failure_action: rollback} turns
   * auto-revert on and {@code pause} or {@code continue} off; {@code monitor} is the minimum healthy
   * time, and the deadlines grow with it so that they stay above it.
   */
  private static AppDocument.Update update(Fields fields) {
    if (fields == null) {
      return null;
    }
    ComposeIgnored.warnUnsupported(fields, UPDATE_KEYS);
    AppDocument.Update update = new AppDocument.Update(fields.path(), fields.position());
    Problems problems = fields.problems();
    Located<Integer> parallelism = fields.integer("parallelism");
    if (parallelism != null && parallelism.value() < 1) {
      problems.error(parallelism, ">= 1");
      parallelism = null;
    }
    Located<String> order = fields.string("order");
    boolean stopFirst = order != null && order.value().equals("stop-first");
    if (order != null && !stopFirst && !order.value().equals("start-first")) {
      problems.error(order, "'start-first' or 'stop-first'");
    }
    if (stopFirst) {
      update.maxSurge = order.with(0);
      update.maxUnavailable = parallelism != null ? parallelism : order.with(1);
    } else {
      update.maxSurge = parallelism;
    }
    Located<String> failureAction = fields.string("failure_action");
    if (failureAction != null) {
      String action = failureAction.value();
      if (action.equals("rollback") || action.equals("pause") || action.equals("continue")) {
        update.autoRevert = failureAction.with(action.equals("rollback"));
      } else {
        problems.error(failureAction, "'rollback', 'pause' or 'continue'");
      }
    }
    update.minHealthyTime = fields.duration("monitor");
    if (update.minHealthyTime != null
        && update.minHealthyTime.value().compareTo(UpdateStrategy.DEFAULT_HEALTHY_DEADLINE) >= 0) {
      Duration healthy = update.minHealthyTime.value().plus(UpdateStrategy.DEFAULT_HEALTHY_DEADLINE);
      update.healthyDeadline = update.minHealthyTime.with(healthy);
      update.progressDeadline = update.minHealthyTime.with(healthy.plus(UpdateStrategy.DEFAULT_PROGRESS_DEADLINE));
    }
    return update;
  }
}
