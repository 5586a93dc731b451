package io.splice.proxy;

import io.netty.channel.EventLoopGroup;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.http.Backends;
import io.splice.proxy.http.HttpListener;
import io.splice.proxy.http.HttpProxyContext;
import io.splice.proxy.http.ListenerTls;
import io.splice.proxy.health.HealthCheck;
import io.splice.proxy.route.ActiveChecks;
import io.splice.proxy.route.Service;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.tcp.TcpListenerInitializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The listeners and services in force, and the diff that moves them to a new config.
 *
 * <p>{@link #apply} works in two phases. Prepare: bind the listeners that are new (and create the
 * services that are new, so that those listeners have something to serve), then run the caller's
 * step (writing the config to disk); if any of it fails, what was bound is closed and nothing else
 * changed. Commit: swap every service's upstream list, point every listener at its service, stop
 * the listeners no longer wanted and retire the services no longer wanted. A listener that is kept
 * is never touched, nor are its client connections.
 */
final class RouteTable {

  /** A step run between binding and swapping; a failure there cancels the apply. */
  @FunctionalInterface
  interface Step {
    void run(ProxyConfig config) throws IOException;
  }

  /** What readers see: the config and the services built from it, swapped together. */
  record Snapshot(ProxyConfig config, Map<String, Service> services) {}

  private final HttpProxyContext proxy;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;
  private final Function<String, Service> newService;
  private final Backends backends;
  private final Duration defaultDrainTimeout;
  private final ActiveChecks.Probe probe;
  private Map<String, HttpListener> listeners = Map.of(); // guarded by this
  private volatile Snapshot snapshot = new Snapshot(ProxyConfig.EMPTY, Map.of());

