package io.splice.spec.load;

import static io.splice.spec.load.Located.valueOr;
import static io.splice.spec.load.ServiceValidator.atLeast;
import static io.splice.spec.load.ServiceValidator.positive;

import io.splice.spec.Autoscale;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.UpdateStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Applies defaults to the health, update and autoscale blocks of a service and checks their rules. */
final class BlockValidator {
  static final Map<String, UpdateStrategy.Strategy> STRATEGIES = Map.of(
      "rolling", UpdateStrategy.Strategy.ROLLING,
      "blue-green", UpdateStrategy.Strategy.BLUE_GREEN,
      "canary", UpdateStrategy.Strategy.CANARY);

  private BlockValidator() {}

  /** The health check; {@link HealthCheckSpec#defaultTcp()} when none is given. */
  static HealthCheckSpec health(AppDocument.Health health, Problems problems) {
    if (health == null) {
      return HealthCheckSpec.defaultTcp();
    }
    HealthCheckSpec.Kind kind = health.kind == null ? HealthCheckSpec.Kind.TCP : health.kind.value();
    String httpPath = null;
    if (kind == HealthCheckSpec.Kind.HTTP) {
      httpPath = health.httpPath.value();
      if (!httpPath.startsWith("/")) {
        problems.error(health.httpPath, "a path starting with '/'");
      }
    }
    List<String> command = kind == HealthCheckSpec.Kind.COMMAND ? health.command.value() : List.of();
    return new HealthCheckSpec(
        kind,
        httpPath,
        command,
        positive(health.interval, HealthCheckSpec.DEFAULT_INTERVAL, problems),
        positive(health.timeout, HealthCheckSpec.DEFAULT_TIMEOUT, problems),
        atLeast(health.healthyThreshold, 1, HealthCheckSpec.DEFAULT_HEALTHY_THRESHOLD, problems),
        atLeast(health.unhealthyThreshold, 1, HealthCheckSpec.DEFAULT_UNHEALTHY_THRESHOLD, problems),
        valueOr(health.startPeriod, HealthCheckSpec.DEFAULT_START_PERIOD));
  }

  /**
   * The update strategy; {@link UpdateStrategy#defaults()} when none is given. Checks that a deploy
   * can make progress ({@code max_surge} or {@code max_unavailable} above 0) and that
   * {@code min_healthy_time < healthy_deadline < progress_deadline}.
   */
  static UpdateStrategy update(AppDocument.Update update, Problems problems) {
    if (update == null) {
      return UpdateStrategy.defaults();
    }
    UpdateStrategy.Strategy strategy = UpdateStrategy.Strategy.ROLLING;
    if (update.strategy != null) {
      strategy = STRATEGIES.get(update.strategy.value());
      if (strategy == null) {
        problems.error(update.strategy, "'rolling', 'blue-green' or 'canary'");
        strategy = UpdateStrategy.Strategy.ROLLING;
      }
    }
    int maxSurge = atLeast(update.maxSurge, 0, UpdateStrategy.DEFAULT_MAX_SURGE, problems);
    int maxUnavailable = atLeast(update.maxUnavailable, 0, UpdateStrategy.DEFAULT_MAX_UNAVAILABLE, problems);
    if (maxSurge == 0 && maxUnavailable == 0) {
      // max_surge defaults to 1, so it was written as 0
      problems.error(update.maxSurge, "> 0 when max_unavailable is 0, or a deploy cannot replace any replica");
    }
    Duration minHealthy = valueOr(update.minHealthyTime, UpdateStrategy.DEFAULT_MIN_HEALTHY_TIME);
    Duration healthyDeadline = positive(update.healthyDeadline, UpdateStrategy.DEFAULT_HEALTHY_DEADLINE, problems);
    Duration progressDeadline = positive(update.progressDeadline, UpdateStrategy.DEFAULT_PROGRESS_DEADLINE, problems);
    if (minHealthy.compareTo(healthyDeadline) >= 0) {
      if (update.healthyDeadline != null) {
        problems.error(update.healthyDeadline, "> min_healthy_time, " + Durations.format(minHealthy));
      } else {
        problems.error(update.minHealthyTime, "< healthy_deadline, " + Durations.format(healthyDeadline));
      }
    } else if (healthyDeadline.compareTo(progressDeadline) >= 0) {
      if (update.progressDeadline != null) {
        problems.error(update.progressDeadline, "> healthy_deadline, " + Durations.format(healthyDeadline));
      } else {
        problems.error(update.healthyDeadline, "< progress_deadline, " + Durations.format(progressDeadline));
      }
    }
    return new UpdateStrategy(strategy, maxSurge, maxUnavailable, minHealthy, healthyDeadline,
        progressDeadline, valueOr(update.autoRevert, true));
  }

  /** The autoscaling policy, or null when the replica count is fixed. */
  static Autoscale autoscale(AppDocument.Autoscale autoscale, Problems problems) {
    if (autoscale == null) {
      return null;
    }
    int min = atLeast(autoscale.min, 1, 1, problems);
    int max = min;
    if (autoscale.max == null) {
      problems.error(autoscale.position, autoscale.path + ": no max (expected: 'max', the most replicas)");
    } else if (autoscale.max.value() < min) {
      problems.error(autoscale.max, ">= min, " + min);
    } else {
      max = autoscale.max.value();
    }
    if (autoscale.targetInflight != null && autoscale.targetP99 != null) {
      problems.error(autoscale.position, autoscale.path
          + ": target_inflight and target_p99 both given (expected: exactly one target)");
    } else if (autoscale.targetInflight != null) {
      double target = autoscale.targetInflight.value();
      if (!(target > 0)) {
        problems.error(autoscale.targetInflight, "> 0");
      }
      return new Autoscale(min, max, Autoscale.Metric.INFLIGHT, target);
    } else if (autoscale.targetP99 != null) {
      Duration target = positive(autoscale.targetP99, Duration.ofMillis(1), problems);
      return new Autoscale(min, max, Autoscale.Metric.P99_MS, target.toNanos() / 1_000_000.0);
    } else {
      problems.error(autoscale.position, autoscale.path
          + ": no target (expected: target_inflight or target_p99)");
    }
    return null;
  }
}
