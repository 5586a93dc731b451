package io.splice.control.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes the plan that moves observed replicas toward the desired state. A pure function: no I/O,
 * no threads, time passed in. Its phases, in order:
 * <ol>
 *   <li>stop: replicas of apps going down, of services no longer in the spec, and in slots above the
 *       replica count (scale down);
 *   <li>restart: failed replicas whose back-off has passed;
 *   <li>place: empty slots, for services whose dependencies each have a ready replica.
 * </ol>
 */
public final class Reconciler {
  private Reconciler() {}

  public static Plan compute(Desired desired, List<Observed> observed, Instant now) {
    List<Action> actions = new ArrayList<>();
    Map<String, Desired.App> apps = desired.apps().stream().collect(Collectors.toMap(Desired.App::name, app -> app));
    computeStops(apps, observed, actions);
    for (Desired.App app : desired.apps()) {
      if (app.stopping()) {
        continue;
      }
      for (Desired.Service service : app.services()) {
        List<Observed> replicas = replicasOf(observed, app.name(), service.name());
        computeRestarts(service, replicas, now, actions);
        if (dependenciesReady(app, service, observed)) {
          computePlacements(app, service, replicas, actions);
        }
      }
    }
    return new Plan(actions);
  }

  private static void computeStops(Map<String, Desired.App> apps, List<Observed> observed, List<Action> actions) {
    for (Observed replica : observed) {
      if (replica.phase() == Phase.STOPPING) {
        continue;
      }
      Desired.App app = apps.get(replica.app());
      String reason = stopReason(app, replica);
      if (reason != null) {
        actions.add(new Action.Stop(replica.id(), reason));
      }
    }
  }

  private static String stopReason(Desired.App app, Observed replica) {
    if (app == null || app.stopping()) {
      return "app " + replica.app() + " is going down";
    }
    Desired.Service service = app.services().stream()
        .filter(candidate -> candidate.name().equals(replica.service()))
        .findFirst()
        .orElse(null);
    if (service == null) {
      return "service " + replica.service() + " is no longer in the spec";
    }
    if (replica.slot() > service.replicas()) {
      return "scaled to " + service.replicas();
    }
    return null;
  }

  private static void computeRestarts(Desired.Service service, List<Observed> replicas, Instant now, List<Action> actions) {
    for (Observed replica : replicas) {
      if (replica.phase() == Phase.FAILED && replica.slot() <= service.replicas() && !replica.retryAt().isAfter(now)) {
        actions.add(new Action.Restart(replica.id()));
      }
    }
  }

  private static void computePlacements(Desired.App app, Desired.Service service, List<Observed> replicas, List<Action> actions) {
    Set<Integer> taken = replicas.stream().map(Observed::slot).collect(Collectors.toSet());
    for (int slot = 1; slot <= service.replicas(); slot++) {
      if (!taken.contains(slot)) {
        actions.add(new Action.Start(app.name(), service.name(), slot));
      }
    }
  }

  /** A service starts once each dependency that should run has a ready replica, so its URL answers. */
  private static boolean dependenciesReady(Desired.App app, Desired.Service service, List<Observed> observed) {
    Map<String, Integer> wanted = new HashMap<>();
    app.services().forEach(candidate -> wanted.put(candidate.name(), candidate.replicas()));
    for (String dependency : service.dependsOn()) {
      if (wanted.getOrDefault(dependency, 0) == 0) {
        continue;
      }
      boolean ready = replicasOf(observed, app.name(), dependency).stream().anyMatch(replica -> replica.phase() == Phase.READY);
      if (!ready) {
        return false;
      }
    }
    return true;
  }

  private static List<Observed> replicasOf(List<Observed> observed, String app, String service) {
    return observed.stream().filter(replica -> replica.app().equals(app) && replica.service().equals(service)).toList();
  }
}
