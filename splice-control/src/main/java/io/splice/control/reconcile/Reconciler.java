package io.splice.control.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Computes the plan that moves observed replicas toward the desired state. A pure function: no I/O,
 * no threads, time passed in. Its phases, per app and service in start order:
 * <ol>
 *   <li>stop: replicas of apps going down and of services no longer in the spec;
 *   <li>restart: failed replicas of the desired version whose back-off has passed;
 *   <li>replace: while replicas of another version run, start new ones up to {@code maxSurge}
 *       above the count, and stop old ones while at least {@code replicas - maxUnavailable} stay ready
 *       (a rolling update, start-first by default; a new replica counts as ready once it has been
 *       for the min healthy time); or, blue-green, start a whole new set and stop
 *       the old one only once it may retire;
 *   <li>scale: start new replicas up to the count, or stop the surplus, failed and starting ones
 *       first, then the newest;
 * </ol>
 * Starts wait until every dependency has a ready replica, so that its URL answers.
 */
public final class Reconciler {
  private static final Comparator<Observed> STOP_FIRST = Comparator
      .comparing((Observed replica) -> replica.phase() == Phase.READY)
      .thenComparing(Comparator.comparingInt(Observed::ordinal).reversed());

  private Reconciler() {}

  public static Plan compute(Desired desired, List<Observed> observed, Instant now) {
    List<Action> actions = new ArrayList<>();
    Map<String, Desired.App> apps = desired.apps().stream().collect(Collectors.toMap(Desired.App::name, app -> app));
    computeOrphans(apps, observed, actions);
    for (Desired.App app : desired.apps()) {
      if (app.stopping()) {
        continue;
      }
      for (Desired.Service service : app.services()) {
        List<Observed> replicas = replicasOf(observed, app.name(), service.name());
        boolean startable = dependenciesReady(app, service, observed);
        new ServicePlan(app.name(), service, replicas, startable, now, actions).compute();
      }
    }
    return new Plan(actions);
  }

  private static void computeOrphans(Map<String, Desired.App> apps, List<Observed> observed, List<Action> actions) {
    for (Observed replica : observed) {
      if (replica.phase() == Phase.STOPPING) {
        continue;
      }
      Desired.App app = apps.get(replica.app());
      if (app == null || app.stopping()) {
        actions.add(new Action.Stop(replica.id(), "app " + replica.app() + " is going down"));
      } else if (app.services().stream().noneMatch(service -> service.name().equals(replica.service()))) {
        actions.add(new Action.Stop(replica.id(), "service " + replica.service() + " is no longer in the spec"));
      }
    }
  }

  /** The plan of one service: restarts, replacement of other versions, then scaling. */
  private record ServicePlan(String app, Desired.Service service, List<Observed> replicas, boolean startable, Instant now,
      List<Action> actions) {

    void compute() {
      List<Observed> live = replicas.stream().filter(replica -> replica.phase() != Phase.STOPPING).toList();
      List<Observed> current = live.stream().filter(replica -> replica.version().equals(service.version())).toList();
      List<Observed> outdated = live.stream().filter(replica -> !replica.version().equals(service.version())).toList();
      int nextOrdinal = replicas.stream().mapToInt(Observed::ordinal).max().orElse(0) + 1;

      for (Observed replica : current) {
        if (replica.phase() == Phase.FAILED && !replica.retryAt().isAfter(now)) {
          actions.add(new Action.Restart(replica.id()));
        }
      }
      if (!outdated.isEmpty() && service.replicas() > 0) {
        replace(live, current, outdated, nextOrdinal);
        return;
      }
      outdated.forEach(replica -> actions.add(new Action.Stop(replica.id(), "scaled to 0")));
      scale(current, nextOrdinal);
    }

    private void replace(List<Observed> live, List<Observed> current, List<Observed> outdated, int nextOrdinal) {
      if (service.replacement() == Desired.Replacement.BLUE_GREEN) {
        replaceBlueGreen(current, outdated, nextOrdinal);
        return;
      }
      if (service.replacement() == Desired.Replacement.CANARY) {
        for (int i = 0; i < service.canaries() - current.size() && startable; i++) {
          actions.add(new Action.Start(app, service.name(), nextOrdinal + i));
        }
        return;
      }
      int target = service.replicas();
      int stopped = 0;
      for (Observed replica : outdated) {
        if (replica.phase() != Phase.READY) {
          actions.add(new Action.Stop(replica.id(), "replaced by version " + service.version() + " (it was not ready)"));
          stopped++;
        }
      }
      long ready = live.stream().filter(replica -> replica.phase() == Phase.READY)
          .filter(replica -> !current.contains(replica) || healthyLongEnough(replica)).count();
      long stoppable = ready - (target - service.maxUnavailable());
      List<Observed> readyOutdated = outdated.stream().filter(replica -> replica.phase() == Phase.READY)
          .sorted(Comparator.comparingInt(Observed::ordinal)).toList();
      for (int i = 0; i < readyOutdated.size() && i < stoppable; i++) {
        actions.add(new Action.Stop(readyOutdated.get(i).id(), "replaced by version " + service.version()));
        stopped++;
      }
      int running = live.size() - stopped;
      int startable = Math.min(target + service.maxSurge() - running, target - current.size());
      for (int i = 0; i < startable && this.startable; i++) {
        actions.add(new Action.Start(app, service.name(), nextOrdinal + i));
      }
    }

    /** A new replica unblocks the next stop only once it has stayed ready for the min healthy time. */
    private boolean healthyLongEnough(Observed replica) {
      return replica.readySince() != null && !replica.readySince().plus(service.minHealthyTime()).isAfter(now);
    }

    /** A whole new set next to the old one; the old one stops only once it may retire. */
    private void replaceBlueGreen(List<Observed> current, List<Observed> outdated, int nextOrdinal) {
      for (Observed replica : outdated) {
        if (service.retireOld() || replica.phase() != Phase.READY) {
          actions.add(new Action.Stop(replica.id(), "retired by version " + service.version()));
        }
      }
      for (int i = 0; i < service.replicas() - current.size() && startable; i++) {
        actions.add(new Action.Start(app, service.name(), nextOrdinal + i));
      }
    }

    private void scale(List<Observed> current, int nextOrdinal) {
      int target = service.replicas();
      if (current.size() > target) {
        current.stream().sorted(STOP_FIRST).limit(current.size() - target)
            .forEach(replica -> actions.add(new Action.Stop(replica.id(), "scaled to " + target)));
        return;
      }
      for (int i = 0; i < target - current.size() && startable; i++) {
        actions.add(new Action.Start(app, service.name(), nextOrdinal + i));
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
