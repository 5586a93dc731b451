package io.splice.control.health;

import io.splice.spec.HealthCheckSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a stream of check results into readiness and liveness verdicts. A single result never
 * flips the state: a replica becomes ready after {@code healthyThreshold} passes in a row, and is
 * replaced after {@code unhealthyThreshold} failures in a row, either once it has been ready or
 * once its start period is over. Pure: time is passed in.
 */
public final class HealthTracker {

  /** What a result changed. */
  public enum Verdict { NONE, READY, REPLACE }

  private final HealthCheckSpec spec;
  private final Instant startedAt;
  private boolean ready;
  private int passes;
  private int failures;
  private String last = "not checked yet";

  /**
   * @param ready whether the replica is already ready (an adopted replica keeps the readiness it had)
   */
  public HealthTracker(HealthCheckSpec spec, Instant startedAt, boolean ready) {
    this.spec = spec;
    this.startedAt = startedAt;
    this.ready = ready || spec.kind() == HealthCheckSpec.Kind.NONE;
  }

  public Verdict record(CheckResult result, Instant now) {
    last = result.describe();
    if (result.passed()) {
      passes++;
      failures = 0;
      if (!ready && passes >= spec.healthyThreshold()) {
        ready = true;
        return Verdict.READY;
      }
      return Verdict.NONE;
    }
    failures++;
    passes = 0;
    boolean startPeriodOver = !Duration.between(startedAt, now).minus(spec.startPeriod()).isNegative();
    if (failures >= spec.unhealthyThreshold() && (ready || startPeriodOver)) {
      ready = false;
      return Verdict.REPLACE;
    }
    return Verdict.NONE;
  }

  public boolean ready() {
    return ready;
  }

  /** The last result in words, for {@code splice ps}. */
  public String last() {
    return last;
  }

  public int consecutiveFailures() {
    return failures;
  }
}
