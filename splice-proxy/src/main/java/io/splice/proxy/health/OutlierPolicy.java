package io.splice.proxy.health;

import static io.splice.proxy.util.Checks.atLeast;
import static io.splice.proxy.util.Checks.between;
import static io.splice.proxy.util.Checks.positive;

import java.time.Duration;

/**
 * When an upstream is taken out of rotation for failing, for how long, and how many may be out.
 *
 * @param consecutiveConnectFailures attempts in a row that could not reach the upstream (connect
 *     refused or timed out, reset before the request was written) that eject it
 * @param consecutiveServerErrors attempts in a row answered 5xx, or failed after the request was
 *     written (reset, response timeout), that eject it
 * @param baseEjectionTime the first ejection lasts this long; the n-th lasts n times as long
 * @param maxEjectionTime ceiling of one ejection; an upstream that stayed in this long since its
 *     last re-admission starts again from the base time
 * @param panicThreshold share of a service's upstreams that must stay in rotation (0..1): an
 *     ejection that would leave fewer is refused, and when fewer remain anyway (after a push) the
 *     service routes to all of them (panic)
 */
public record OutlierPolicy(
    int consecutiveConnectFailures,
    int consecutiveServerErrors,
    Duration baseEjectionTime,
    Duration maxEjectionTime,
    double panicThreshold) {

  public static final int DEFAULT_CONSECUTIVE_CONNECT_FAILURES = 3;
  public static final int DEFAULT_CONSECUTIVE_SERVER_ERRORS = 5;
  public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofMinutes(5);
  public static final double DEFAULT_PANIC_THRESHOLD = 0.5;

  public OutlierPolicy {
    atLeast(consecutiveConnectFailures, 1, "consecutiveConnectFailures");
    atLeast(consecutiveServerErrors, 1, "consecutiveServerErrors");
    positive(baseEjectionTime, "baseEjectionTime");
    positive(maxEjectionTime, "maxEjectionTime");
    if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException(
          "maxEjectionTime: " + maxEjectionTime + " (expected: >= " + baseEjectionTime + ")");
    }
    between(panicThreshold, 0, 1, "panicThreshold");
  }

  public static OutlierPolicy defaults() {
    return new OutlierPolicy(
        DEFAULT_CONSECUTIVE_CONNECT_FAILURES,
        DEFAULT_CONSECUTIVE_SERVER_ERRORS,
        DEFAULT_BASE_EJECTION_TIME,
        DEFAULT_MAX_EJECTION_TIME,
        DEFAULT_PANIC_THRESHOLD);
  }

  /** How long the {@code n}-th ejection in a row lasts: base × n, at most the maximum. */
  Duration ejectionTime(int n) {
    Duration time = baseEjectionTime.multipliedBy(Math.max(1, n));
    return time.compareTo(maxEjectionTime) > 0 ? maxEjectionTime : time;
  }
}
