package io.splice.proxy.health;

import static io.splice.proxy.util.Checks.atLeast;
import static java.util.Objects.requireNonNull;

import java.util.function.LongSupplier;

/**
 * The active health of one upstream: healthy or unhealthy, moved only by {@code rise} passed
 * checks in a row (to healthy) or {@code fall} failed checks in a row (to unhealthy), so that a
 * single check never flips it. A cancelled check counts for nothing. Every change returns a {@link
 * HealthEvent} whose reason names the count and the last check's status, error or timeout.
 *
 * <pre>
 *            fall failed in a row
 * HEALTHY ─────────────────────────▶ UNHEALTHY
 *         ◀─────────────────────────
 *            rise passed in a row
 * </pre>
 *
 * <p>An upstream starts healthy: the control plane adds it once it is ready, and it must not leave
 * rotation before it failed {@code fall} checks. No I/O, no threads; time comes from the clock
 * passed in (nanoseconds, as {@link System#nanoTime()}) and only stamps the changes. Thread-safe.
 */
public final class HealthCheck {

  public static final int DEFAULT_RISE = 2;
  public static final int DEFAULT_FALL = 3;

  private final String service;
  private final String upstream;
  private final int rise;
  private final int fall;
  private final LongSupplier clock;
  private volatile boolean healthy = true;
  private volatile String reason = "healthy since added";
  private volatile long changedAt;
  private int passedInRow; // guarded by this
  private int failedInRow; // guarded by this

  /**
   * @param rise passed checks in a row that make an unhealthy upstream healthy, 1 or more
   * @param fall failed checks in a row that make a healthy upstream unhealthy, 1 or more
   */
  public HealthCheck(String service, String upstream, int rise, int fall, LongSupplier clock) {
    this.service = requireNonNull(service, "service");
    this.upstream = requireNonNull(upstream, "upstream");
    this.rise = atLeast(rise, 1, "rise");
    this.fall = atLeast(fall, 1, "fall");
    this.clock = requireNonNull(clock, "clock");
    this.changedAt = clock.getAsLong();
  }

  /** Counts one check; returns the change it caused, or null when the state stays. */
  public synchronized HealthEvent record(CheckResult result) {
    switch (result.kind()) {
      case PASSED:
        failedInRow = 0;
        passedInRow++;
        if (!healthy && passedInRow >= rise) {
          return change(true, passedInRow + " consecutive checks passed (last: " + result.detail() + ")");
        }
        return null;
      case FAILED:
        passedInRow = 0;
        failedInRow++;
        if (healthy && failedInRow >= fall) {
          return change(false, failedInRow + " consecutive checks failed (last: " + result.detail() + ")");
        }
        return null;
      default:
        return null; // cancelled: neither a pass nor a failure
    }
  }

  public boolean isHealthy() {
    return healthy;
  }

  /** Why it is in its state: the last change and its cause. */
  public String reason() {
    return reason;
  }

  /** When the state last changed (or the check was created), on the clock passed in. */
  public long changedAt() {
    return changedAt;
  }

  public int rise() {
    return rise;
  }

  public int fall() {
    return fall;
  }

  private HealthEvent change(boolean nowHealthy, String why) {
    healthy = nowHealthy;
    changedAt = clock.getAsLong();
    reason = (nowHealthy ? "healthy: " : "unhealthy: ") + why;
    passedInRow = 0;
    failedInRow = 0;
    return new HealthEvent(
        service,
        upstream,
        nowHealthy ? HealthEvent.Kind.HEALTHY : HealthEvent.Kind.UNHEALTHY,
        why);
  }
}
