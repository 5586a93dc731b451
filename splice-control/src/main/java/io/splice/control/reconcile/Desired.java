package io.splice.control.reconcile;

import java.util.List;

/** What should run: every app, each service with its replica count and version, services in start order. */
public record Desired(List<App> apps) {

  public record App(String name, boolean stopping, List<Service> services) {}

  /**
   * @param version the version replicas must run; replicas of another version are replaced
   * @param maxSurge how many replicas above {@code replicas} may run while replacing
   * @param maxUnavailable how many ready replicas below {@code replicas} are allowed while replacing
   */
  public record Service(String name, int replicas, List<String> dependsOn, String version, int maxSurge, int maxUnavailable) {
    public Service(String name, int replicas, List<String> dependsOn) {
      this(name, replicas, dependsOn, "v1", 1, 0);
    }
  }
}
