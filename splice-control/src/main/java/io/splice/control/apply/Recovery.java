package io.splice.control.apply;

import io.splice.control.health.HealthTracker;
import io.splice.control.reconcile.Phase;
import io.splice.control.state.AppRow;
import io.splice.control.state.DeploymentRow;
import io.splice.control.state.ReplicaRow;
import io.splice.control.state.SpecCodec;
import io.splice.control.state.StateException;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.RuntimeDriver;
import io.splice.spec.App;
import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a starting daemon does with the state a previous one left: loads the apps as they were
 * brought up, and adopts each replica whose process still runs (same PID and start time) instead of
 * starting a duplicate. A replica that was ready stays in the proxy; one that is gone is restarted.
 */
final class Recovery {
  private Recovery() {}

  static void recover(Engine engine, List<AppRow> apps, Map<String, Map<String, Integer>> ports, List<ReplicaRow> rows,
      List<DeploymentRow> deployments, Instant now) throws StateException {
    for (AppRow row : apps) {
      App spec = SpecCodec.decode(row.specJson());
      AppEntry entry = new AppEntry(spec);
      entry.stopping = "stopping".equals(row.state());
      entry.previous = row.previousSpecJson() == null ? null : SpecCodec.decode(row.previousSpecJson());
      entry.readTokens(row.deployTokens());
      entry.servicePorts.putAll(ports.getOrDefault(row.name(), Map.of()));
      entry.servicePorts.values().forEach(engine.servicePorts()::reserve);
      engine.appEntries().put(spec.name(), entry);
    }
    for (DeploymentRow row : deployments) {
      AppEntry entry = engine.appEntries().get(row.app());
      if (entry != null) {
        entry.deployments.put(row.service(), Deployment.of(row));
      }
    }
    for (ReplicaRow row : rows) {
      adopt(engine, row, now);
    }
  }

  private static void adopt(Engine engine, ReplicaRow row, Instant now) throws StateException {
    Replica replica = new Replica(row.id(), row.app(), row.service(), row.slot(), Path.of(row.logFile()));
    replica.runtime = row.runtime();
    replica.version = row.version();
    replica.port = row.port();
    replica.restarts = row.restarts();
    replica.startedAt = row.startedAt();
    engine.replicaPorts().reserve(row.port());
    engine.replicaEntries().put(replica.id, replica);
    RuntimeDriver driver = engine.driver(replica);
    ReplicaHandle recorded = new ReplicaHandle(row.id(), row.runtime(), row.pid(), row.startTime(), replica.logFile);
    boolean alive = driver != null && row.pid() > 0 && driver.adopt(recorded).isPresent();
    Phase stored = Phase.valueOf(row.state());
    AppEntry app = engine.appEntries().get(row.app());
    boolean known = app != null && app.spec.services().containsKey(row.service());

    if (alive && (stored == Phase.STOPPING || !known)) {
      replica.handle = recorded;
      engine.lifecycle().beginStop(replica, known ? "stop was in progress" : "not in any app");
      return;
    }
    if (alive && (stored == Phase.STARTING || stored == Phase.READY)) {
      ServiceSpec service = engine.serviceOf(replica);
      replica.handle = recorded;
      replica.phase = stored;
      replica.tracker = new HealthTracker(service.health(), row.startedAt(), stored == Phase.READY);
      replica.readySince = now;
      engine.events().add(row.app(), row.service(), row.id(), "adopted (pid " + row.pid() + ", " + stored.name().toLowerCase() + ")");
      return;
    }
    if (!known || stored == Phase.STOPPING) {
      engine.replicaEntries().remove(replica.id);
      engine.store().deleteReplica(replica.id);
      return;
    }
    replica.phase = Phase.FAILED;
    replica.retryAt = now;
    replica.lastFailure = "gone while the daemon was down";
    engine.store().saveReplica(replica.row());
    engine.events().add(row.app(), row.service(), row.id(), "gone while the daemon was down; restarting");
  }
}
