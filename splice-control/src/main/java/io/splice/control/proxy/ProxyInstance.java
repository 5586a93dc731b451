package io.splice.control.proxy;

import io.splice.control.host.JavaLauncher;
import io.splice.control.host.PortAllocator;
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

/** One proxy process: started or adopted, supervised, and configured through its admin port. */
final class ProxyInstance {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  final int id;
  private final Path dir;
  private final ProcessDriver driver;
  private final StateStore store;
  private final PortAllocator ports;
  private final List<String> jvmOptions;
  private ReplicaHandle handle;
  private volatile ProxyAdminClient client;
  private int adminPort;
  private long version;
  private List<ServiceRoute> pushed;

  ProxyInstance(int id, Path dir, ProcessDriver driver, StateStore store, PortAllocator ports, List<String> jvmOptions) {
    this.id = id;
    this.dir = dir;
    this.driver = driver;
    this.store = store;
    this.ports = ports;
    this.jvmOptions = jvmOptions;
  }

  /** Adopts the proxy a previous daemon left running, or starts one. */
  void adoptOrStart() throws StateException, RuntimeDriverException {
    Optional<ProxyRow> row = store.proxy(id);
    if (row.isPresent()) {
      ProxyRow proxy = row.get();
      version = proxy.configVersion();
      ReplicaHandle recorded = new ReplicaHandle(name(), ProcessDriver.NAME, proxy.pid(), proxy.startTime(), logFile());
      ProxyAdminClient candidate = new ProxyAdminClient("127.0.0.1", proxy.adminPort());
      if (driver.adopt(recorded).isPresent() && candidate.ping()) {
        handle = recorded;
        client = candidate;
        adminPort = proxy.adminPort();
        ports.reserve(adminPort);
        readVersion();
        System.out.println("adopted " + name() + " (pid " + handle.pid() + ", admin port " + adminPort + ")");
        return;
      }
    }
    start();
  }

  /** Starts the proxy again if its process is gone; returns whether it did. */
  boolean superviseTick() throws StateException, RuntimeDriverException {
    if (handle != null && driver.isRunning(handle)) {
      return false;
    }
    System.out.println(name() + " " + (handle == null ? "missing" : "(pid " + handle.pid() + ") exited") + "; starting it again");
    start();
    return true;
  }

  private void start() throws StateException, RuntimeDriverException {
    if (adminPort == 0 || !PortAllocator.isFree("127.0.0.1", adminPort)) {
      adminPort = ports.allocate();
    }
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RuntimeDriverException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<String> command = JavaLauncher.command(jvmOptions, ProxyManager.PROXY_MAIN,
        List.of("--dir", dir.toString(), "--admin-port", Integer.toString(adminPort)));
    handle = driver.start(new ReplicaSpec(name(), command, dir, Map.of(), logFile()));
    client = new ProxyAdminClient("127.0.0.1", adminPort);
    pushed = null;
    save();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!client.ping()) {
      if (!driver.isRunning(handle)) {
        throw new RuntimeDriverException(name() + " exited at start; see " + logFile());
      }
      if (System.nanoTime() > deadline) {
        throw new RuntimeDriverException(name() + " did not answer on admin port " + adminPort + " within "
            + START_TIMEOUT.toSeconds() + "s; see " + logFile());
      }
      sleep(50);
    }
    readVersion();
    System.out.println("started " + name() + " (pid " + handle.pid() + ", admin port " + adminPort + ")");
  }

  /** Pushes the routes unless this proxy already has them; throws with the proxy's message when it refuses them. */
  void push(List<ServiceRoute> routes) throws IOException, StateException {
    if (Objects.equals(routes, pushed)) {
      return;
    }
    long next = version + 1;
    client.apply(new ProxyConfig(next, routes));
    version = next;
    pushed = routes;
    save();
  }

  void stop() {
    if (handle != null) {
      driver.stop(handle, Duration.ofSeconds(15));
      System.out.println("stopped " + name() + " (pid " + handle.pid() + ")");
      handle = null;
    }
  }

  Optional<ProxyStatus> status() {
    try {
      return Optional.of(client.status());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  long pid() {
    return handle == null ? 0 : handle.pid();
  }

  int adminPort() {
    return adminPort;
  }

  boolean alive() {
    return handle != null && driver.isRunning(handle);
  }

  private String name() {
    return "splice-proxy-" + id;
  }

  private Path logFile() {
    return dir.resolve("proxy.log");
  }

  private void readVersion() {
    try {
      version = Math.max(version, client.config().version());
    } catch (IOException e) {
      // a fresh proxy with no config yet; the next push tells
    }
  }

  private void save() throws StateException {
    store.saveProxy(id, new ProxyRow(handle.pid(), handle.startTime(), adminPort, version));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
