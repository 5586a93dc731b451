package io.splice.control.proxy;

import io.splice.control.host.PortAllocator;
import io.splice.control.state.StateException;
import io.splice.control.state.StateStore;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.runtime.RuntimeDriverException;
import io.splice.runtime.process.ProcessDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the data plane as its own detached processes, so that it keeps serving when the daemon dies.
 * Where the kernel lets two processes share a listening port (SO_REUSEPORT), it runs two proxies
 * with the same configuration on the same ports: the kernel spreads new connections over both, and
 * when one dies only its in-flight requests are lost while the other keeps accepting; the daemon
 * starts the dead one again, which reloads its last configuration by itself.
 */
public final class ProxyManager {
  static final String PROXY_MAIN = "io.splice.proxy.ProxyMain";
  /**
   * JVM options of a proxy process. Override with {@code SPLICE_PROXY_JVM_OPTS}. A collection stops
   * both event loops, so the young generation is large enough for about one a second at full load.
   */
  static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-Xms192m", "-Xmx256m", "-Xmn128m", "-XX:+UseSerialGC", "-XX:-UsePerfData");
  /** How many proxy processes share the listeners. Override with {@code SPLICE_PROXY_INSTANCES}. */
  public static final int DEFAULT_INSTANCES = 2;

  private final List<ProxyInstance> instances = new ArrayList<>();

  public ProxyManager(Path dir, ProcessDriver driver, StateStore store, PortAllocator ports) {
    int count = instanceCount();
    for (int id = 1; id <= count; id++) {
      instances.add(new ProxyInstance(id, dir.resolve(Integer.toString(id)), driver, store, ports, jvmOptions()));
    }
  }

  public void adoptOrStart() throws StateException, RuntimeDriverException {
    for (ProxyInstance instance : instances) {
      instance.adoptOrStart();
    }
  }

  /** Starts any proxy whose process is gone; returns whether one was. */
  public boolean superviseTick() throws StateException, RuntimeDriverException {
    boolean restarted = false;
    for (ProxyInstance instance : instances) {
      restarted |= instance.superviseTick();
    }
    return restarted;
  }

  /** Pushes the routes to every proxy; throws naming the ones that refused them or could not be reached. */
  public void push(List<ServiceRoute> routes) throws IOException, StateException {
    List<String> failures = new ArrayList<>();
    for (ProxyInstance instance : instances) {
      try {
        instance.push(routes);
      } catch (IOException e) {
        failures.add("proxy " + instance.id + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IOException(String.join("; ", failures));
    }
  }

  /**
   * Waits until no proxy has a request in flight to {@code upstreamId} (it was taken out of the
   * routes, so none can start), or until {@code timeout}. Called before a replica's stop signal.
   */
  public void awaitDrained(String upstreamId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean busy = instances.stream().map(ProxyInstance::status).flatMap(Optional::stream)
          .flatMap(status -> status.services().stream())
          .flatMap(service -> service.upstreams().stream())
          .anyMatch(upstream -> upstream.id().equals(upstreamId) && upstream.activeRequests() > 0);
      if (!busy) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The proxies' traffic figures added up; empty when none answers. */
  public Optional<ProxyStatus> status() {
    List<ProxyStatus> answers = instances.stream().map(ProxyInstance::status).flatMap(Optional::stream).toList();
    if (answers.isEmpty()) {
      return Optional.empty();
    }
    Map<String, ServiceStatus> services = new LinkedHashMap<>();
    for (ProxyStatus answer : answers) {
      for (ServiceStatus service : answer.services()) {
        services.merge(service.name(), service, ProxyManager::add);
      }
    }
    return Optional.of(new ProxyStatus(answers.get(0).configVersion(), answers.get(0).pid(), List.copyOf(services.values())));
  }

  /** Two proxies' figures for one service added up; latency percentiles take the larger (the worse) one. */
  private static ServiceStatus add(ServiceStatus a, ServiceStatus b) {
    Map<String, UpstreamStatus> upstreams = new LinkedHashMap<>();
    for (UpstreamStatus upstream : a.upstreams()) {
      upstreams.put(upstream.id(), upstream);
    }
    for (UpstreamStatus upstream : b.upstreams()) {
      upstreams.merge(upstream.id(), upstream, (x, y) -> new UpstreamStatus(x.id(), x.host(), x.port(),
          x.state().equals(y.state()) ? x.state() : UpstreamStatus.DRAINING, x.activeRequests() + y.activeRequests(),
          x.requests() + y.requests(), x.failures() + y.failures(), x.ejected() || y.ejected(),
          x.ejected() ? x.health() : y.health(), x.ejections() + y.ejections(), x.group() != null ? x.group() : y.group(),
          x.responses5xx() + y.responses5xx(), Math.max(x.p50Millis(), y.p50Millis()), Math.max(x.p99Millis(), y.p99Millis()),
          x.path() != null ? x.path() : y.path()));
    }
    return new ServiceStatus(a.name(), a.listeners(), a.requests() + b.requests(), a.failures() + b.failures(),
        List.copyOf(upstreams.values()), a.retries() + b.retries(), a.retriesDenied() + b.retriesDenied(),
        a.panic() || b.panic(), a.panics() + b.panics(), Math.max(a.p99Millis(), b.p99Millis()));
  }

  /** Stops every proxy process, letting in-flight requests finish; only when no app needs them. */
  public void stop() {
    instances.forEach(ProxyInstance::stop);
  }

  public List<Long> pids() {
    return instances.stream().map(ProxyInstance::pid).toList();
  }

  public int adminPort() {
    return instances.get(0).adminPort();
  }

  public boolean alive() {
    return instances.stream().allMatch(ProxyInstance::alive);
  }

  private static int instanceCount() {
    String custom = System.getenv("SPLICE_PROXY_INSTANCES");
    if (custom != null && !custom.isBlank()) {
      return Math.max(1, Integer.parseInt(custom.trim()));
    }
    return io.splice.control.host.SharedPorts.supported() ? DEFAULT_INSTANCES : 1;
  }

  private static List<String> jvmOptions() {
    String custom = System.getenv("SPLICE_PROXY_JVM_OPTS");
    return custom == null || custom.isBlank() ? DEFAULT_JVM_OPTIONS : List.of(custom.trim().split("\\s+"));
  }
}
