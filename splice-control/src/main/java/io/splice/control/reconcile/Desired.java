package io.splice.control.reconcile;

import java.util.List;

/** What should run: every app, each service with its replica count, services in start order. */
public record Desired(List<App> apps) {

  public record App(String name, boolean stopping, List<Service> services) {}

  public record Service(String name, int replicas, List<String> dependsOn) {}
}
