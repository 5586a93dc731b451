package io.splice.control.apply;

import io.splice.control.health.CheckResult;
import io.splice.control.health.HealthProber;
import io.splice.control.health.HealthTracker;
import io.splice.control.health.ProbeTarget;
import io.splice.control.host.DockerHost;
import io.splice.control.host.PortAllocator;
import io.splice.control.proxy.ProxyManager;
import io.splice.control.reconcile.Action;
import io.splice.control.reconcile.Phase;
import io.splice.control.state.StateException;
import io.splice.control.state.StateStore;
import io.splice.control.supervise.RestartBackoff;
import io.splice.runtime.ContainerSpec;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriver;
import io.splice.runtime.RuntimeDriverException;
import io.splice.runtime.docker.ExecResult;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.ServiceSpec;
import io.splice.spec.Serving;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A replica's life on the control loop: start, health checks (run on workers, results posted back to
 * the loop), readiness, failure with back-off, and the stop sequence: out of the proxy, drained,
 * then signalled. Touched only by the loop's thread, like the {@link Engine} that owns it.
 */
final class ReplicaLifecycle {
  /** How often a starting replica is checked, so that it becomes ready soon after it listens. */
  static final Duration START_CHECK_INTERVAL = Duration.ofMillis(250);

  private final Engine engine;
  private final StateStore store;
  private final ProxyManager proxy;
  private final HealthProber prober;
  private final PortAllocator replicaPorts;
  private final RestartBackoff backoff;
  private final EventLog events;
  private final Clock clock;
  private final Path logsDir;
  private final ScheduledExecutorService loop;
  private final ExecutorService workers;

  ReplicaLifecycle(Engine engine, EngineParts parts) {
    this.engine = engine;
    this.store = parts.store();
    this.proxy = parts.proxy();
    this.prober = parts.prober();
    this.replicaPorts = parts.replicaPorts();
    this.backoff = parts.backoff();
    this.events = parts.events();
    this.clock = parts.clock();
    this.logsDir = parts.logsDir();
    this.loop = parts.loop();
    this.workers = parts.workers();
  }

  void detectExits(Instant now) throws StateException {
    for (Replica replica : List.copyOf(engine.replicaEntries().values())) {
      if (replica.running() && !engine.driver(replica).isRunning(replica.handle)) {
        replica.exited = replica.handle;
        replica.handle = null;
        fail(replica, "process exited" + lastOutput(replica), now);
      }
    }
  }

  void scheduleChecks(Instant now) {
    for (Replica replica : engine.replicaEntries().values()) {
      if (!replica.running() || replica.checkInFlight || now.isBefore(replica.nextCheckAt)) {
        continue;
      }
      ServiceSpec service = engine.serviceOf(replica);
      replica.checkInFlight = true;
      ReplicaHandle checked = replica.handle;
      Path socket = service.serving().unixSocket() ? engine.sockets().of(replica.id) : null;
      Map<String, String> env = ReplicaEnv.of(engine.appEntries().get(replica.app).spec, service, replica.id, replica.port,
          socket, engine.appEntries().get(replica.app).servicePorts);
      RuntimeDriver driver = engine.driver(replica);
      boolean inContainer = driver instanceof DockerHost && service.health().kind() == HealthCheckSpec.Kind.COMMAND;
      CompletableFuture<CheckResult> check = inContainer
          ? CompletableFuture.supplyAsync(() -> execCheck((DockerHost) driver, checked, service.health()), workers)
          : prober.check(service.health(), new ProbeTarget(replica.port, socket, Serving.H2C.equals(service.serving().protocol())),
              service.workdir(), env);
      check
          .exceptionally(error -> CheckResult.fail(error.toString()))
          .thenAccept(result -> loop.execute(() -> onCheck(replica, checked, result)));
    }
  }

  /** {@code "; last output: LINE"} with the replica's last line of output, or nothing when it printed none. */
  private static String lastOutput(Replica replica) {
    return LogTail.lastLine(replica.logFile).map(line -> "; last output: " + line).orElse("");
  }

  /** A command check of a container runs inside it, like Docker's HEALTHCHECK. */
  private static CheckResult execCheck(DockerHost docker, ReplicaHandle handle, HealthCheckSpec check) {
    try {
      ExecResult result = docker.exec(handle, check.command(), check.timeout());
      if (result.timedOut()) {
        return CheckResult.fail("timeout after " + check.timeout().toMillis() + "ms");
      }
      String output = result.output().strip().replaceAll("\\s+", " ");
      String excerpt = output.isEmpty() ? "" : ": " + (output.length() <= 120 ? output : output.substring(0, 120) + "…");
      return result.exitCode() == 0 ? CheckResult.pass("exit 0") : CheckResult.fail("exit " + result.exitCode() + excerpt);
    } catch (RuntimeDriverException e) {
      return CheckResult.fail(e.getMessage());
    }
  }

