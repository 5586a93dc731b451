package io.splice.proxy.route;

import static java.util.Objects.requireNonNull;

import io.splice.proxy.health.CheckResult;
import io.splice.proxy.health.HealthCheck;
import io.splice.proxy.health.HealthEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs a service's active health checks: every interval, one probe per active upstream (none while
 * the previous probe of that upstream is still out), each result fed to the upstream's {@link
 * HealthCheck}, each change to the event consumer. Netty-free: the probe and the scheduler are
 * passed in, so tests run it on a manual scheduler and a fake probe.
 *
 * <pre>{@code
 * ActiveChecks checks = new ActiveChecks(settings, service::activeUpstreams, probe, scheduler,
 *     System::nanoTime, events);
 * checks.start();   // ... checks.stop() when the settings change or the service goes
 * }</pre>
 */
public final class ActiveChecks {

  /**
   * A probe's longest wait for an answer. It does not shrink with a short interval: a probe still
   * out when the next round comes is simply not repeated.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * What to check and how often.
   *
   * @param path HTTP path to GET (2xx and 3xx pass), or null for a TCP connect
   * @param interval between two rounds of checks
   * @param rise passed checks in a row to become healthy
   * @param fall failed checks in a row to become unhealthy
   * @param http2 whether the HTTP check speaks HTTP/2 in clear text (h2c, prior knowledge), as the
   *     service's upstreams do
   */
  public record Settings(String path, Duration interval, int rise, int fall, boolean http2) {

    public Settings {
      requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
      }
    }

    /** Checks over HTTP/1.1 (or TCP). */
    public Settings(String path, Duration interval, int rise, int fall) {
      this(path, interval, rise, fall, false);
    }

    /** How long one probe may take: {@link #DEFAULT_TIMEOUT}. */
    public Duration timeout() {
      return DEFAULT_TIMEOUT;
    }

    /** "GET /healthz", "GET /healthz over h2c" or "TCP connect". */
    public String describe() {
      return path == null ? "TCP connect" : "GET " + path + (http2 ? " over h2c" : "");
    }
  }

  /** Checks one upstream once; the callback runs exactly once, on any thread. */
  @FunctionalInterface
  public interface Probe {
    void check(Upstream upstream, Settings settings, Consumer<CheckResult> done);
  }

  private final Settings settings;
  private final Supplier<List<Upstream>> upstreams;
  private final Probe probe;
  private final Scheduler scheduler;
  private final LongSupplier clock;
  private final Consumer<HealthEvent> events;
  private final String service;
  private volatile boolean stopped;
  private volatile Scheduler.Timer timer;

  public ActiveChecks(
      String service,
      Settings settings,
      Supplier<List<Upstream>> upstreams,
      Probe probe,
      Scheduler scheduler,
      LongSupplier clock,
      Consumer<HealthEvent> events) {
    this.service = requireNonNull(service, "service");
    this.settings = requireNonNull(settings, "settings");
    this.upstreams = requireNonNull(upstreams, "upstreams");
    this.probe = requireNonNull(probe, "probe");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.clock = requireNonNull(clock, "clock");
    this.events = requireNonNull(events, "events");
  }

  public Settings settings() {
    return settings;
  }

  /** Starts the rounds: the first one at once. */
  public void start() {
    round();
  }

  /** Stops scheduling rounds; results of probes still out are dropped. */
  public void stop() {
    stopped = true;
    Scheduler.Timer pending = timer;
    if (pending != null) {
      pending.cancel();
    }
  }

  /** The health check of {@code upstream} under these settings, created on first use. */
  HealthCheck healthOf(Upstream upstream) {
    return upstream.activeHealth(
        this, () -> new HealthCheck(service, upstream.id(), settings.rise(), settings.fall(), clock));
  }

  /** One round: a probe per active upstream that has none out, then the next round is scheduled. */
  void round() {
    if (stopped) {
      return;
    }
    for (Upstream upstream : upstreams.get()) {
      HealthCheck health = healthOf(upstream);
      if (!upstream.startProbe()) {
        continue; // the previous probe is still out
      }
      probe.check(
          upstream,
          settings,
          result -> {
            upstream.endProbe();
            if (stopped || upstream.state() != Upstream.State.ACTIVE) {
              return; // settings changed or upstream removed: the result means nothing now
            }
            HealthEvent event = health.record(result);
            if (event != null) {
              events.accept(event);
            }
          });
    }
    if (!stopped) {
      timer = scheduler.schedule(this::round, settings.interval());
    }
  }
}
