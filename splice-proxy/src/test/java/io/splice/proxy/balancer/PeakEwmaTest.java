package io.splice.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeakEwmaTest {

  private static final long MS = 1_000_000;
  private static final long DECAY = 10_000 * MS;

  private final AtomicLong now = new AtomicLong(42);
  private final PeakEwma ewma = new PeakEwma(DECAY, now::get);

  @Test
  void estimate_noSample_isZero() {
    assertThat(ewma.estimate()).isZero();
  }

  @Test
  void firstSample_isTheEstimate_andAPeakReplacesItAtOnce() {
    ewma.observe(2 * MS);
    assertThat(ewma.estimate()).isEqualTo(2.0 * MS);

    ewma.observe(50 * MS);

    assertThat(ewma.estimate()).isEqualTo(50.0 * MS);
  }

  @Test
  void lowerSamples_bringTheEstimateDownGradually() {
    ewma.observe(50 * MS);
    now.addAndGet(DECAY); // w = 1/e

    ewma.observe(0);

    assertThat(ewma.estimate()).isCloseTo(50.0 * MS / Math.E, within(1.0));
  }

  @Test
  void estimate_decaysTowardsZero_withoutSamples() {
    ewma.observe(10 * MS);
    now.addAndGet(5 * DECAY);

    assertThat(ewma.estimate()).isLessThan(0.1 * MS);
  }

  @Test
  void slowStart_rampsFromTheMinimumToOne() {
    assertThat(SlowStart.factor(0, 10 * MS)).isEqualTo(SlowStart.MIN_FACTOR);
    assertThat(SlowStart.factor(5 * MS, 10 * MS)).isCloseTo(0.55, within(1e-9));
    assertThat(SlowStart.factor(10 * MS, 10 * MS)).isEqualTo(1);
    assertThat(SlowStart.factor(3 * MS, 0)).isEqualTo(1);
  }
}
