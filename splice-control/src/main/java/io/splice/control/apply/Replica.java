package io.splice.control.apply;

import io.splice.control.health.HealthTracker;
import io.splice.control.reconcile.Observed;
import io.splice.control.reconcile.Phase;
import io.splice.control.state.ReplicaRow;
import io.splice.runtime.ReplicaHandle;
import java.nio.file.Path;
import java.time.Instant;

/** A replica as the control loop tracks it. Mutable, and touched only by the loop's thread. */
final class Replica {
  final String id;
  final String app;
  final String service;
  final int slot;
  final Path logFile;
  String runtime;
  String version = "";
  ReplicaHandle handle;
  /** The handle of its last run when that ended on its own: a container of it may remain to be removed. */
  ReplicaHandle exited;
  int port;
  Phase phase = Phase.STARTING;
  int restarts;
  int consecutiveFailures;
  boolean crashLoop;
  Instant retryAt = Instant.EPOCH;
  Instant startedAt = Instant.EPOCH;
  Instant readySince;
  HealthTracker tracker;
  String lastFailure;
  Instant nextCheckAt = Instant.EPOCH;
  boolean checkInFlight;
  /** Set while a stop of this replica's process runs on a worker; it must not restart before. */
  boolean stopInFlight;
  /** Set while its container is being created on a worker; it has no handle until then. */
  boolean startInFlight;

  Replica(String id, String app, String service, int slot, Path logFile) {
    this.id = id;
    this.app = app;
    this.service = service;
    this.slot = slot;
    this.logFile = logFile;
  }

  static String idOf(String app, String service, int slot) {
    return app + "-" + service + "-" + slot;
  }

  boolean running() {
    return handle != null && (phase == Phase.STARTING || phase == Phase.READY);
  }

  Observed observed() {
    Phase effective = phase == Phase.FAILED && stopInFlight ? Phase.STOPPING : phase;
    return new Observed(id, app, service, slot, version, effective, retryAt, phase == Phase.READY ? readySince : null);
  }

  ReplicaRow row() {
    return new ReplicaRow(id, app, service, slot, runtime, handle == null ? 0 : handle.pid(),
        handle == null ? 0 : handle.startTime(), port, logFile.toString(), phase.name(), restarts, startedAt, version);
  }

  /** The state shown to users: the phase, with failures told apart; a crash loop shows until it is ready again. */
  String displayState() {
    return switch (phase) {
      case STARTING -> crashLoop ? "crash-loop" : "starting";
      case READY -> "ready";
      case STOPPING -> "stopping";
      case FAILED -> crashLoop ? "crash-loop" : "backoff";
    };
  }
}
