package io.splice.control.reconcile;

import java.time.Duration;
import java.util.List;

/** What should run: every app, each service with its replica count and version, services in start order. */
public record Desired(List<App> apps) {

  public record App(String name, boolean stopping, List<Service> services) {}

  /** How replicas of another version are replaced. */
  public enum Replacement {
    /** A few at a time, within max surge and max unavailable. */
    ROLLING,
    /** A whole new set first; the old set stays (out of traffic) until {@code retireOld}. */
    BLUE_GREEN,
    /** A few replicas of the new version next to the whole old set, which stays until promotion. */
    CANARY
  }

  /**
   * @param version the version replicas must run; replicas of another version are replaced
   * @param maxSurge how many replicas above {@code replicas} may run while replacing
   * @param maxUnavailable how many ready replicas below {@code replicas} are allowed while replacing
   * @param retireOld for {@link Replacement#BLUE_GREEN}: whether the old set may stop now
   * @param canaries for {@link Replacement#CANARY}: how many replicas of the new version run
   * @param minHealthyTime how long a new replica must stay ready before it counts as healthy and lets a
   *     rolling replacement stop the next old one
   */
  public record Service(String name, int replicas, List<String> dependsOn, String version, int maxSurge, int maxUnavailable,
      Replacement replacement, boolean retireOld, int canaries, Duration minHealthyTime) {
    public Service(String name, int replicas, List<String> dependsOn, String version, int maxSurge, int maxUnavailable,
        Replacement replacement, boolean retireOld, int canaries) {
      this(name, replicas, dependsOn, version, maxSurge, maxUnavailable, replacement, retireOld, canaries, Duration.ZERO);
    }

    public Service(String name, int replicas, List<String> dependsOn, String version, int maxSurge, int maxUnavailable,
        Replacement replacement, boolean retireOld) {
      this(name, replicas, dependsOn, version, maxSurge, maxUnavailable, replacement, retireOld, 0);
    }

    public Service(String name, int replicas, List<String> dependsOn) {
      this(name, replicas, dependsOn, "v1", 1, 0);
    }

    public Service(String name, int replicas, List<String> dependsOn, String version, int maxSurge, int maxUnavailable) {
      this(name, replicas, dependsOn, version, maxSurge, maxUnavailable, Replacement.ROLLING, false);
    }
  }
}
