package io.splice.control.proxy;

import io.splice.control.host.PortAllocator;
import io.splice.control.host.JavaLauncher;
import io.splice.control.state.ProxyRow;
import io.splice.control.state.StateException;
import io.splice.control.state.StateStore;
import io.splice.proxy.admin.ProxyAdminClient;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriverException;
import io.splice.runtime.process.ProcessDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the proxy as its own detached process, so that it keeps serving when the daemon dies: adopts
 * the one a previous daemon started, restarts it when it dies (it reloads its last configuration
 * from disk by itself), and pushes configuration to it.
 */
public final class ProxyManager {
  static final String PROXY_MAIN = "io.splice.proxy.ProxyMain";
  /** JVM options of the proxy process. Override with {@code SPLICE_PROXY_JVM_OPTS}. */
  static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final ProcessDriver driver;
  private final StateStore store;
  private final PortAllocator ports;
  private ReplicaHandle handle;
  private volatile ProxyAdminClient client;
  private int adminPort;
  private long version;
  private List<ServiceRoute> pushed;

  public ProxyManager(Path dir, ProcessDriver driver, StateStore store, PortAllocator ports) {
    this.dir = dir;
    this.driver = driver;
    this.store = store;
    this.ports = ports;
  }

  /** Adopts the running proxy, or starts one. */
  public void adoptOrStart() throws StateException, RuntimeDriverException {
    Optional<ProxyRow> row = store.proxy();
    if (row.isPresent()) {
      ProxyRow proxy = row.get();
      version = proxy.configVersion();
      ReplicaHandle recorded = new ReplicaHandle("splice-proxy", ProcessDriver.NAME, proxy.pid(), proxy.startTime(), logFile());
      ProxyAdminClient candidate = new ProxyAdminClient("127.0.0.1", proxy.adminPort());
      if (driver.adopt(recorded).isPresent() && candidate.ping()) {
        handle = recorded;
        client = candidate;
        adminPort = proxy.adminPort();
        ports.reserve(adminPort);
        try {
          version = Math.max(version, client.config().version());
        } catch (IOException e) {
          // keep the stored version; the next push tells
        }
        System.out.println("adopted proxy (pid " + handle.pid() + ", admin port " + adminPort + ")");
        return;
      }
    }
    start();
  }

  /** Restarts the proxy if its process is gone; returns whether it did. */
  public boolean superviseTick() throws StateException, RuntimeDriverException {
    if (handle != null && driver.isRunning(handle)) {
      return false;
    }
    System.out.println("proxy process " + (handle == null ? "missing" : handle.pid() + " exited") + "; starting it again");
    start();
    return true;
  }

  private void start() throws StateException, RuntimeDriverException {
    if (adminPort == 0 || !PortAllocator.isFree("127.0.0.1", adminPort)) {
      adminPort = ports.allocate();
    }
    List<String> command = JavaLauncher.command(jvmOptions(), PROXY_MAIN,
        List.of("--dir", dir.toString(), "--admin-port", Integer.toString(adminPort)));
    handle = driver.start(new ReplicaSpec("splice-proxy", command, dir, Map.of(), logFile()));
    client = new ProxyAdminClient("127.0.0.1", adminPort);
    pushed = null;
    store.saveProxy(new ProxyRow(handle.pid(), handle.startTime(), adminPort, version));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!client.ping()) {
      if (!driver.isRunning(handle)) {
        throw new RuntimeDriverException("the proxy process exited at start; see " + logFile());
      }
      if (System.nanoTime() > deadline) {
        throw new RuntimeDriverException("the proxy did not answer on admin port " + adminPort + " within "
            + START_TIMEOUT.toSeconds() + "s; see " + logFile());
      }
      sleep(50);
    }
    try {
      version = Math.max(version, client.config().version());
    } catch (IOException e) {
      // a fresh proxy with no config yet
    }
    System.out.println("started proxy (pid " + handle.pid() + ", admin port " + adminPort + ")");
  }

  /**
   * Pushes the routes unless the proxy already has them. Throws with the proxy's message when it
   * refuses them (a port it cannot bind, for example).
   */
  public void push(List<ServiceRoute> routes) throws IOException, StateException {
    if (Objects.equals(routes, pushed)) {
      return;
    }
    long next = version + 1;
    client.apply(new ProxyConfig(next, routes));
    version = next;
    pushed = routes;
    store.saveProxy(new ProxyRow(handle.pid(), handle.startTime(), adminPort, version));
  }

  /** Stops the proxy process, letting in-flight requests finish; only when no app needs it. */
  public void stop() {
    if (handle != null) {
      driver.stop(handle, Duration.ofSeconds(15));
      System.out.println("stopped proxy (pid " + handle.pid() + ")");
      handle = null;
    }
  }

  /**
   * Waits until the proxy has no request in flight to {@code upstreamId} (it was taken out of the
   * routes, so none can start), or until {@code timeout}. Called before a replica's stop signal.
   */
  public void awaitDrained(String upstreamId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProxyStatus> status = status();
      if (status.isEmpty() || status.get().services().stream()
          .flatMap(service -> service.upstreams().stream())
          .noneMatch(upstream -> upstream.id().equals(upstreamId) && upstream.activeRequests() > 0)) {
        return;
      }
      sleep(50);
    }
  }

  public Optional<ProxyStatus> status() {
    try {
      return Optional.of(client.status());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public long pid() {
    return handle == null ? 0 : handle.pid();
  }

  public int adminPort() {
    return adminPort;
  }

  public boolean alive() {
    return handle != null && driver.isRunning(handle);
  }

  private Path logFile() {
    return dir.resolve("proxy.log");
  }

  private static List<String> jvmOptions() {
    String custom = System.getenv("SPLICE_PROXY_JVM_OPTS");
    return custom == null || custom.isBlank() ? DEFAULT_JVM_OPTIONS : List.of(custom.trim().split("\\s+"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
