package io.splice.proxy.health;

import static io.splice.proxy.health.CheckResult.cancelled;
import static io.splice.proxy.health.CheckResult.failed;
import static io.splice.proxy.health.CheckResult.passed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  private final AtomicLong now = new AtomicLong(100);
  private final HealthCheck check = new HealthCheck("catalog", "c1", 2, 3, now::get);

  @Test
  void startsHealthy() {
    assertThat(check.isHealthy()).isTrue();
    assertThat(check.reason()).isEqualTo("healthy since added");
  }

  @Test
  void oneFailedCheck_neverFlips_fallInARowDoes_withTheLastStatus() {
    assertThat(check.record(failed("HTTP 503"))).isNull();
    assertThat(check.record(failed("HTTP 503"))).isNull();
    assertThat(check.isHealthy()).isTrue();
    now.set(500);

    HealthEvent event = check.record(failed("timeout after 2000 ms"));

    assertThat(check.isHealthy()).isFalse();
    assertThat(event.kind()).isEqualTo(HealthEvent.Kind.UNHEALTHY);
    assertThat(event.toString())
        .isEqualTo("catalog/c1 unhealthy: 3 consecutive checks failed (last: timeout after 2000 ms)");
    assertThat(check.reason())
        .isEqualTo("unhealthy: 3 consecutive checks failed (last: timeout after 2000 ms)");
    assertThat(check.changedAt()).isEqualTo(500);
  }

  @Test
  void aPassBetweenFailures_resetsTheCount() {
    check.record(failed("HTTP 500"));
    check.record(failed("HTTP 500"));
    check.record(passed("HTTP 200"));
    check.record(failed("HTTP 500"));
    check.record(failed("HTTP 500"));

    assertThat(check.isHealthy()).isTrue();
  }

  @Test
  void onePassedCheck_neverBringsBack_riseInARowDoes() {
    for (int i = 0; i < 3; i++) {
      check.record(failed("connect: Connection refused"));
    }

    assertThat(check.record(passed("HTTP 200"))).isNull();
    assertThat(check.record(failed("HTTP 502"))).isNull();
    assertThat(check.record(passed("HTTP 200"))).isNull();
    HealthEvent event = check.record(passed("HTTP 204"));

    assertThat(check.isHealthy()).isTrue();
    assertThat(event.kind()).isEqualTo(HealthEvent.Kind.HEALTHY);
    assertThat(event.reason()).isEqualTo("2 consecutive checks passed (last: HTTP 204)");
  }

  @Test
  void cancelledChecks_countForNothing() {
    check.record(failed("HTTP 503"));
    check.record(failed("HTTP 503"));
    for (int i = 0; i < 10; i++) {
      assertThat(check.record(cancelled("upstream closed"))).isNull();
    }
    assertThat(check.isHealthy()).isTrue();

    check.record(failed("HTTP 503")); // the count went on where it was

    assertThat(check.isHealthy()).isFalse();
  }

  @Test
  void thresholds_belowOne_areRefused() {
    assertThatThrownBy(() -> new HealthCheck("s", "u", 0, 1, now::get))
        .hasMessage("rise: 0 (expected: >= 1)");
  }
}
