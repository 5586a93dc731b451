package io.splice.proxy.route;

import static io.splice.proxy.util.Checks.positive;
import static java.util.Objects.requireNonNull;

import io.splice.proxy.health.HealthEvent;
import io.splice.proxy.health.OutlierPolicy;
import io.splice.proxy.health.RetryBudget;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How every service of a proxy judges and weighs its upstreams, and where it reports.
 *
 * @param outliers passive ejection of failing upstreams
 * @param retryBudget how many retries a service may make for its requests
 * @param slowStart how long a new or re-admitted upstream takes to reach its full weight (from a
 *     tenth of it); zero for none
 * @param latencyDecay τ of each upstream's peak-EWMA latency estimate
 * @param clock nanoseconds, as {@link System#nanoTime()}
 * @param events every ejection, re-admission and panic, with its reason
 * @param telemetry where each response's status and latency go
 */
public record ServiceOptions(
    OutlierPolicy outliers,
    RetryBudget.Policy retryBudget,
    Duration slowStart,
    Duration latencyDecay,
    LongSupplier clock,
    Consumer<HealthEvent> events,
    Telemetry telemetry) {

  public static final Duration DEFAULT_SLOW_START = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LATENCY_DECAY = Duration.ofSeconds(10);

  public ServiceOptions {
    requireNonNull(outliers, "outliers");
    requireNonNull(retryBudget, "retryBudget");
    requireNonNull(slowStart, "slowStart");
    if (slowStart.isNegative()) {
      throw new IllegalArgumentException("slowStart: " + slowStart + " (expected: >= 0)");
    }
    positive(latencyDecay, "latencyDecay");
    requireNonNull(clock, "clock");
    requireNonNull(events, "events");
    requireNonNull(telemetry, "telemetry");
  }

  /** The defaults, on the system clock, reporting nowhere. */
  public static ServiceOptions defaults() {
    return new ServiceOptions(
        OutlierPolicy.defaults(),
        RetryBudget.Policy.defaults(),
        DEFAULT_SLOW_START,
        DEFAULT_LATENCY_DECAY,
        System::nanoTime,
        event -> {},
        Telemetry.NONE);
  }
}
