package io.splice.control.apply;

import java.time.Duration;
import java.util.List;

/**
 * How a deploy replaces replicas.
 *
 * @param blueGreen a whole new set and one traffic switch, the old set kept for {@code keep}
 * @param canarySteps traffic shares in percent for a canary ({@code [10, 50, 100]}), empty otherwise
 * @param stepTime how long each canary step runs before it is judged
 */
public record RolloutOptions(boolean blueGreen, Duration keep, List<Integer> canarySteps, Duration stepTime) {
  public static final Duration DEFAULT_STEP_TIME = Duration.ofSeconds(30);

  public RolloutOptions {
    canarySteps = List.copyOf(canarySteps);
  }

  public static RolloutOptions rolling() {
    return new RolloutOptions(false, Engine.DEFAULT_BLUE_GREEN_KEEP, List.of(), DEFAULT_STEP_TIME);
  }

  public static RolloutOptions blueGreen(Duration keep) {
    return new RolloutOptions(true, keep, List.of(), DEFAULT_STEP_TIME);
  }

  public static RolloutOptions canary(List<Integer> steps, Duration stepTime) {
    return new RolloutOptions(false, Engine.DEFAULT_BLUE_GREEN_KEEP, steps, stepTime);
  }
}
