package io.splice.proxy.route;

import static java.util.Objects.requireNonNull;

import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.balancer.Endpoint;
import io.splice.proxy.balancer.PeakEwma;
import io.splice.proxy.balancer.SlowStart;
import io.splice.proxy.health.OutlierDetector;
import io.splice.proxy.health.HealthCheck;
import io.splice.proxy.health.OutlierState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One replica of a service as the proxy sees it: its address, weight, state and counters.
 *
 * <p>Lifecycle: {@code ACTIVE} (selectable) → {@link #drain} → {@code DRAINING} (no new requests;
 * in-flight ones finish) → {@code CLOSED} once the last in-flight request ends or the drain timeout
 * passes, whichever is first. On {@code CLOSED} the owner's callback runs once (it closes the
 * pooled connections). A draining upstream can be {@link #reactivate reactivated} if a push brings
 * it back before it closed.
 *
 * <p>Besides its lifecycle it carries what the balancer weighs: outstanding requests, a peak-EWMA
 * latency estimate, and a slow-start factor that ramps its weight after it was added or
 * re-admitted; and its passive health ({@link OutlierState}).
 *
 * <p>Identity is the object: two upstreams with the same {@link #key()} are different objects when
 * one was closed and the other created later. Thread-safe.
 */
public final class Upstream implements Endpoint {

  /** Where an upstream is in its lifecycle. */
  public enum State {
    ACTIVE,
    DRAINING,
    CLOSED
  }

  private final String id;
  private final String host; // null for a Unix domain socket
  private final int port;
  private final String path; // of a Unix domain socket, or null
  private final Consumer<Upstream> onClosed;
  private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
  private final AtomicLong active = new AtomicLong();
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final OutlierState outlier;
  private final PeakEwma latency;
  private final LongSupplier clock;
  private final long slowStartNanos;
  private final Telemetry.Recorder recorder;
  private final LongAdder responses5xx = new LongAdder();
  private final LatencyWindow window;
  private volatile int weight;
  private volatile String group;
  private volatile HealthCheck activeHealth; // null while the service has no active checks
  private volatile Object activeHealthOwner;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile Scheduler.Timer drainTimer;

  /** An upstream with the default options, tracked by a detector of its own (for tests). */
  public Upstream(UpstreamTarget target, Consumer<Upstream> onClosed) {
    this(
        target,
        onClosed,
        new OutlierDetector(target.id(), ServiceOptions.defaults().outliers(), System::nanoTime, e -> {})
            .track(target.id()),
        ServiceOptions.defaults(),
        Telemetry.Recorder.NONE);
  }

  /**
   * @param onClosed called once, on the thread that closes the upstream (the one ending the last
   *     request, or the scheduler's), when the upstream reaches {@code CLOSED}
   * @param outlier its passive health, from its service's detector
   * @param recorder where its responses are measured; closed with the upstream
   */
  public Upstream(
      UpstreamTarget target,
      Consumer<Upstream> onClosed,
      OutlierState outlier,
      ServiceOptions options,
      Telemetry.Recorder recorder) {
    requireNonNull(target, "target");
    this.id = requireNonNull(target.id(), "id");
    this.path = target.path();
    this.host = path != null ? null : requireNonNull(target.host(), "host");
    this.port = path != null ? 0 : target.port();
    this.onClosed = requireNonNull(onClosed, "onClosed");
    this.weight = Math.max(1, target.weight());
    this.group = target.group();
    this.outlier = requireNonNull(outlier, "outlier");
    this.clock = options.clock();
    this.latency = new PeakEwma(options.latencyDecay().toNanos(), clock);
    this.slowStartNanos = options.slowStart().toNanos();
    this.recorder = requireNonNull(recorder, "recorder");
    this.window = new LatencyWindow(LatencyWindow.DEFAULT_WINDOW, clock);
  }

  /** Names the upstream within its service: id, host and port (or {@code unix:} and the path). */
  public static String key(UpstreamTarget target) {
    return target.path() != null
        ? target.id() + "@unix:" + target.path()
        : target.id() + "@" + target.host() + ":" + target.port();
  }

  public String key() {
    return path != null ? id + "@unix:" + path : id + "@" + host + ":" + port;
  }

  public String id() {
    return id;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The Unix domain socket it is reached through, or null when it is reached over TCP. */
  public String path() {
    return path;
  }

  /** {@code host:port}, or {@code unix:path}. */
  public String address() {
    return path != null ? "unix:" + path : host + ":" + port;
  }

  public State state() {
    return state.get();
  }

  @Override
  public int weight() {
    return weight;
  }

  /** Weight from a new push; 0 or less reads as 1. */
  public void weight(int weight) {
    this.weight = Math.max(1, weight);
  }

  /**
   * Whether active checks allow new requests: true while the service has no active checks, else
   * the state of its {@link HealthCheck}.
   */
  public boolean activeHealthy() {
    HealthCheck health = activeHealth;
    return health == null || health.isHealthy();
  }

  /** Its active health check, or null while the service has none. */
  public HealthCheck activeHealth() {
    return activeHealth;
  }

  /** The health check {@code owner} keeps for it, made with {@code create} when owner is new. */
  synchronized HealthCheck activeHealth(Object owner, Supplier<HealthCheck> create) {
    if (activeHealthOwner != owner) {
      activeHealthOwner = owner;
      activeHealth = create.get();
    }
    return activeHealth;
  }

  /** The service turned its active checks off. */
  synchronized void clearActiveHealth() {
    activeHealthOwner = null;
    activeHealth = null;
  }

  /** Marks a probe out; false when one already is. */
  boolean startProbe() {
    return probing.compareAndSet(false, true);
  }

  void endProbe() {
    probing.set(false);
  }

  /** Its traffic group from the config, or null. */
  public String group() {
    return group;
  }

  /** Group from a new push (null for none). */
  public void group(String group) {
    this.group = group;
  }

  @Override
  public long outstanding() {
    return active.get();
  }

  @Override
  public double latency() {
    return latency.estimate();
  }

  @Override
  public double weightFactor() {
    return SlowStart.factor(clock.getAsLong() - outlier.inRotationSince(), slowStartNanos);
  }

  /** Counts how long an attempt took to its response head (or to fail). */
  public void observeLatency(long nanos) {
    latency.observe(nanos);
  }

  public OutlierState outlier() {
    return outlier;
  }

  public Telemetry.Recorder recorder() {
    return recorder;
  }

  public long requests() {
    return requests.sum();
  }

  /**
   * Counts a response head: its status (5xx are counted) and how long the attempt took to it, in
   * the latency window.
   */
  public void recordResponse(int status, long nanos) {
    if (status >= 500) {
      responses5xx.increment();
    }
    window.record(nanos);
  }

  /** Responses with a 5xx status since the upstream was added. */
  public long responses5xx() {
    return responses5xx.sum();
  }

  /** Its response latencies over the last 30 s (see {@link LatencyWindow}). */
  public LatencyWindow latencyWindow() {
    return window;
  }

  public long failures() {
    return failures.sum();
  }

  /** Counts an attempt that starts now; pair every call with one {@link #end}. */
  public void begin() {
    active.incrementAndGet();
    requests.increment();
  }

  /**
   * Ends an attempt started with {@link #begin}; the last one to end closes a draining upstream.
   */
  public void end(boolean failed) {
    if (failed) {
      failures.increment();
    }
    if (active.decrementAndGet() <= 0 && state.get() == State.DRAINING) {
      finishDrain();
    }
  }

  /**
   * Stops taking new requests. Closes now when nothing is in flight, else when the last in-flight
   * request ends or after {@code timeout}, whichever comes first. Does nothing unless active.
   */
  public void drain(Duration timeout, Scheduler scheduler) {
    requireNonNull(timeout, "timeout");
    requireNonNull(scheduler, "scheduler");
    if (!state.compareAndSet(State.ACTIVE, State.DRAINING)) {
      return;
    }
    // The state is DRAINING before "active" is read, and end() reads the state after it
    // decrements, so one of the two sees the other and the upstream cannot stay open.
    if (active.get() <= 0) {
      finishDrain();
      return;
    }
    drainTimer = scheduler.schedule(this::finishDrain, timeout);
  }

  /**
   * Makes a draining upstream active again (a push brought it back). Returns false when it is
   * already closed; the caller then creates a new one.
   */
  public boolean reactivate() {
    if (state.compareAndSet(State.DRAINING, State.ACTIVE)) {
      cancelDrainTimer();
      return true;
    }
    return state.get() == State.ACTIVE;
  }

  /** Closes at once, whatever is in flight; the close callback runs if it has not yet. */
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    cancelDrainTimer();
    recorder.close();
    onClosed.accept(this);
  }

  @Override
  public String toString() {
    return "Upstream[" + key() + ", " + state.get() + ", active=" + active.get() + "]";
  }

  /** Draining → closed; a no-op when reactivated or closed meanwhile. */
  private void finishDrain() {
    if (state.compareAndSet(State.DRAINING, State.CLOSED)) {
      cancelDrainTimer();
      recorder.close();
      onClosed.accept(this);
    }
  }

  private void cancelDrainTimer() {
    Scheduler.Timer timer = drainTimer;
    drainTimer = null;
    if (timer != null) {
      timer.cancel();
    }
  }
}
