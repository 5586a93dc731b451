package io.splice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LatencyWindow window = new LatencyWindow(Duration.ofSeconds(30), now::get);

  private static long millis(double ms) {
    return (long) (ms * 1e6);
  }

  @Test
  void quantiles_empty_areZero() {
    assertThat(window.quantileMillis(0.5)).isZero();
    assertThat(window.quantileMillis(0.99)).isZero();
    assertThat(window.count()).isZero();
  }

  @Test
  void quantiles_areWithinTheBinPrecision() {
    for (int i = 1; i <= 100; i++) {
      window.record(millis(i)); // 1..100 ms
    }

    assertThat(window.count()).isEqualTo(100);
    assertThat(window.quantileMillis(0.5)).isCloseTo(50, within(50 * 0.03));
    assertThat(window.quantileMillis(0.99)).isCloseTo(99, within(99 * 0.03));
    assertThat(window.quantileMillis(1)).isCloseTo(100, within(100 * 0.03));
  }

  @Test
  void quantiles_oneSlowOutlierInAHundred_showsInP99Only() {
    for (int i = 0; i < 98; i++) {
      window.record(millis(2));
    }
    window.record(millis(800));
    window.record(millis(800));

    assertThat(window.quantileMillis(0.5)).isCloseTo(2, within(0.06));
    assertThat(window.quantileMillis(0.99)).isCloseTo(800, within(800 * 0.03));
  }

  @Test
  void samples_expireWithTheirSlice() {
    window.record(millis(500));
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    window.record(millis(10));

    assertThat(window.quantileMillis(1)).isCloseTo(500, within(15.0)); // both still in

    now.addAndGet(Duration.ofSeconds(15).toNanos()); // 35 s after the first, 15 s after the second

    assertThat(window.count()).isEqualTo(1);
    assertThat(window.quantileMillis(1)).isCloseTo(10, within(0.3));

    now.addAndGet(Duration.ofMinutes(5).toNanos());

    assertThat(window.count()).isZero();
    assertThat(window.quantileMillis(0.99)).isZero();
  }

  @Test
  void bins_coverMicrosecondsToAHundredSeconds() {
    assertThat(LatencyWindow.bin(0)).isZero();
    assertThat(LatencyWindow.bin(-5)).isZero();
    assertThat(LatencyWindow.bin(Long.MAX_VALUE)).isEqualTo(LatencyWindow.BINS - 1);
    assertThat(LatencyWindow.value(LatencyWindow.bin(millis(100_000))) / 1e9)
        .isCloseTo(100, within(3.0));
  }

  @Test
  void record_fromSeveralThreadsAtOnce_losesNoSample() throws Exception {
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  window.record(millis(1 + i % 20));
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(window.count()).isEqualTo(40_000);
  }
}
