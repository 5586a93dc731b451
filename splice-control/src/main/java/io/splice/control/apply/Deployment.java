package io.splice.control.apply;

import io.splice.control.state.DeploymentRow;
import java.time.Instant;

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
  State state = State.RUNNING;
  String message = "";
  Instant finishedAt;

  Deployment(String service, String version, String previousVersion, Instant startedAt, String kind) {
    this.service = service;
    this.version = version;
    this.previousVersion = previousVersion;
    this.startedAt = startedAt;
    this.kind = kind;
  }

  void finish(State outcome, String why, Instant now) {
    state = outcome;
    message = why;
    finishedAt = now;
  }

  DeploymentRow row(String app) {
    return new DeploymentRow(app, service, kind, version, previousVersion, state.name(), message, startedAt, finishedAt);
  }

  static Deployment of(DeploymentRow row) {
    Deployment deployment = new Deployment(row.service(), row.version(), row.previousVersion(), row.startedAt(), row.kind());
    deployment.state = State.valueOf(row.state());
    deployment.message = row.message();
    deployment.finishedAt = row.finishedAt();
    return deployment;
  }
}
