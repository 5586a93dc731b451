package io.splice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.health.CheckResult;
import io.splice.proxy.health.HealthEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ActiveChecksTest {

  private static final Duration DRAIN = Duration.ofSeconds(30);
  private static final ActiveChecks.Settings SETTINGS =
      new ActiveChecks.Settings("/healthz", Duration.ofSeconds(1), 2, 2);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<HealthEvent> events = new ArrayList<>();
  private final Service service =
      new Service(
          "catalog",
          scheduler,
          u -> {},
          new ServiceOptions(
              ServiceOptions.defaults().outliers(),
              ServiceOptions.defaults().retryBudget(),
              Duration.ZERO,
              ServiceOptions.DEFAULT_LATENCY_DECAY,
              () -> 0L,
              events::add,
              Telemetry.NONE));
  /** Probes out, by upstream id: the test answers them. */
  private final Map<String, List<Consumer<CheckResult>>> out = new HashMap<>();
  private final ActiveChecks.Probe probe =
      (upstream, settings, done) ->
          out.computeIfAbsent(upstream.id(), k -> new ArrayList<>()).add(done);

  private void answer(String id, CheckResult result) {
    List<Consumer<CheckResult>> probes = out.getOrDefault(id, List.of());
    assertThat(probes).as("probes out for " + id).isNotEmpty();
    probes.remove(0).accept(result);
  }

  private void start() {
    service.update(
        List.of(new UpstreamTarget("a", "127.0.0.1", 1, 1), new UpstreamTarget("b", "127.0.0.1", 2, 1)),
        DRAIN);
    service.configureChecks(SETTINGS, probe);
  }

  @Test
  void rounds_probeEachUpstreamEveryInterval_neverTwiceAtOnce() {
    start();
    assertThat(out.get("a")).hasSize(1);

    scheduler.advance(Duration.ofSeconds(1)); // "a" has not answered: no second probe

    assertThat(out.get("a")).hasSize(1);
    answer("a", CheckResult.passed("HTTP 200"));
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(out.get("a")).hasSize(1);
  }

  @Test
  void failingUpstream_leavesTheCandidates_afterFallChecks_andComesBackAfterRise() {
    start();
    Upstream b = service.activeUpstreams().get(1);

    answer("b", CheckResult.failed("HTTP 503"));
    assertThat(service.candidates()).contains(b); // one failure never flips
    scheduler.advance(Duration.ofSeconds(1));
    answer("b", CheckResult.failed("HTTP 503"));

    assertThat(service.candidates()).extracting(Upstream::id).containsExactly("a");
    assertThat(events)
        .extracting(HealthEvent::toString)
        .containsExactly("catalog/b unhealthy: 2 consecutive checks failed (last: HTTP 503)");

    scheduler.advance(Duration.ofSeconds(1));
    answer("b", CheckResult.passed("HTTP 200"));
    scheduler.advance(Duration.ofSeconds(1));
    answer("b", CheckResult.passed("HTTP 200"));

    assertThat(service.candidates()).extracting(Upstream::id).containsExactly("a", "b");
    assertThat(events).last().hasToString("catalog/b healthy: 2 consecutive checks passed (last: HTTP 200)");
  }

  @Test
  void allUnhealthy_routesToAllRatherThanNone() {
    start();
    for (int i = 0; i < 2; i++) {
      answer("a", CheckResult.failed("timeout after 1000 ms"));
      answer("b", CheckResult.failed("timeout after 1000 ms"));
      scheduler.advance(Duration.ofSeconds(1));
    }

    assertThat(service.candidates()).hasSize(2);
  }

  @Test
  void turnedOff_stopsTheRounds_andEveryUpstreamServes() {
    start();
    answer("b", CheckResult.failed("HTTP 500"));
    scheduler.advance(Duration.ofSeconds(1));
    answer("b", CheckResult.failed("HTTP 500"));
    assertThat(service.candidates()).hasSize(1);

    service.configureChecks(null, null);

    assertThat(service.candidates()).hasSize(2);
    assertThat(scheduler.pending()).isZero();
    answer("a", CheckResult.failed("HTTP 500")); // a late result changes nothing
    assertThat(events).hasSize(1);
  }

  @Test
  void sameSettingsPushedAgain_keepTheStates() {
    start();
    answer("b", CheckResult.failed("HTTP 500"));
    scheduler.advance(Duration.ofSeconds(1));
    answer("b", CheckResult.failed("HTTP 500"));

    service.configureChecks(SETTINGS, probe);

    assertThat(service.candidates()).extracting(Upstream::id).containsExactly("a");
  }
}
