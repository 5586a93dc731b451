package io.splice.control.apply;

import io.splice.control.host.DockerHost;
import io.splice.control.host.PortAllocator;
import io.splice.control.proxy.ProxyManager;
import io.splice.control.reconcile.Action;
import io.splice.control.reconcile.Desired;
import io.splice.control.reconcile.Observed;
import io.splice.control.reconcile.Phase;
import io.splice.control.reconcile.Reconciler;
import io.splice.control.state.AppRow;
import io.splice.control.state.SpecCodec;
import io.splice.control.state.StateException;
import io.splice.control.state.StateStore;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.runtime.RuntimeDriver;
import io.splice.runtime.RuntimeDriverException;
import io.splice.runtime.process.LogRotator;
import io.splice.spec.App;
import io.splice.spec.ServiceSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The control loop and the daemon's operations (up, down, scale, deploy, rollback, migrate). Every
 * few hundred milliseconds the loop notices exited replicas, runs due health checks, asks the
 * {@link Reconciler} for a plan, has {@link ReplicaLifecycle} carry it out, and pushes the proxy's
 * routes when they changed. All state is touched on the loop's one thread; API calls are submitted
 * to it.
 *
 * <p>A replica joins the proxy only once ready, and leaves it before its stop signal.
 */
public final class Engine {
  public static final Duration TICK = Duration.ofMillis(200);
  private static final Duration ROTATE_EVERY = Duration.ofSeconds(10);
  /** How long a blue-green deploy keeps the old set for an instant rollback. */
  public static final Duration DEFAULT_BLUE_GREEN_KEEP = Duration.ofMinutes(5);

  private final StateStore store;
  private final Map<String, RuntimeDriver> drivers;
  private final ProxyManager proxy;
  private final PortAllocator replicaPorts;
  private final PortAllocator servicePorts;
  private final EventLog events;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private final ExecutorService workers;
  private final AutoscaleLoop autoscaler;
  private final ReplicaLifecycle lifecycle;
  private final ReplicaSockets sockets;
  private final LogRotator rotator = new LogRotator(LogRotator.DEFAULT_MAX_BYTES, LogRotator.DEFAULT_KEEP);

  private final Map<String, AppEntry> apps = new LinkedHashMap<>();
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private final Map<String, List<CompletableFuture<Void>>> downWaiters = new LinkedHashMap<>();
  private Instant lastRotation = Instant.EPOCH;
  private String lastPushError;

  public Engine(EngineParts parts) {
    this.store = parts.store();
    this.drivers = parts.drivers();
    this.proxy = parts.proxy();
    this.replicaPorts = parts.replicaPorts();
    this.servicePorts = parts.servicePorts();
    this.events = parts.events();
    this.clock = parts.clock();
    this.loop = parts.loop();
    this.workers = parts.workers();
    this.autoscaler = new AutoscaleLoop(this, proxy, workers, loop, parts.autoscaleDownWindow());
    this.sockets = new ReplicaSockets(parts.socketsDir());
    this.lifecycle = new ReplicaLifecycle(this, parts);
  }

  ReplicaSockets sockets() {
    return sockets;
  }

  /** Loads stored apps and adopts the replicas that still run; call once, before {@link #start()}. */
  public void recover() throws Exception {
    call(() -> {
      Recovery.recover(this, store.apps(), store.servicePorts(), store.replicas(), store.deployments(), clock.instant());
      return null;
    }).get();
  }

