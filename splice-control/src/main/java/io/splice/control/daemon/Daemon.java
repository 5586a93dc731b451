package io.splice.control.daemon;

import io.splice.api.DaemonStatus;
import io.splice.api.StateDir;
import io.splice.control.apply.Engine;
import io.splice.control.apply.EngineParts;
import io.splice.control.apply.EventLog;
import io.splice.control.health.HealthProber;
import io.splice.control.host.DockerHost;
import io.splice.control.host.PortAllocator;
import io.splice.control.proxy.ProxyManager;
import io.splice.control.server.ApiServer;
import io.splice.control.server.SpliceHandlers;
import io.splice.control.state.StateStore;
import io.splice.control.supervise.RestartBackoff;
import io.splice.runtime.RuntimeDriver;
import io.splice.runtime.process.ProcessDriver;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The control plane's composition root: the one class that builds everything, and the daemon's
 * life from start to stop. Stopping the daemon leaves the proxy and the replicas running; the next
 * daemon adopts them.
 */
public final class Daemon {
  public static final String VERSION = "0.1.0";
  /** The API port; 0 (the default) picks a free one. Override with {@code SPLICE_DAEMON_PORT}. */
  static final String PORT_ENV = "SPLICE_DAEMON_PORT";

  private final StateDir dir;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Instant startedAt = Instant.now();

  public Daemon(StateDir dir) {
    this.dir = dir;
  }

  /** Runs until {@code POST /v1/daemon/stop} or SIGTERM. */
  public void run() throws Exception {
    Files.createDirectories(dir.root());
    Files.createDirectories(dir.logs());
    Files.createDirectories(dir.proxy());
    String token = dir.token();
    StateStore store = StateStore.open(dir.database());

    PortAllocator replicaPorts = new PortAllocator(env("SPLICE_REPLICA_PORTS", PortAllocator.DEFAULT_REPLICA_RANGE));
    PortAllocator servicePorts = new PortAllocator(env("SPLICE_SERVICE_PORTS", PortAllocator.DEFAULT_SERVICE_RANGE));
    ProcessDriver processDriver = new ProcessDriver();
    DockerHost docker = new DockerHost(dir.dockerArchives());
    Map<String, RuntimeDriver> drivers = Map.of(processDriver.name(), processDriver, docker.name(), docker);
    ProxyManager proxy = new ProxyManager(dir.proxy(), processDriver, store, replicaPorts);
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(daemonThreads("splice-loop"));
    ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("splice-worker"));
    HealthProber prober = new HealthProber(workers);
    Engine engine = new Engine(new EngineParts(store, drivers, proxy, prober, replicaPorts, servicePorts,
        backoff(), new EventLog(Clock.systemUTC()), Clock.systemUTC(), dir.logs(), dir.sockets(), loop, workers,
        Duration.ofMillis(Long.parseLong(env("SPLICE_AUTOSCALE_DOWN_WINDOW_MS",
            Long.toString(io.splice.control.scale.Autoscaler.DEFAULT_DOWN_WINDOW.toMillis()))))));

    engine.recover();
    loop.submit(() -> {
      proxy.adoptOrStart();
      return null;
    }).get();
    engine.start();

    ExecutorService apiThreads = Executors.newFixedThreadPool(8, daemonThreads("splice-api"));
    SpliceHandlers handlers = new SpliceHandlers(engine, proxy, () -> status(proxy, engine), () -> {
      try {
        engine.stopProxyIfIdle().get();
      } catch (Exception e) {
        System.out.println("cannot stop the proxy: " + e);
      }
      stopped.countDown();
    });
    ApiServer api = new ApiServer(Integer.parseInt(env(PORT_ENV, "0")), token, handlers, apiThreads);
    api.start();
    dir.writeDaemonInfo(new StateDir.DaemonInfo(ProcessHandle.current().pid(), api.port()));
    System.out.println("splice daemon " + VERSION + " (pid " + ProcessHandle.current().pid() + ") listening on 127.0.0.1:"
        + api.port() + ", state in " + dir.root());

    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    stopped.await();
    System.out.println("daemon stopping; the proxy and the replicas keep running");
    api.stop();
    engine.shutdown();
    docker.close();
    prober.close();
    store.close();
    apiThreads.shutdownNow();
  }

  /** The restart back-off; {@code SPLICE_RESTART_BACKOFF_MS} sets its first delay (tests make it short). */
  private static RestartBackoff backoff() {
    RestartBackoff defaults = RestartBackoff.defaults();
    String base = System.getenv("SPLICE_RESTART_BACKOFF_MS");
    if (base == null || base.isBlank()) {
      return defaults;
    }
    return new RestartBackoff(Duration.ofMillis(Long.parseLong(base.trim())), defaults.max(), defaults.crashLoopFailures(),
        defaults.stableAfter());
  }

  private DaemonStatus status(ProxyManager proxy, Engine engine) {
    List<String> apps;
    try {
      apps = engine.apps().get().stream().map(app -> app.spec().name()).toList();
    } catch (Exception e) {
      apps = List.of();
    }
    return new DaemonStatus(ProcessHandle.current().pid(), VERSION, dir.root().toString(),
        Duration.between(startedAt, Instant.now()).toSeconds(), proxy.pids().get(0), proxy.adminPort(), proxy.alive(), apps,
        proxy.pids());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