  /**
   * @param newService makes the service of a name that is new in a config; its upstreams' pools
   *     are closed by {@link Backends#close} when they close
   */
  RouteTable(
      HttpProxyContext proxy,
      EventLoopGroup acceptors,
      EventLoopGroup workers,
      Function<String, Service> newService,
      Duration defaultDrainTimeout,
      ActiveChecks.Probe probe) {
    this.proxy = proxy;
    this.acceptors = acceptors;
    this.workers = workers;
    this.newService = newService;
    this.backends = proxy.backends();
    this.defaultDrainTimeout = defaultDrainTimeout;
    this.probe = probe;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** Makes {@code next} the config in force; {@code beforeCommit} runs once all is bound. */
  synchronized void apply(ProxyConfig next, Step beforeCommit) throws IOException {
    apply(next, Map.of(), beforeCommit);
  }

  /**
   * Makes {@code next} the config in force, its TLS listeners serving with {@code tls} (by {@link
   * ConfigValidator#addressKey}); {@code beforeCommit} runs once all is bound.
   */
  synchronized void apply(ProxyConfig next, Map<String, ListenerTls> tls, Step beforeCommit)
      throws IOException {
    Map<String, Service> current = snapshot.services();
    Map<String, Service> created = new HashMap<>();
    Map<String, HttpListener> bound = new HashMap<>();
    try {
      for (ServiceRoute route : next.services()) {
        Service service = current.get(route.name());
        if (service == null) {
          service = newService.apply(route.name());
          created.put(route.name(), service);
          updateUpstreams(service, route); // invisible until its new listeners are bound
        }
        for (ListenAddress address : route.listeners()) {
          String key = listenerKey(route, address);
          if (!listeners.containsKey(key) && !bound.containsKey(key)) {
            bound.put(
                key, bindListener(route, address, service, tls.get(ConfigValidator.addressKey(address))));
          }
        }
      }
      beforeCommit.run(next);
    } catch (IOException | RuntimeException e) {
      bound.values().forEach(HttpListener::stopAccepting);
      created.values().forEach(service -> service.retire(defaultDrainTimeout));
      throw e;
    }
    commit(next, created, bound, tls);
  }

  /** Stops every listener; client connections close once their request in progress is done. */
  synchronized void stopAccepting() {
    listeners.values().forEach(HttpListener::stopAccepting);
  }

  /** Waits for client connections to close, at most until {@code deadline}. */
  boolean awaitConnectionsClosed(Instant deadline) throws InterruptedException {
    Map<String, HttpListener> all;
    synchronized (this) {
      all = listeners;
    }
    for (HttpListener listener : all.values()) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || !listener.awaitConnectionsClosed(left)) {
        return false;
      }
    }
    return true;
  }

  /** Closes every client connection and every upstream connection now. */
  synchronized void closeNow() {
    listeners.values().forEach(HttpListener::closeConnections);
    snapshot.services().values().forEach(Service::close);
  }

  /** Client connections open on all listeners. */
  synchronized int connectionCount() {
    return listeners.values().stream().mapToInt(HttpListener::connectionCount).sum();
  }

  private void commit(
      ProxyConfig next,
      Map<String, Service> created,
      Map<String, HttpListener> bound,
      Map<String, ListenerTls> tls) {
    Snapshot previous = snapshot;
    Map<String, Service> services = new LinkedHashMap<>();
    Map<String, HttpListener> kept = new HashMap<>();
    for (ServiceRoute route : next.services()) {
      Service service = created.get(route.name());
      if (service == null) {
        service = previous.services().get(route.name());
        updateUpstreams(service, route);
      }
      services.put(route.name(), service);
      for (ListenAddress address : route.listeners()) {
        String key = listenerKey(route, address);
        HttpListener listener = bound.containsKey(key) ? bound.get(key) : listeners.get(key);
        listener.route(service);
        listener.tls(tls.get(ConfigValidator.addressKey(address)));
        kept.put(key, listener);
      }
    }
    for (Map.Entry<String, HttpListener> entry : listeners.entrySet()) {
      if (!kept.containsKey(entry.getKey())) {
        entry.getValue().stopAccepting();
      }
    }
    for (ServiceRoute route : previous.config().services()) {
      if (!services.containsKey(route.name())) {
        previous.services().get(route.name()).retire(drainTimeout(route));
      }
    }
    listeners = Map.copyOf(kept);
    snapshot = new Snapshot(next, Collections.unmodifiableMap(services));
  }

  private void updateUpstreams(Service service, ServiceRoute route) {
    boolean http2 = route.h2cUpstreams();
    service.http2Upstreams(http2);
    service.update(route.upstreams(), route.groupWeights(), drainTimeout(route));
    for (Upstream upstream : service.activeUpstreams()) {
      backends.open(upstream, http2);
    }
    service.configureChecks(checkSettings(route), probe);
  }

  /** The active checks a route asks for, or null for none. */
  static ActiveChecks.Settings checkSettings(ServiceRoute route) {
    if (route.healthIntervalMillis() <= 0) {
      return null;
    }
    return new ActiveChecks.Settings(
        route.healthPath(),
        Duration.ofMillis(route.healthIntervalMillis()),
        route.rise() > 0 ? route.rise() : HealthCheck.DEFAULT_RISE,
        route.fall() > 0 ? route.fall() : HealthCheck.DEFAULT_FALL,
        route.h2cUpstreams());
  }

  private HttpListener bindListener(
      ServiceRoute route, ListenAddress address, Service service, ListenerTls tls)
      throws IOException {
    if (ServiceRoute.TCP.equals(route.protocol())) {
      return HttpListener.bind(
          address.host().strip(),
          address.port(),
          service,
          proxy,
          acceptors,
          workers,
          listener -> new TcpListenerInitializer(listener, proxy));
    }
    return HttpListener.bind(
        address.host().strip(), address.port(), service, tls, proxy, acceptors, workers);
  }

  /** Listeners are kept by protocol and address: a service that changes protocol rebinds. */
  private static String listenerKey(ServiceRoute route, ListenAddress address) {
    return route.protocol() + " " + ConfigValidator.addressKey(address);
  }

  private Duration drainTimeout(ServiceRoute route) {
    return route.drainTimeoutMillis() > 0
        ? Duration.ofMillis(route.drainTimeoutMillis())
        : defaultDrainTimeout;
  }
}
