package io.splice.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * How a deploy replaces replicas (Nomad's update block). Invariant, checked by the loader:
 * {@code minHealthyTime < healthyDeadline < progressDeadline}.
 */
public record UpdateStrategy(
    Strategy strategy,
    int maxSurge,
    int maxUnavailable,
    Duration minHealthyTime,
    Duration healthyDeadline,
    Duration progressDeadline,
    boolean autoRevert) {

  public static final int DEFAULT_MAX_SURGE = 1;
  public static final int DEFAULT_MAX_UNAVAILABLE = 0;
  public static final Duration DEFAULT_MIN_HEALTHY_TIME = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEALTHY_DEADLINE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(5);

  public enum Strategy { ROLLING, BLUE_GREEN, CANARY }

  public UpdateStrategy {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(minHealthyTime, "minHealthyTime");
    Objects.requireNonNull(healthyDeadline, "healthyDeadline");
    Objects.requireNonNull(progressDeadline, "progressDeadline");
  }

  public static UpdateStrategy defaults() {
    return new UpdateStrategy(Strategy.ROLLING, DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE,
        DEFAULT_MIN_HEALTHY_TIME, DEFAULT_HEALTHY_DEADLINE, DEFAULT_PROGRESS_DEADLINE, true);
  }
}
