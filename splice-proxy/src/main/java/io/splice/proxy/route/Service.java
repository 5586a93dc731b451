package io.splice.proxy.route;

import static java.util.Objects.requireNonNull;

import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.balancer.TrafficSplit;
import io.splice.proxy.health.OutlierDetector;
import io.splice.proxy.health.OutlierState.Outcome;
import io.splice.proxy.health.RetryBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A service's upstreams and counters, kept across pushes for as long as the service is in the
 * config.
 *
 * <p>{@link #update} diffs the pushed upstream list against the current one: an upstream whose
 * {@link Upstream#key() key} is kept stays the same object (connections, counters), a new key
 * creates one, and a key that is gone starts {@link Upstream#drain draining}. The active list is an
 * immutable snapshot swapped in one write, so a request reads either the old list or the new one,
 * never a mix. Updates are serialized; reads never block.
 *
 * <p>It also holds what is judged over all its upstreams: the {@link OutlierDetector} (which of
 * them are {@link #candidates() in rotation}) and the {@link RetryBudget}.
 */
public final class Service {

  private final String name;
  private final Scheduler scheduler;
  private final Consumer<Upstream> onUpstreamClosed;
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final ServiceOptions options;
  private final OutlierDetector outliers;
  private final RetryBudget retryBudget;
  private final Set<Upstream> draining = ConcurrentHashMap.newKeySet();
  private final LatencyWindow window;
  private volatile TrafficSplit split = TrafficSplit.NONE;
  private volatile List<Upstream> active = List.of();
  private Map<String, Upstream> activeByKey = Map.of(); // guarded by this
  private volatile ActiveChecks checks; // written under this; null while off
  private volatile boolean http2Upstreams;

  /**
   * @param onUpstreamClosed called once per upstream of this service that reaches {@code CLOSED}
   *     (after draining, or when the service is {@link #close closed})
   */
  public Service(String name, Scheduler scheduler, Consumer<Upstream> onUpstreamClosed) {
    this(name, scheduler, onUpstreamClosed, ServiceOptions.defaults());
  }

  /**
   * @param onUpstreamClosed called once per upstream of this service that reaches {@code CLOSED}
   *     (after draining, or when the service is {@link #close closed})
   * @param options outlier, retry and balancing settings, clock and reporting
   */
  public Service(
      String name,
      Scheduler scheduler,
      Consumer<Upstream> onUpstreamClosed,
      ServiceOptions options) {
    this.name = requireNonNull(name, "name");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.onUpstreamClosed = requireNonNull(onUpstreamClosed, "onUpstreamClosed");
    this.options = requireNonNull(options, "options");
    this.outliers = new OutlierDetector(name, options.outliers(), options.clock(), options.events());
    this.retryBudget = new RetryBudget(options.retryBudget(), options.clock());
    this.window = new LatencyWindow(LatencyWindow.DEFAULT_WINDOW, options.clock());
  }

  public String name() {
    return name;
  }

  /**
   * Whether its upstreams speak HTTP/2 in clear text (h2c): requests then go to them as streams
   * over few connections, else as HTTP/1.1 over pooled connections. Read by each attempt.
   */
  public boolean http2Upstreams() {
    return http2Upstreams;
  }

  /** Sets what its upstreams speak, from a push: see {@link #http2Upstreams()}. */
  public void http2Upstreams(boolean http2) {
    http2Upstreams = http2;
  }

  /** Where the service's measurements go. */
  public Telemetry telemetry() {
    return options.telemetry();
  }

  /**
   * Makes {@code targets} the active upstreams, in their order. Upstreams no longer listed drain
   * for at most {@code drainTimeout}.
   */
  public void update(List<UpstreamTarget> targets, Duration drainTimeout) {
    update(targets, Map.of(), drainTimeout);
  }

  /**
   * Makes {@code targets} the active upstreams, in their order, split between their groups by
   * {@code groupWeights} (empty: no split). Upstreams no longer listed drain for at most {@code
   * drainTimeout}.
   *
   * @throws IllegalArgumentException when a weight is negative or null
   */
  public synchronized void update(
      List<UpstreamTarget> targets, Map<String, Integer> groupWeights, Duration drainTimeout) {
    requireNonNull(targets, "targets");
    TrafficSplit nextSplit = TrafficSplit.of(groupWeights);
    requireNonNull(drainTimeout, "drainTimeout");
    Map<String, Upstream> next = new LinkedHashMap<>();
    for (UpstreamTarget target : targets) {
      String key = Upstream.key(target);
      Upstream upstream = activeByKey.get(key);
      if (upstream == null) {
        upstream = revive(key);
      }
      if (upstream == null) {
        upstream =
            new Upstream(
                target,
                this::upstreamClosed,
                outliers.track(target.id()),
                options,
                options.telemetry().recorder(name, target.id()));
      }
      upstream.weight(target.weight());
      upstream.group(target.group());
      next.put(key, upstream);
    }
    List<Upstream> removed = new ArrayList<>();
    for (Map.Entry<String, Upstream> entry : activeByKey.entrySet()) {
      if (!next.containsKey(entry.getKey())) {
        removed.add(entry.getValue());
      }
    }
    activeByKey = next;
    split = nextSplit;
    active = List.copyOf(next.values());
    for (Upstream upstream : removed) {
      draining.add(upstream); // before drain(): it may close at once and remove itself
      upstream.drain(drainTimeout, scheduler);
    }
  }

  /** Drains every upstream: the service left the config. */
  public void retire(Duration drainTimeout) {
    configureChecks(null, null);
    update(List.of(), drainTimeout);
  }

  /** Closes every upstream now, in flight or not: the proxy is stopping. */
  public void close() {
    List<Upstream> all;
    synchronized (this) {
      if (checks != null) {
        checks.stop();
        checks = null;
      }
      all = upstreams();
      activeByKey = Map.of();
      active = List.of();
    }
    all.forEach(Upstream::close);
  }

  /** The upstreams that take new requests, in config order. Never blocks. */
  public List<Upstream> activeUpstreams() {
    return active;
  }

  /**
   * The active upstreams in rotation: those not ejected, or all of them when too few are in
   * rotation (panic). Never blocks; allocates only while some upstream is ejected.
   */
  public List<Upstream> candidates() {
    List<Upstream> inRotation = outliers.inRotation(active, Upstream::outlier);
    if (checks == null) {
      return inRotation;
    }
    List<Upstream> healthy = null;
    for (int i = 0; i < inRotation.size(); i++) {
      Upstream upstream = inRotation.get(i);
      if (!upstream.activeHealthy() && healthy == null) {
        healthy = new ArrayList<>(inRotation.subList(0, i));
      } else if (upstream.activeHealthy() && healthy != null) {
        healthy.add(upstream);
      }
    }
    if (healthy == null) {
      return inRotation;
    }
    // None passes its checks: serve from all rather than refuse every request.
    return healthy.isEmpty() ? inRotation : healthy;
  }

  /**
   * Starts, changes or (with null settings) stops the service's active health checks. The same
   * settings as in force change nothing; new settings start every upstream healthy again.
   */
  public synchronized void configureChecks(ActiveChecks.Settings settings, ActiveChecks.Probe probe) {
    if (checks != null && checks.settings().equals(settings)) {
      return;
    }
    if (checks != null) {
      checks.stop();
      checks = null;
    }
    if (settings == null) {
      active.forEach(Upstream::clearActiveHealth);
      return;
    }
    checks =
        new ActiveChecks(
            name,
            settings,
            this::activeUpstreams,
            requireNonNull(probe, "probe"),
            scheduler,
            options.clock(),
            options.events());
    checks.start();
  }

  /** The active checks in force, or null. */
  public synchronized ActiveChecks checks() {
    return checks;
  }

  /**
   * The candidates of the traffic group drawn for one attempt (see {@link TrafficSplit}): {@code
   * candidates} itself when the service has no split. Never empty unless {@code candidates} is.
   */
  public List<Upstream> chooseGroup(List<Upstream> candidates) {
    return split.choose(candidates, Upstream::group, ThreadLocalRandom.current());
  }

  /** The traffic split in force. */
  public TrafficSplit split() {
    return split;
  }

  /**
   * Counts a response head from {@code upstream}: its status and latency, for the upstream and for
   * the service's latency window.
   */
  public void recordResponse(Upstream upstream, int status, long nanos) {
    upstream.recordResponse(status, nanos);
    window.record(nanos);
  }

  /** The latencies of all its upstreams' responses over the last 30 s. */
  public LatencyWindow latencyWindow() {
    return window;
  }

  /** Counts the result of an attempt on {@code upstream} for passive health. */
  public void recordOutcome(Upstream upstream, Outcome outcome, String detail) {
    outliers.record(upstream, active, Upstream::outlier, outcome, detail);
  }

  /** Takes a retry from the budget; false when it is spent (the request is not retried). */
  public boolean tryRetry() {
    if (!retryBudget.tryRetry()) {
      return false;
    }
    retries.increment();
    return true;
  }

  public long retries() {
    return retries.sum();
  }

  /** Retries the budget refused. */
  public long retriesDenied() {
    return retryBudget.denied();
  }

  /** Whether the service routes to all its upstreams because too few are in rotation. */
  public boolean inPanic() {
    return outliers.inPanic();
  }

  /** Times the panic threshold triggered. */
  public long panics() {
    return outliers.panics();
  }

  /** The active upstreams, then the draining ones. */
  public List<Upstream> upstreams() {
    List<Upstream> all = new ArrayList<>(active);
    for (Upstream upstream : draining) {
      if (upstream.state() == Upstream.State.DRAINING) {
        all.add(upstream);
      }
    }
    return all;
  }

  /** Counts a client request (and adds to the retry budget). */
  public void recordRequest() {
    requests.increment();
    retryBudget.request();
  }

  public void recordFailure() {
    failures.increment();
  }

  public long requests() {
    return requests.sum();
  }

  public long failures() {
    return failures.sum();
  }

  @Override
  public String toString() {
    return "Service[" + name + ", active=" + active.size() + ", draining=" + draining.size() + "]";
  }

  /** A draining upstream with this key made active again, or null. */
  private Upstream revive(String key) {
    for (Upstream upstream : draining) {
      if (upstream.key().equals(key) && upstream.reactivate()) {
        draining.remove(upstream);
        return upstream;
      }
    }
    return null;
  }

  private void upstreamClosed(Upstream upstream) {
    draining.remove(upstream);
    onUpstreamClosed.accept(upstream);
  }
}
