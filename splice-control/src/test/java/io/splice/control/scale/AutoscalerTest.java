package io.splice.control.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.spec.Autoscale;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Autoscale POLICY = new Autoscale(1, 6, Autoscale.Metric.INFLIGHT, 2);

  @Test
  void observe_scalesUpAtOnceToWhatTheLoadNeeds() {
    Autoscaler scaler = new Autoscaler(POLICY, Duration.ofSeconds(30));

    Autoscaler.Decision decision = scaler.observe(T0, 7, 1);

    assertThat(decision.replicas()).isEqualTo(4);
    assertThat(decision.reason()).startsWith("up to 4: in flight 7.0");
  }

  @Test
  void observe_risingLoad_forecastScalesBeforeTheLoadArrives() {
    Autoscaler scaler = new Autoscaler(POLICY, Duration.ofSeconds(30));
    int replicas = 1;
    for (int second = 0; second < 4; second++) {
      replicas = scaler.observe(T0.plusSeconds(second), second, replicas).replicas();
    }
    // 3 in flight needs 2 replicas; the smoothed trend of +1/s says about 5 within the horizon, which needs 3.
    assertThat(replicas).isEqualTo(3);
  }

  @Test
  void observe_scalesDownOnlyAfterAWholeWindowOfLowLoad() {
    Autoscaler scaler = new Autoscaler(POLICY, Duration.ofSeconds(30));
    int replicas = scaler.observe(T0, 10, 1).replicas();
    assertThat(replicas).isEqualTo(5);

    for (int second = 1; second < 30; second++) {
      Autoscaler.Decision decision = scaler.observe(T0.plusSeconds(second), 0, replicas);
      assertThat(decision.replicas()).as("at %ds", second).isEqualTo(5);
    }
    Autoscaler.Decision late = scaler.observe(T0.plusSeconds(31), 0, replicas);

    assertThat(late.replicas()).isEqualTo(1);
    assertThat(late.reason()).startsWith("down to 1: in flight 0.0").endsWith("low for 30s");
  }

  @Test
  void observe_dipInsideTheWindow_keepsReplicas() {
    Autoscaler scaler = new Autoscaler(POLICY, Duration.ofSeconds(10));
    int replicas = 3;
    for (int second = 0; second < 40; second++) {
      double load = second % 8 == 0 ? 0 : 6;
      replicas = scaler.observe(T0.plusSeconds(second), load, replicas).replicas();
      assertThat(replicas).as("at %ds", second).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void observe_staysWithinMinAndMax() {
    Autoscaler scaler = new Autoscaler(POLICY, Duration.ZERO);

    assertThat(scaler.observe(T0, 100, 2).replicas()).isEqualTo(6);
    assertThat(scaler.observe(T0.plusSeconds(60), 0, 9).replicas()).isEqualTo(6);
  }

  @Test
  void holt_followsALinearTrend() {
    HoltForecast holt = new HoltForecast(0.5, 0.5);
    for (int i = 0; i < 30; i++) {
      holt.add(2 * i);
    }
    assertThat(holt.forecast(5)).isCloseTo(68, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void observe_p99Target_scalesInProportionThenHoldsWhileTheLatencyWindowCatchesUp() {
    Autoscale latency = new Autoscale(1, 8, Autoscale.Metric.P99_MS, 100);
    Autoscaler scaler = new Autoscaler(latency, Duration.ofSeconds(10), Duration.ofSeconds(30));

    Autoscaler.Decision first = scaler.observe(T0, 250, 1);
    assertThat(first.replicas()).isEqualTo(3);
    assertThat(first.reason()).startsWith("up to 3: p99 ms 250.0").contains("target 100 ms");

    Autoscaler.Decision held = scaler.observe(T0.plusSeconds(10), 300, 3);
    assertThat(held.replicas()).isEqualTo(3);
    assertThat(held.reason()).contains("latency window");

    assertThat(scaler.observe(T0.plusSeconds(31), 300, 3).replicas()).isEqualTo(8);
  }

  @Test
  void observe_p99Target_noResponses_scalesDownAfterTheWindow() {
    Autoscale latency = new Autoscale(1, 8, Autoscale.Metric.P99_MS, 100);
    Autoscaler scaler = new Autoscaler(latency, Duration.ofSeconds(5), Duration.ofSeconds(30));
    int replicas = 4;
    for (int second = 0; second <= 5; second++) {
      replicas = scaler.observe(T0.plusSeconds(second), 0, replicas).replicas();
    }
    assertThat(replicas).isEqualTo(1);
  }
}
