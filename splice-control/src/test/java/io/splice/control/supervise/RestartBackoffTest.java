package io.splice.control.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private final RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 5, Duration.ofSeconds(10));

  @Test
  void delay_doublesUpToMax() {
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void isCrashLoop_fromThreshold() {
    assertThat(backoff.isCrashLoop(4)).isFalse();
    assertThat(backoff.isCrashLoop(5)).isTrue();
  }
}
