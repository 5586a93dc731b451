package io.splice.control.apply;

import io.splice.control.proxy.ProxyManager;
import io.splice.control.scale.Autoscaler;
import io.splice.control.state.StateException;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.spec.Autoscale;
import io.splice.spec.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Feeds each autoscaled service's load, read from the proxy once a second (requests in flight, or
 * the route's p99 latency over the proxy's 30 s window), to its {@link Autoscaler}, and applies the decisions as scaling. Decisions and their reasons show in
 * {@code splice ps} and the events. A service in the middle of a rollout is left alone.
 */
final class AutoscaleLoop {
  private static final Duration EVERY = Duration.ofSeconds(1);
  /** The proxy reports p99 over its last 30 s of responses ({@link UpstreamStatus}). */
  private static final Duration LATENCY_WINDOW = Duration.ofSeconds(30);

  private final Engine engine;
  private final ProxyManager proxy;
  private final Executor workers;
  private final Executor loop;
  private final Duration downWindow;
  private final Map<String, Autoscaler> scalers = new HashMap<>();
  private final Map<String, Autoscale> policies = new HashMap<>();
  private final Map<String, Long> requestCounts = new HashMap<>();
  private Instant lastSample = Instant.EPOCH;
  private boolean sampling;

  AutoscaleLoop(Engine engine, ProxyManager proxy, Executor workers, Executor loop, Duration downWindow) {
    this.engine = engine;
    this.proxy = proxy;
    this.workers = workers;
    this.loop = loop;
    this.downWindow = downWindow;
  }

  void tick(Instant now) {
    if (sampling || now.isBefore(lastSample.plus(EVERY)) || !anyAutoscaled()) {
      return;
    }
    sampling = true;
    lastSample = now;
    workers.execute(() -> {
      Optional<ProxyStatus> status = proxy.status();
      loop.execute(() -> apply(status, now));
    });
  }

  private boolean anyAutoscaled() {
    return engine.appEntries().values().stream()
        .anyMatch(app -> !app.stopping && app.spec.services().values().stream().anyMatch(service -> service.autoscale() != null));
  }

  private void apply(Optional<ProxyStatus> status, Instant now) {
    sampling = false;
    if (status.isEmpty()) {
      return;
    }
    for (AppEntry app : engine.appEntries().values()) {
      if (app.stopping) {
        continue;
      }
      for (ServiceSpec service : app.spec.services().values()) {
        if (service.autoscale() == null || rollingOut(app, service.name())) {
          continue;
        }
        decide(app, service, status.get(), now);
      }
    }
  }

  private void decide(AppEntry app, ServiceSpec service, ProxyStatus status, Instant now) {
    String key = Routes.routeName(app.spec.name(), service.name());
    boolean latency = service.autoscale().metric() == Autoscale.Metric.P99_MS;
    if (!service.autoscale().equals(policies.get(key))) {
      policies.put(key, service.autoscale());
      scalers.put(key, new Autoscaler(service.autoscale(), downWindow, latency ? LATENCY_WINDOW : Duration.ZERO));
    }
    List<ServiceStatus> routes = status.services().stream().filter(route -> route.name().equals(key)).toList();
    long inflight = routes.stream().flatMap(route -> route.upstreams().stream()).mapToLong(UpstreamStatus::activeRequests).sum();
    long requests = routes.stream().mapToLong(ServiceStatus::requests).sum();
    Long before = requestCounts.put(key, requests);
    // The window keeps slow responses for 30 s after the traffic stopped; an idle service needs no more replicas.
    boolean idle = before != null && before == requests && inflight == 0;
    double metric = !latency ? inflight : idle ? 0 : routes.stream().mapToDouble(ServiceStatus::p99Millis).max().orElse(0);
    Autoscaler.Decision decision = scalers.get(key).observe(now, metric, service.replicas());
    app.autoscaleReasons.put(service.name(), decision.reason());
    if (decision.replicas() != service.replicas()) {
      try {
        engine.applyScale(app, service.name(), decision.replicas(), "autoscale " + decision.reason());
      } catch (StateException e) {
        System.out.println("state database failed: " + e.getMessage());
      }
    }
  }

  private static boolean rollingOut(AppEntry app, String service) {
    Deployment deployment = app.deployments.get(service);
    return deployment != null && deployment.state == Deployment.State.RUNNING;
  }
}
