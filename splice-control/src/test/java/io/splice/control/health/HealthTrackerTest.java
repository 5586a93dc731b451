package io.splice.control.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.control.health.HealthTracker.Verdict;
import io.splice.spec.HealthCheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final HealthCheckSpec SPEC = new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, "/healthz", List.of(),
      Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 3, Duration.ofSeconds(10));

  @Test
  void record_becomesReadyOnlyAfterHealthyThresholdInARow() {
    HealthTracker tracker = new HealthTracker(SPEC, START, false);

    assertThat(tracker.record(CheckResult.pass("HTTP 200"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.fail("HTTP 503"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.pass("HTTP 200"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.pass("HTTP 200"), START)).isEqualTo(Verdict.READY);
    assertThat(tracker.ready()).isTrue();
  }

  @Test
  void record_failuresDuringStartPeriodDoNotReplace() {
    HealthTracker tracker = new HealthTracker(SPEC, START, false);

    for (int i = 0; i < 5; i++) {
      assertThat(tracker.record(CheckResult.fail("connection refused"), START.plusSeconds(i))).isEqualTo(Verdict.NONE);
    }
    assertThat(tracker.record(CheckResult.fail("connection refused"), START.plusSeconds(10))).isEqualTo(Verdict.REPLACE);
    assertThat(tracker.last()).isEqualTo("failing (connection refused)");
  }

  @Test
  void record_readyReplicaIsReplacedAfterUnhealthyThresholdInARow() {
    HealthTracker tracker = new HealthTracker(SPEC, START, true);

    assertThat(tracker.record(CheckResult.fail("HTTP 500"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.fail("HTTP 500"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.pass("HTTP 200"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.fail("HTTP 500"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.fail("HTTP 500"), START)).isEqualTo(Verdict.NONE);
    assertThat(tracker.record(CheckResult.fail("HTTP 500"), START)).isEqualTo(Verdict.REPLACE);
    assertThat(tracker.ready()).isFalse();
  }

  @Test
  void noneKind_isReadyAtOnce() {
    HealthCheckSpec none = new HealthCheckSpec(HealthCheckSpec.Kind.NONE, null, List.of(), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1, 3, Duration.ZERO);

    assertThat(new HealthTracker(none, START, false).ready()).isTrue();
  }
}