  void onCheck(Replica replica, ReplicaHandle checked, CheckResult result) {
    replica.checkInFlight = false;
    if (engine.replicaEntries().get(replica.id) != replica || replica.handle != checked || !replica.running()) {
      return; // replaced or stopped while the check ran: its result says nothing now
    }
    Instant now = clock.instant();
    ServiceSpec service = engine.serviceOf(replica);
    Duration interval = replica.phase == Phase.STARTING
        ? min(service.health().interval(), START_CHECK_INTERVAL)
        : service.health().interval();
    replica.nextCheckAt = now.plus(interval);
    try {
      switch (replica.tracker.record(result, now)) {
        case READY -> {
          replica.phase = Phase.READY;
          replica.readySince = now;
          store.saveReplica(replica.row());
          events.add(replica.app, replica.service, replica.id, "ready: " + result.detail()
              + " after " + Duration.between(replica.startedAt, now).toMillis() + "ms");
          engine.pushRoutes();
        }
        case REPLACE -> {
          fail(replica, "health check failing " + replica.tracker.consecutiveFailures() + " times in a row, last: "
              + result.detail(), now);
          stopProcess(replica, service, () -> { });
        }
        case NONE -> { }
      }
    } catch (StateException e) {
      System.out.println("state database failed: " + e.getMessage());
    }
  }

  void resetStable(Instant now) {
    for (Replica replica : engine.replicaEntries().values()) {
      if (replica.phase == Phase.READY && replica.consecutiveFailures > 0
          && !now.isBefore(replica.readySince.plus(backoff.stableAfter()))) {
        replica.consecutiveFailures = 0;
        replica.crashLoop = false;
      }
    }
  }

  void apply(Action action, Instant now) throws StateException {
    if (action instanceof Action.Start start) {
      AppEntry app = engine.appEntries().get(start.app());
      String id = Replica.idOf(start.app(), start.service(), start.ordinal());
      Replica replica = new Replica(id, start.app(), start.service(), start.ordinal(),
          logsDir.resolve(start.app()).resolve(id + ".log"));
      replica.runtime = app.spec.service(start.service()).runtime();
      replica.version = engine.versionOf(app, start.service());
      engine.replicaEntries().put(id, replica);
      startProcess(replica, now);
    } else if (action instanceof Action.Restart restart) {
      Replica replica = engine.replicaEntries().get(restart.id());
      replica.restarts++;
      startProcess(replica, now);
    } else if (action instanceof Action.Stop stop) {
      beginStop(engine.replicaEntries().get(stop.id()), stop.reason());
    }
  }

  void startProcess(Replica replica, Instant now) throws StateException {
    AppEntry app = engine.appEntries().get(replica.app);
    ServiceSpec service = engine.serviceOf(replica);
    if (replica.port == 0 || !PortAllocator.isFree(Routes.LOCALHOST, replica.port)) {
      if (replica.port != 0) {
        replicaPorts.release(replica.port);
      }
      replica.port = replicaPorts.allocate();
    }
    Path socket = null;
    if (service.serving().unixSocket()) {
      try {
        socket = engine.sockets().prepare(replica.id);
      } catch (IOException e) {
        fail(replica, "cannot offer a Unix socket: " + e.getMessage(), now);
        return;
      }
    }
    Map<String, String> env = new java.util.HashMap<>(ReplicaEnv.of(app.spec, service, replica.id, replica.port, socket,
        app.servicePorts));
    RuntimeDriver driver = engine.driver(replica);
    if (driver instanceof DockerHost) {
      startContainer(replica, service, env, driver, now);
      return;
    }
    try {
      replica.handle = driver.start(new ReplicaSpec(replica.id, service.command(), service.workdir(), env, replica.logFile));
    } catch (RuntimeDriverException e) {
      // A process that exits before the driver sees it run reads as one that exits a moment later.
      fail(replica, e.getMessage() + lastOutput(replica), now);
      return;
    }
    started(replica, service, now);
  }

  /**
   * Starts a container on a worker: loading its image and creating the container take seconds that
   * the loop must not wait. Until it runs the replica is starting without a handle, so nothing
   * checks it; a replica stopped meanwhile has its container stopped as soon as it exists.
   */
  private void startContainer(Replica replica, ServiceSpec service, Map<String, String> env, RuntimeDriver driver, Instant now)
      throws StateException {
    if (service.image() == null) {
      fail(replica, "no image to run (the docker runtime runs 'image', or the image 'splice up' builds from 'build')", now);
      return;
    }
    if (service.targetPort() != null) {
      env.put("PORT", Integer.toString(service.targetPort())); // the port inside the container, published on replica.port
    }
    ContainerSpec container = new ContainerSpec(service.image(), replica.port, service.targetPort(), service.resources().cpus(),
        service.resources().memoryBytes(), Map.of("io.splice.app", replica.app, "io.splice.service", replica.service));
    ReplicaSpec spec = new ReplicaSpec(replica.id, service.command(), service.workdir(), env, replica.logFile, container);
    replica.phase = Phase.STARTING;
    replica.startedAt = now;
    replica.handle = null;
    replica.startInFlight = true;
    store.saveReplica(replica.row());
    workers.execute(() -> {
      ReplicaHandle handle = null;
      String error = null;
      try {
        handle = driver.start(spec);
      } catch (RuntimeDriverException | RuntimeException e) {
        error = e.getMessage();
      }
      ReplicaHandle result = handle;
      String failure = error;
      loop.execute(() -> onContainerStarted(replica, result, failure));
    });
  }

