package io.splice.control.supervise;

import java.time.Duration;

/**
 * When to restart a replica that failed: exponential back-off from {@link #DEFAULT_BASE} up to
 * {@link #DEFAULT_MAX}, and a crash loop once it failed {@link #DEFAULT_CRASH_LOOP_FAILURES} times in a
 * row without staying ready for {@link #DEFAULT_STABLE_AFTER}. A crash-looping replica is still
 * retried, at the longest delay, and reported as such instead of spinning.
 */
public record RestartBackoff(Duration base, Duration max, int crashLoopFailures, Duration stableAfter) {
  public static final Duration DEFAULT_BASE = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);
  public static final int DEFAULT_CRASH_LOOP_FAILURES = 5;
  public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(10);

  public static RestartBackoff defaults() {
    return new RestartBackoff(DEFAULT_BASE, DEFAULT_MAX, DEFAULT_CRASH_LOOP_FAILURES, DEFAULT_STABLE_AFTER);
  }

  /** The delay before restart number {@code consecutiveFailures} (1 for the first failure). */
  public Duration delay(int consecutiveFailures) {
    if (consecutiveFailures <= 1) {
      return base;
    }
    int shift = Math.min(consecutiveFailures - 1, 20);
    Duration delay = base.multipliedBy(1L << shift);
    return delay.compareTo(max) > 0 ? max : delay;
  }

  public boolean isCrashLoop(int consecutiveFailures) {
    return consecutiveFailures >= crashLoopFailures;
  }
}