  public void start() {
    loop.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Brings an app up, or updates a running one to a new spec. */
  public CompletableFuture<AppView> up(App app) {
    return call(() -> {
      AppEntry entry = apps.get(app.name());
      if (entry != null && entry.stopping) {
        throw new UserException(409, "app " + app.name() + " is going down; wait for 'splice down' to finish");
      }
      checkRuntimes(app);
      Map<String, Integer> ports = assignServicePorts(app, entry);
      checkListenersFree(app, ports);
      boolean fresh = entry == null;
      if (fresh) {
        entry = new AppEntry(app);
        apps.put(app.name(), entry);
      }
      Map<String, String> before = fresh ? Map.of() : versions(entry);
      if (!fresh) {
        entry.previous = entry.spec;
        entry.previousTokens = new java.util.HashMap<>(entry.tokens);
      }
      entry.spec = app;
      entry.servicePorts.clear();
      entry.servicePorts.putAll(ports);
      for (Map.Entry<String, Integer> port : ports.entrySet()) {
        store.saveServicePort(app.name(), port.getKey(), port.getValue());
      }
      persist(entry);
      events.add(app.name(), null, null, fresh ? "up from " + app.source() : "updated from " + app.source());
      Instant now = clock.instant();
      for (Map.Entry<String, String> version : versions(entry).entrySet()) {
        String old = before.get(version.getKey());
        if (old != null && !old.equals(version.getValue())) {
          startDeployment(entry, version.getKey(), old, "update", now, RolloutOptions.rolling());
        }
      }
      tick();
      return view(entry);
    });
  }

  /** Takes an app down: every replica leaves the proxy, drains and stops; completes when all are gone. */
  public CompletableFuture<Void> down(String appName) {
    CompletableFuture<CompletableFuture<Void>> registered = call(() -> {
      AppEntry entry = apps.get(appName);
      if (entry == null) {
        throw new UserException(404, "no app named " + appName + " is up");
      }
      if (!entry.stopping) {
        entry.stopping = true;
        persist(entry);
        events.add(appName, null, null, "going down");
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      downWaiters.computeIfAbsent(appName, name -> new ArrayList<>()).add(done);
      tick();
      return done;
    });
    return registered.thenCompose(done -> done);
  }

  public CompletableFuture<List<AppView>> apps() {
    return call(() -> apps.values().stream().map(this::view).toList());
  }

  public List<io.splice.api.Event> events(String app, int count) {
    return events.recent(app, count);
  }

  /** Sets a service's replica count; surplus replicas leave the proxy and drain before they stop. */
  public CompletableFuture<AppView> scale(String appName, String serviceName, int replicas) {
    return call(() -> {
      AppEntry entry = running(appName);
      existingService(entry, serviceName);
      applyScale(entry, serviceName, replicas, "scaling");
      tick();
      return view(entry);
    });
  }

  void applyScale(AppEntry entry, String serviceName, int replicas, String why) throws StateException {
    ServiceSpec service = entry.spec.service(serviceName);
    entry.spec = entry.spec.withService(service.withReplicas(replicas));
    persist(entry);
    events.add(entry.spec.name(), serviceName, null, why + " (" + service.replicas() + " -> " + replicas + ")");
  }

  /**
   * Rolls a service to a new spec: replicas of the new version start (up to max surge), join the
   * proxy when ready, and only then do old ones leave, drain and stop. With nothing changed it
   * restarts every replica that way. The replica count stays as it is (scaling, by hand or by the
   * autoscaler, is not undone by a deploy); {@code splice up} applies the file's count.
   */
  public CompletableFuture<AppView> deploy(String appName, ServiceSpec requested) {
    return deploy(appName, requested, RolloutOptions.rolling());
  }

  /**
   * A deploy. Blue-green: a whole new set starts next to the old one, traffic moves to it in one
   * push once every new replica is ready, and the old set stays (out of traffic) so that
   * {@code splice rollback} is instant. Canary: a few new replicas get each step's share of traffic
   * and are judged against the stable set before the next step; the last step replaces the rest.
   */
  public CompletableFuture<AppView> deploy(String appName, ServiceSpec requested, RolloutOptions options) {
    return rollout(appName, requested, "deploy", options);
  }

  /**
   * Moves a service's replicas to another runtime driver, one at a time and start-first, the way a
   * deploy does: no request is lost.
   */
  public CompletableFuture<AppView> migrate(String appName, String serviceName, String runtime, UnaryOperator<ServiceSpec> adjust) {
    return call(() -> {
      if (!drivers.containsKey(runtime)) {
        throw new UserException(409, "runtime " + runtime + " is not available on this daemon (available: "
            + drivers.keySet() + ")");
      }
      ServiceSpec current = existingService(running(appName), serviceName);
      ServiceSpec next = adjust.apply(current.withRuntime(runtime));
      if (current.runtime().equals(ServiceSpec.RUNTIME_PROCESS) && drivers.get(runtime) instanceof DockerHost) {
        next = next.withCommand(List.of()); // the process's command line means nothing inside the image
      }
      if (next.command().isEmpty() && !(drivers.get(runtime) instanceof DockerHost)) {
        throw new UserException(409, "services." + serviceName + ": no command to run as a process (the spec gives only an image)");
      }
      checkContainerRuntime("services." + serviceName, next);
      return next;
    }).thenCompose(next -> rollout(appName, next, "migrate", RolloutOptions.rolling()));
  }

  private CompletableFuture<AppView> rollout(String appName, ServiceSpec requested, String kind, RolloutOptions options) {
    return call(() -> {
      AppEntry entry = running(appName);
      ServiceSpec current = existingService(entry, requested.name());
      ServiceSpec next = requested.withReplicas(current.replicas());
      String oldVersion = versionOf(entry, next.name());
      entry.previous = entry.spec;
      entry.previousTokens = new java.util.HashMap<>(entry.tokens);
      boolean unchanged = Versions.of(next, 0).equals(Versions.of(current, 0));
      if (unchanged) {
        entry.tokens.merge(next.name(), 1, Integer::sum);
      }
      entry.spec = entry.spec.withService(next);
      persist(entry);
      startDeployment(entry, next.name(), oldVersion, unchanged && kind.equals("deploy") ? "restart" : kind, clock.instant(),
          options);
      tick();
      return view(entry);
    });
  }

  /** Returns a service to the spec it had before its last deploy, as a rolling deploy. */
  public CompletableFuture<AppView> rollback(String appName, String serviceName) {
    return call(() -> {
      AppEntry entry = running(appName);
      existingService(entry, serviceName);
      if (entry.previous == null || !entry.previous.services().containsKey(serviceName)
          || versionOf(entry, serviceName).equals(previousVersionOf(entry, serviceName))) {
        throw new UserException(409, "service " + serviceName + " has no earlier version to roll back to");
      }
      String oldVersion = versionOf(entry, serviceName);
      Deployment last = entry.deployments.get(serviceName);
      boolean blueGreen = last != null && last.blueGreen;
      revert(entry, serviceName);
      persist(entry);
      startDeployment(entry, serviceName, oldVersion, "rollback", clock.instant(),
          blueGreen ? RolloutOptions.blueGreen(last.keep) : RolloutOptions.rolling());
      tick();
      return view(entry);
    });
  }

  /**
   * Stops the proxy process when no app is up (a daemon leaving for good takes its idle proxy with
   * it); with apps up it keeps serving them. Returns whether it stopped.
   */
  public CompletableFuture<Boolean> stopProxyIfIdle() {
    return call(() -> {
      if (!apps.isEmpty()) {
        return false;
      }
      loop.shutdown(); // no tick may start the proxy again
      proxy.stop();
      return true;
    });
  }

  /** Stops the loop; replicas and the proxy keep running for the next daemon to adopt. */
  public void shutdown() {
    loop.shutdownNow();
    workers.shutdownNow();
  }

  // ---- the loop ----

  private void tick() {
    try {
      Instant now = clock.instant();
      superviseProxy();
      lifecycle.detectExits(now);
      lifecycle.scheduleChecks(now);
      lifecycle.resetStable(now);
      for (Action action : Reconciler.compute(desired(now), observed(), now).actions()) {
        lifecycle.apply(action, now);
      }
      pushRoutes();
      DeploymentWatcher.watch(this, now);
      autoscaler.tick(now);
      finishDowns();
      rotateLogs(now);
    } catch (StateException e) {
      System.out.println("state database failed: " + e.getMessage());
    } catch (RuntimeException e) {
      System.out.println("control loop error: " + e);
      e.printStackTrace(System.out);
    }
  }

  private void superviseProxy() throws StateException {
    try {
      if (proxy.superviseTick()) {
        lastPushError = null;
      }
    } catch (RuntimeDriverException e) {
      System.out.println("cannot start the proxy: " + e.getMessage());
    }
  }

  void pushRoutes() {
    List<ServiceRoute> routes = Routes.compute(apps.values(), replicas.values(), sockets);
    try {
      proxy.push(routes);
      lastPushError = null;
    } catch (IOException | StateException e) {
      if (!e.getMessage().equals(lastPushError)) {
        apps.keySet().forEach(app -> events.add(app, null, null, "cannot configure the proxy: " + e.getMessage()));
      }
      lastPushError = e.getMessage();
    }
  }

  private void finishDowns() throws StateException {
    for (AppEntry app : List.copyOf(apps.values())) {
      String name = app.spec.name();
      if (!app.stopping || replicas.values().stream().anyMatch(replica -> replica.app.equals(name))) {
        continue;
      }
      apps.remove(name);
      app.servicePorts.values().forEach(servicePorts::release);
      store.deleteApp(name);
      pushRoutes();
      events.add(name, null, null, "down");
      downWaiters.getOrDefault(name, List.of()).forEach(done -> done.complete(null));
      downWaiters.remove(name);
    }
  }

  private void rotateLogs(Instant now) {
    if (now.isBefore(lastRotation.plus(ROTATE_EVERY))) {
      return;
    }
    lastRotation = now;
    for (Replica replica : replicas.values()) {
      try {
        rotator.rotateIfNeeded(replica.logFile);
      } catch (IOException e) {
        System.out.println("cannot rotate " + replica.logFile + ": " + e.getMessage());
      }
    }
  }

  // ---- helpers ----

  private Desired desired(Instant now) {
    List<Desired.App> desired = new ArrayList<>();
    for (AppEntry app : apps.values()) {
      List<Desired.Service> services = app.spec.startOrder().stream()
          .map(service -> {
            Deployment deployment = app.deployments.get(service.name());
            boolean blueGreen = deployment != null && deployment.running() && deployment.blueGreen;
            boolean canary = deployment != null && deployment.splitting();
            int canaries = canary ? Math.max(1, (int) Math.ceil(service.replicas() * deployment.share() / 100.0)) : 0;
            return new Desired.Service(service.name(), service.replicas(), service.dependsOn(), versionOf(app, service.name()),
                service.update().maxSurge(), service.update().maxUnavailable(),
                blueGreen ? Desired.Replacement.BLUE_GREEN : canary ? Desired.Replacement.CANARY : Desired.Replacement.ROLLING,
                blueGreen && deployment.mayRetireOld(now), canaries, service.update().minHealthyTime());
          })
          .toList();
      desired.add(new Desired.App(app.spec.name(), app.stopping, services));
    }
    return new Desired(desired);
  }

  private List<Observed> observed() {
    return replicas.values().stream().map(Replica::observed).toList();
  }

  private void checkRuntimes(App app) {
    for (ServiceSpec service : app.services().values()) {
      if (!drivers.containsKey(service.runtime())) {
        throw new UserException(409, app.source().getFileName() + ": services." + service.name() + ".runtime: "
            + service.runtime() + " is not available on this daemon (available: " + drivers.keySet() + ")");
      }
      checkContainerRuntime(app.source().getFileName() + ": services." + service.name(), service);
    }
  }

  /** A service that runs in containers needs an image and an Engine that answers; say so before anything starts. */
  private void checkContainerRuntime(String where, ServiceSpec service) {
    if (!(drivers.get(service.runtime()) instanceof DockerHost docker)) {
      return;
    }
    if (service.serving().unixSocket()) {
      throw new UserException(409, where + ".unix_socket: a container cannot offer a Unix socket on the host"
          + " (set unix_socket: false, so that its replicas listen on PORT, then migrate)");
    }
    if (service.image() == null) {
      throw new UserException(409, where + ": no image to run (" + (service.build() != null
          ? "'build' is built by 'splice up' and 'splice deploy', which send the image along)"
          : "set 'image' or 'build')"));
    }
    try {
      docker.engine();
    } catch (RuntimeDriverException e) {
      throw new UserException(409, where + ".runtime: docker: " + e.getMessage());
    }
  }

  private Map<String, Integer> assignServicePorts(App app, AppEntry existing) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (ServiceSpec service : app.services().values()) {
      Integer kept = existing == null ? null : existing.servicePorts.get(service.name());
      int port = service.port() != null ? service.port() : kept != null ? kept : servicePorts.allocate();
      servicePorts.reserve(port);
      ports.put(service.name(), port);
    }
    return ports;
  }

  /** Refuses an app whose new listeners are taken by another program, before anything starts. */
  private void checkListenersFree(App app, Map<String, Integer> ports) {
    Set<ListenAddress> ours = new HashSet<>();
    for (AppEntry entry : apps.values()) {
      ours.addAll(Routes.listeners(entry.spec, entry.servicePorts));
    }
    for (ListenAddress listener : Routes.listeners(app, ports)) {
      if (!ours.contains(listener) && !PortAllocator.isFree(listener.host(), listener.port())) {
        ports.values().forEach(port -> {
          if (!ours.contains(new ListenAddress(Routes.LOCALHOST, port))) {
            servicePorts.release(port);
          }
        });
        throw new UserException(409, app.source().getFileName() + ": " + listener.host() + ":" + listener.port()
            + " is already in use by another program (expected: a free port for the proxy to listen on)");
      }
    }
  }

  private AppView view(AppEntry app) {
    List<ReplicaView> views = replicas.values().stream()
        .filter(replica -> replica.app.equals(app.spec.name()))
        .map(replica -> new ReplicaView(replica.id, replica.service, replica.slot, replica.runtime,
            replica.handle == null ? 0 : replica.handle.pid(), replica.port, replica.displayState(),
            replica.phase == Phase.FAILED ? replica.lastFailure : replica.tracker == null ? "" : replica.tracker.last(),
            replica.restarts, replica.startedAt, replica.logFile, replica.version))
        .toList();
    boolean ready = !app.stopping && lastPushError == null && app.spec.services().values().stream().allMatch(service ->
        views.stream().filter(view -> view.service().equals(service.name()) && view.state().equals("ready")).count()
            >= service.replicas());
    Map<String, AppView.DeploymentView> deployments = new LinkedHashMap<>();
    app.deployments.forEach((service, deployment) -> deployments.put(service, deploymentView(deployment)));
    return new AppView(app.spec, app.stopping ? "stopping" : "up", ready, Map.copyOf(app.servicePorts), views, versions(app),
        deployments, Map.copyOf(app.autoscaleReasons));
  }

  /** The spec a replica runs: the current one, or during a rollout the one its version came from. */
  private static AppView.DeploymentView deploymentView(Deployment deployment) {
    boolean standby = deployment.running() && deployment.blueGreen && deployment.switched;
    String state = standby ? "switched" : deployment.state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    String message = standby ? "traffic on version " + deployment.version + "; the old set is kept until "
        + deployment.keepUntil + " for an instant rollback" : deployment.message;
    return new AppView.DeploymentView(deployment.kind, deployment.version, deployment.previousVersion, state, message,
        deployment.startedAt, deployment.finishedAt);
  }

  ServiceSpec serviceOf(Replica replica) {
    AppEntry app = apps.get(replica.app);
    if (app.previous != null && app.previous.services().containsKey(replica.service)
        && !replica.version.equals(versionOf(app, replica.service))
        && replica.version.equals(previousVersionOf(app, replica.service))) {
      return app.previous.service(replica.service);
    }
    return app.spec.service(replica.service);
  }

  String versionOf(AppEntry app, String service) {
    return Versions.of(app.spec.service(service), app.tokens.getOrDefault(service, 0));
  }

  String previousVersionOf(AppEntry app, String service) {
    return Versions.of(app.previous.service(service), app.previousTokens.getOrDefault(service, 0));
  }

  private Map<String, String> versions(AppEntry app) {
    Map<String, String> versions = new LinkedHashMap<>();
    app.spec.services().keySet().forEach(service -> versions.put(service, versionOf(app, service)));
    return versions;
  }

  /** Puts one service back to the spec and token it had before the last deploy. */
  void revert(AppEntry entry, String service) {
    App current = entry.spec;
    Map<String, Integer> currentTokens = new java.util.HashMap<>(entry.tokens);
    entry.spec = entry.spec.withService(entry.previous.service(service));
    entry.tokens.put(service, entry.previousTokens.getOrDefault(service, 0));
    entry.previous = current;
    entry.previousTokens = currentTokens;
  }

  void persist(AppEntry entry) throws StateException {
    store.saveApp(new AppRow(entry.spec.name(), entry.spec.source().toString(), SpecCodec.encode(entry.spec),
        entry.stopping ? "stopping" : "up", entry.previous == null ? null : SpecCodec.encode(entry.previous),
        entry.tokensJson()));
  }

  private void startDeployment(AppEntry entry, String service, String oldVersion, String kind, Instant now,
      RolloutOptions options) throws StateException {
    boolean blueGreen = options.blueGreen();
    Duration keep = options.keep();
    String version = versionOf(entry, service);
    Deployment previous = entry.deployments.get(service);
    if (previous != null && previous.state == Deployment.State.RUNNING) {
      previous.finish(Deployment.State.FAILED, "superseded by version " + version, now);
    }
    Deployment deployment = new Deployment(service, version, oldVersion, now, kind, blueGreen, keep);
    deployment.canarySteps = options.canarySteps();
    deployment.stepTime = options.stepTime();
    entry.deployments.put(service, deployment);
    store.saveDeployment(deployment.row(entry.spec.name()));
    ServiceSpec spec = entry.spec.service(service);
    String how = blueGreen ? "blue-green: a whole new set, one switch, the old set kept " + keep.toSeconds() + "s"
        : deployment.canary() ? "canary: traffic steps " + options.canarySteps() + "%, each judged after "
            + options.stepTime().toSeconds() + "s"
        : "rolling: max surge " + spec.update().maxSurge() + ", max unavailable " + spec.update().maxUnavailable();
    events.add(entry.spec.name(), service, null, kind + " " + oldVersion + " -> " + version + " (" + how + ")");
  }

  private AppEntry running(String appName) {
    AppEntry entry = apps.get(appName);
    if (entry == null) {
      throw new UserException(404, "no app named " + appName + " is up");
    }
    if (entry.stopping) {
      throw new UserException(409, "app " + appName + " is going down");
    }
    return entry;
  }

  private static ServiceSpec existingService(AppEntry entry, String service) {
    if (!entry.spec.services().containsKey(service)) {
      throw new UserException(404, "app " + entry.spec.name() + " has no service " + service + " (expected one of "
          + entry.spec.services().keySet() + ")");
    }
    return entry.spec.service(service);
  }

  ProxyManager proxy() {
    return proxy;
  }

  ReplicaLifecycle lifecycle() {
    return lifecycle;
  }

  RuntimeDriver driver(Replica replica) {
    return drivers.get(replica.runtime);
  }

  Map<String, AppEntry> appEntries() {
    return apps;
  }

  Map<String, Replica> replicaEntries() {
    return replicas;
  }

  PortAllocator replicaPorts() {
    return replicaPorts;
  }

  PortAllocator servicePorts() {
    return servicePorts;
  }

  EventLog events() {
    return events;
  }

  StateStore store() {
    return store;
  }

  private <T> CompletableFuture<T> call(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(work.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }
}
