package io.splice.spec.load;

import io.splice.spec.UpdateStrategy;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads what a Compose service says about replicas and their lifecycle: {@code deploy} (replicas,
 * update_config, rollback_config, restart_policy, resources) and {@code restart}. Splice honours
 * replicas, updates and limits; it restarts every replica that exits, with its own backoff, and
 * rolls back with the update settings, so {@code restart}, {@code restart_policy} and
 * {@code rollback_config} are checked for shape and then reported once each, with what Splice does.
 */
final class ComposeDeploy {
  static final List<String> DEPLOY_KEYS =
      List.of("replicas", "update_config", "rollback_config", "restart_policy", "resources");
  static final List<String> UPDATE_KEYS = List.of("parallelism", "order", "failure_action", "monitor");
  static final List<String> ROLLBACK_KEYS =
      List.of("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order");
  static final List<String> RESTART_POLICY_KEYS = List.of("condition", "delay", "max_attempts", "window");
  static final List<String> RESOURCES_KEYS = List.of("limits");
  static final List<String> LIMITS_KEYS = List.of("cpus", "memory");

  static final String RESTART_REASON = "Splice restarts every replica that exits, with a growing delay,"
      + " whatever the policy";
  static final String ROLLBACK_REASON = "a rollback replaces replicas with the settings of 'update_config'";

  private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:[0-9]+)?");

  private ComposeDeploy() {}

  /** {@code restart: no | always | on-failure[:N] | unless-stopped}: checked, then reported once. */
  static void restart(Fields service) {
    Located<String> restart = service.string("restart");
    if (restart == null) {
      return;
    }
    if (!RESTART.matcher(restart.value()).matches()) {
      service.problems().error(restart, "'no', 'always', 'on-failure', 'on-failure:N' or 'unless-stopped'");
      return;
    }
    YamlNode.Mapping.Entry entry = service.map().entry("restart");
    ComposeIgnored.warnOnce(service.problems(), entry, service.path(), RESTART_REASON);
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
    rollback(deploy.block("rollback_config"), deploy);
    restartPolicy(deploy.block("restart_policy"), deploy);
    Fields resources = deploy.block("resources");
    if (resources != null) {
      ComposeIgnored.warnUnsupported(resources, RESOURCES_KEYS);
      Fields limits = resources.block("limits");
      if (limits != null) {
        ComposeIgnored.warnUnsupported(limits, LIMITS_KEYS);
        Located<Double> cpus = limits.number("cpus");
        Located<Long> memory = limits.memory("memory");
        service.cpus = cpus != null ? cpus : service.cpus;
        service.memory = memory != null ? memory : service.memory;
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
    Located<Integer> parallelism = parallelism(fields);
    Located<String> order = order(fields);
    boolean stopFirst = order != null && order.value().equals("stop-first");
    if (stopFirst) {
      update.maxSurge = order.with(0);
      update.maxUnavailable = parallelism != null ? parallelism : order.with(1);
    } else {
      update.maxSurge = parallelism;
    }
    Located<String> failureAction = failureAction(fields);
    if (failureAction != null) {
      update.autoRevert = failureAction.with(failureAction.value().equals("rollback"));
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

  /** {@code rollback_config}: checked like {@code update_config}, then reported once. */
  private static void rollback(Fields fields, Fields deploy) {
    if (fields == null) {
      return;
    }
    ComposeIgnored.warnUnsupported(fields, ROLLBACK_KEYS);
    Located<Integer> parallelism = fields.integer("parallelism");
    if (parallelism != null && parallelism.value() < 0) {
      fields.problems().error(parallelism, ">= 0 (0 rolls back every replica at once)");
    }
    order(fields);
    failureAction(fields);
    fields.duration("delay");
    fields.duration("monitor");
    ratio(fields);
    ComposeIgnored.warnOnce(fields.problems(), deploy.map().entry("rollback_config"), deploy.path(), ROLLBACK_REASON);
  }

  /** {@code restart_policy}: checked, then reported once. */
  private static void restartPolicy(Fields fields, Fields deploy) {
    if (fields == null) {
      return;
    }
    ComposeIgnored.warnUnsupported(fields, RESTART_POLICY_KEYS);
    Located<String> condition = fields.string("condition");
    if (condition != null && !List.of("none", "on-failure", "any").contains(condition.value())) {
      fields.problems().error(condition, "'none', 'on-failure' or 'any'");
    }
    fields.duration("delay");
    fields.duration("window");
    Located<Integer> attempts = fields.integer("max_attempts");
    if (attempts != null && attempts.value() < 0) {
      fields.problems().error(attempts, ">= 0");
    }
    ComposeIgnored.warnOnce(fields.problems(), deploy.map().entry("restart_policy"), deploy.path(), RESTART_REASON);
  }

  private static Located<Integer> parallelism(Fields fields) {
    Located<Integer> parallelism = fields.integer("parallelism");
    if (parallelism != null && parallelism.value() < 1) {
      fields.problems().error(parallelism, ">= 1");
      return null;
    }
    return parallelism;
  }

  private static Located<String> order(Fields fields) {
    Located<String> order = fields.string("order");
    if (order != null && !order.value().equals("stop-first") && !order.value().equals("start-first")) {
      fields.problems().error(order, "'start-first' or 'stop-first'");
      return null;
    }
    return order;
  }

  private static Located<String> failureAction(Fields fields) {
    Located<String> action = fields.string("failure_action");
    if (action != null && !List.of("rollback", "pause", "continue").contains(action.value())) {
      fields.problems().error(action, "'rollback', 'pause' or 'continue'");
      return null;
    }
    return action;
  }

  private static void ratio(Fields fields) {
    Located<Double> ratio = fields.number("max_failure_ratio");
    if (ratio != null && (ratio.value() < 0 || ratio.value() > 1)) {
      fields.problems().error(ratio, "a ratio from 0 to 1");
    }
  }
}