  private void onContainerStarted(Replica replica, ReplicaHandle handle, String failure) {
    replica.startInFlight = false;
    Instant now = clock.instant();
    boolean wanted = engine.replicaEntries().get(replica.id) == replica && replica.phase == Phase.STARTING;
    try {
      if (!wanted) {
        if (handle != null) {
          RuntimeDriver driver = engine.driver(replica);
          workers.execute(() -> driver.stop(handle, Duration.ZERO));
        }
        return;
      }
      if (handle == null) {
        fail(replica, failure, now);
        return;
      }
      replica.handle = handle;
      started(replica, engine.serviceOf(replica), now);
    } catch (StateException e) {
      System.out.println("state database failed: " + e.getMessage());
    }
  }

  private void started(Replica replica, ServiceSpec service, Instant now) throws StateException {
    replica.exited = null; // a start replaces what its last run left
    replica.phase = Phase.STARTING;
    replica.startedAt = now;
    replica.tracker = new HealthTracker(service.health(), now, false);
    replica.nextCheckAt = now.plus(min(service.health().interval(), START_CHECK_INTERVAL));
    replica.lastFailure = null;
    store.saveReplica(replica.row());
    events.add(replica.app, replica.service, replica.id, (replica.restarts == 0 ? "started" : "restarted")
        + " (pid " + replica.handle.pid() + ", port " + replica.port + ")");
    if (service.health().kind() == io.splice.spec.HealthCheckSpec.Kind.NONE) {
      replica.phase = Phase.READY;
      replica.readySince = now;
      store.saveReplica(replica.row());
    }
  }

  void fail(Replica replica, String reason, Instant now) throws StateException {
    replica.consecutiveFailures++;
    replica.crashLoop = backoff.isCrashLoop(replica.consecutiveFailures);
    Duration delay = backoff.delay(replica.consecutiveFailures);
    replica.retryAt = now.plus(delay);
    replica.phase = Phase.FAILED;
    replica.lastFailure = reason;
    store.saveReplica(replica.row());
    String next = replica.crashLoop
        ? "crash loop (" + replica.consecutiveFailures + " failures in a row); next try in " + delay.toMillis() + "ms"
        : "restarting in " + delay.toMillis() + "ms";
    events.add(replica.app, replica.service, replica.id, reason + "; " + next);
    engine.pushRoutes();
  }

  /** Takes a replica out of the proxy first, then stops its process on a worker. */
  void beginStop(Replica replica, String reason) throws StateException {
    replica.phase = Phase.STOPPING;
    store.saveReplica(replica.row());
    events.add(replica.app, replica.service, replica.id, "stopping: " + reason);
    engine.pushRoutes();
    AppEntry app = engine.appEntries().get(replica.app);
    ServiceSpec service = app == null || !app.spec.services().containsKey(replica.service) ? null : engine.serviceOf(replica);
    stopProcess(replica, service, () -> remove(replica));
  }

  void stopProcess(Replica replica, ServiceSpec service, Runnable then) {
    ReplicaHandle handle = replica.handle;
    if (handle == null) {
      then.run();
      return;
    }
    replica.stopInFlight = true;
    Duration grace = service == null ? ServiceSpec.DEFAULT_STOP_GRACE_PERIOD : service.stopGracePeriod();
    RuntimeDriver driver = engine.driver(replica);
    Duration drain = service == null ? ServiceSpec.DEFAULT_STOP_GRACE_PERIOD : service.stopGracePeriod();
    workers.execute(() -> {
      proxy.awaitDrained(replica.id, drain);
      driver.stop(handle, grace);
      loop.execute(() -> {
        replica.stopInFlight = false;
        if (replica.handle == handle) {
          replica.handle = null;
        }
        then.run();
      });
    });
  }

  void remove(Replica replica) {
    ReplicaHandle exited = replica.exited;
    if (exited != null && engine.driver(replica) instanceof DockerHost docker) {
      workers.execute(() -> docker.stop(exited, Duration.ZERO)); // an exited container stays until removed
    }
    engine.replicaEntries().remove(replica.id);
    replicaPorts.release(replica.port);
    engine.sockets().remove(replica.id);
    try {
      store.deleteReplica(replica.id);
    } catch (StateException e) {
      System.out.println("state database failed: " + e.getMessage());
    }
    events.add(replica.app, replica.service, replica.id, "stopped");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
