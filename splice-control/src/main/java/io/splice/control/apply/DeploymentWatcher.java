package io.splice.control.apply;

import io.splice.control.reconcile.Phase;
import io.splice.control.state.StateException;
import io.splice.spec.ServiceSpec;
import io.splice.spec.UpdateStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies a deploy's health gates: it succeeds once enough replicas of the new version have been
 * ready for the min healthy time and every old one has drained and stopped; it fails when a new replica keeps failing, is not healthy within the healthy deadline,
 * or the whole rollout passes its progress deadline. A failed deploy with {@code auto_revert} rolls
 * back, and says why: the failing replica's last check or exit, and its last lines of output.
 */
final class DeploymentWatcher {
  /** A new replica that failed this many times in a row fails the deploy. */
  static final int FAILURES_TO_FAIL = 3;
  private static final int LOG_LINES = 5;

  private DeploymentWatcher() {}

  static void watch(Engine engine, Instant now) throws StateException {
    for (AppEntry entry : engine.appEntries().values()) {
      if (entry.stopping) {
        continue;
      }
      for (Deployment deployment : entry.deployments.values()) {
        if (deployment.state == Deployment.State.RUNNING) {
          check(engine, entry, deployment, now);
        }
      }
    }
  }

  private static void check(Engine engine, AppEntry entry, Deployment deployment, Instant now) throws StateException {
    String app = entry.spec.name();
    if (!entry.spec.services().containsKey(deployment.service)) {
      deployment.finish(Deployment.State.FAILED, "the service was removed", now);
      engine.store().saveDeployment(deployment.row(app));
      return;
    }
    ServiceSpec spec = entry.spec.service(deployment.service);
    List<Replica> all = engine.replicaEntries().values().stream()
        .filter(replica -> replica.app.equals(app) && replica.service.equals(deployment.service))
        .toList();
    List<Replica> current = all.stream()
        .filter(replica -> replica.version.equals(deployment.version) && replica.phase != Phase.STOPPING).toList();
    Duration minHealthy = spec.update().minHealthyTime();
    long ready = current.stream().filter(replica -> replica.phase == Phase.READY
        && replica.readySince != null && !replica.readySince.plus(minHealthy).isAfter(now)).count();
    boolean oldOnesGone = all.stream().allMatch(replica -> replica.version.equals(deployment.version));
    if (oldOnesGone && ready >= spec.replicas()) {
      String took = seconds(Duration.between(deployment.startedAt, now));
      deployment.finish(Deployment.State.SUCCEEDED, ready + " replicas at version " + deployment.version + " in " + took, now);
      engine.store().saveDeployment(deployment.row(app));
      engine.events().add(app, deployment.service, null, deployment.kind + " done: " + deployment.message);
      return;
    }
    if (deployment.blueGreen && !deployment.switched && ready >= spec.replicas()) {
      deployment.switched = true;
      deployment.keepUntil = now.plus(deployment.keep);
      engine.store().saveDeployment(deployment.row(app));
      engine.pushRoutes();
      engine.events().add(app, deployment.service, null, "switched all traffic to version " + deployment.version
          + " in one step; the old set stays out of traffic for " + deployment.keep.toSeconds() + "s ('splice rollback "
          + deployment.service + "' switches back at once)");
      return;
    }
    String failure = deployment.splitting() ? CanarySteps.step(engine, entry, deployment, spec, ready, now) : null;
    if (failure == null) {
      failure = failure(spec.update(), deployment, current, now);
    }
    if (failure == null) {
      return;
    }
    boolean canRevert = spec.update().autoRevert() && entry.previous != null
        && entry.previous.services().containsKey(deployment.service)
        && engine.previousVersionOf(entry, deployment.service).equals(deployment.previousVersion);
    if (!canRevert) {
      deployment.finish(Deployment.State.FAILED, failure, now);
      engine.store().saveDeployment(deployment.row(app));
      engine.events().add(app, deployment.service, null, deployment.kind + " failed: " + failure);
      return;
    }
    engine.revert(entry, deployment.service);
    engine.persist(entry);
    deployment.finish(Deployment.State.ROLLED_BACK, failure, now);
    engine.store().saveDeployment(deployment.row(app));
    engine.events().add(app, deployment.service, null, deployment.kind + " failed, rolling back to version "
        + deployment.previousVersion + ": " + failure);
  }

  private static String failure(UpdateStrategy update, Deployment deployment, List<Replica> current, Instant now) {
    for (Replica replica : current) {
      if (replica.consecutiveFailures >= FAILURES_TO_FAIL) {
        return describe(replica, "failed " + replica.consecutiveFailures + " times in a row");
      }
      if (replica.phase == Phase.STARTING && Duration.between(replica.startedAt, now).compareTo(update.healthyDeadline()) > 0) {
        return describe(replica, "not healthy within the healthy deadline of " + seconds(update.healthyDeadline()));
      }
    }
    if (Duration.between(deployment.startedAt, now).compareTo(update.progressDeadline()) > 0) {
      return "no progress within the progress deadline of " + seconds(update.progressDeadline());
    }
    return null;
  }

  private static String describe(Replica replica, String what) {
    String last = replica.lastFailure != null ? replica.lastFailure
        : replica.tracker != null ? "last check " + replica.tracker.last() : "never checked";
    List<String> output = LogTail.lastLines(replica.logFile, LOG_LINES);
    return replica.id + " " + what + "; " + last
        + (output.isEmpty() ? "" : "; last output: " + String.join(" | ", output));
  }

  private static String seconds(Duration duration) {
    return String.format("%.1fs", duration.toMillis() / 1000.0);
  }
}
