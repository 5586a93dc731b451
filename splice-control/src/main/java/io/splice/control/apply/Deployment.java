package io.splice.control.apply;

import io.splice.control.state.DeploymentRow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rollout of a service from one version to another, watched until it succeeds, fails or is
 * rolled back. Mutable; touched only by the loop.
 */
final class Deployment {
  enum State { RUNNING, SUCCEEDED, FAILED, ROLLED_BACK }

  final String service;
  final String version;
  final String previousVersion;
  final Instant startedAt;
  final String kind;
  /** Whether it replaces a whole set at once and switches traffic in one push (blue-green). */
  final boolean blueGreen;
  /** For blue-green: how long the old set is kept, out of traffic, for a quick rollback. */
  final Duration keep;
  /** For blue-green: whether traffic has moved to the new set, and until when the old one stays. */
  boolean switched;
  Instant keepUntil;
  /** For a canary: the traffic shares in percent, the current step, when it began, and how long each lasts. */
  List<Integer> canarySteps = List.of();
  int step;
  Instant stepStartedAt;
  Duration stepTime = Duration.ZERO;
  /** For a canary: per group, requests and 5xx answers counted by the proxy when the step began. */
  final Map<String, long[]> baseline = new HashMap<>();
  State state = State.RUNNING;
  String message = "";
  Instant finishedAt;

  Deployment(String service, String version, String previousVersion, Instant startedAt, String kind, boolean blueGreen,
      Duration keep) {
    this.service = service;
    this.version = version;
    this.previousVersion = previousVersion;
    this.startedAt = startedAt;
    this.kind = kind;
    this.blueGreen = blueGreen;
    this.keep = keep;
  }

  boolean running() {
    return state == State.RUNNING;
  }

  /** The version the proxy should send traffic to while this runs, or null for every ready replica. */
  String routedVersion() {
    if (!blueGreen || !running()) {
      return null;
    }
    return switched ? version : previousVersion;
  }

  boolean canary() {
    return !canarySteps.isEmpty();
  }

  /** Whether a canary still splits traffic (it ends as a rolling replacement at its last, 100% step). */
  boolean splitting() {
    return canary() && running() && canarySteps.get(step) < 100;
  }

  int share() {
    return canarySteps.get(step);
  }

  boolean mayRetireOld(Instant now) {
    return blueGreen && switched && !now.isBefore(keepUntil);
  }

  void finish(State outcome, String why, Instant now) {
    state = outcome;
    message = why;
    finishedAt = now;
  }

  DeploymentRow row(String app) {
    return new DeploymentRow(app, service, kind, version, previousVersion, state.name(), message, startedAt, finishedAt,
        blueGreen, keep.toMillis(), switched, keepUntil,
        canarySteps.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")), step, stepStartedAt,
        stepTime.toMillis());
  }

  static Deployment of(DeploymentRow row) {
    Deployment deployment = new Deployment(row.service(), row.version(), row.previousVersion(), row.startedAt(), row.kind(),
        row.blueGreen(), Duration.ofMillis(row.keepMillis()));
    deployment.switched = row.switched();
    deployment.keepUntil = row.keepUntil();
    deployment.canarySteps = row.canarySteps().isEmpty() ? List.of()
        : java.util.Arrays.stream(row.canarySteps().split(",")).map(Integer::parseInt).toList();
    deployment.step = row.step();
    deployment.stepStartedAt = row.stepStartedAt();
    deployment.stepTime = Duration.ofMillis(row.stepMillis());
    deployment.state = State.valueOf(row.state());
    deployment.message = row.message();
    deployment.finishedAt = row.finishedAt();
    return deployment;
  }
}
