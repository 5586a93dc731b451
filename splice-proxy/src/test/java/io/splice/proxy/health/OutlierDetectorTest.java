package io.splice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.health.HealthEvent.Kind;
import io.splice.proxy.health.OutlierState.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<HealthEvent> events = new ArrayList<>();
  private final OutlierDetector detector =
      new OutlierDetector("catalog", OutlierPolicy.defaults(), now::get, events::add);
  private final Function<OutlierState, OutlierState> self = s -> s;

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  private void fail(OutlierState upstream, List<OutlierState> active, Outcome outcome, int times) {
    for (int i = 0; i < times; i++) {
      detector.record(upstream, active, self, outcome, outcome == Outcome.SERVER_ERROR ? "503" : "connection refused");
    }
  }

  @Test
  void connectFailures_ejectAtTheThreshold_andTheUpstreamComesBackAfterTheBaseTime() {
    OutlierState a = detector.track("a");
    OutlierState b = detector.track("b");
    List<OutlierState> active = List.of(a, b);

    fail(b, active, Outcome.CONNECT_FAILURE, 2);
    assertThat(detector.inRotation(active, self)).containsExactly(a, b);
    fail(b, active, Outcome.CONNECT_FAILURE, 1);

    assertThat(detector.inRotation(active, self)).containsExactly(a);
    assertThat(b.reason())
        .isEqualTo("ejected for 30 s: 3 consecutive connect failures (last: connection refused)");
    assertThat(events).extracting(HealthEvent::kind).containsExactly(Kind.EJECTED);
    assertThat(events.get(0).toString())
        .isEqualTo(
            "catalog/b ejected: for 30 s (ejection 1): 3 consecutive connect failures"
                + " (last: connection refused)");

    advance(Duration.ofSeconds(29));
    assertThat(detector.inRotation(active, self)).containsExactly(a);
    advance(Duration.ofSeconds(1));
    assertThat(detector.inRotation(active, self)).containsExactly(a, b);
    assertThat(b.reason()).isEqualTo("re-admitted: ejection over");
    assertThat(events).extracting(HealthEvent::kind).containsExactly(Kind.EJECTED, Kind.READMITTED);
  }

  @Test
  void success_resetsTheCount() {
    OutlierState a = detector.track("a");
    OutlierState b = detector.track("b");
    List<OutlierState> active = List.of(a, b);

    fail(b, active, Outcome.SERVER_ERROR, 4);
    detector.record(b, active, self, Outcome.SUCCESS, "200");
    fail(b, active, Outcome.SERVER_ERROR, 4);

    assertThat(b.isEjected()).isFalse();
    fail(b, active, Outcome.SERVER_ERROR, 1);
    assertThat(b.isEjected()).isTrue();
    assertThat(b.reason()).contains("5 consecutive 5xx or failures after sending (last: 503)");
  }

  @Test
  void ejectionTime_growsWithEachEjection_upToTheMaximum() {
    OutlierState a = detector.track("a");
    OutlierState b = detector.track("b");
    List<OutlierState> active = List.of(a, b);
    List<Long> seconds = new ArrayList<>();

    for (int i = 0; i < 12; i++) {
      fail(b, active, Outcome.CONNECT_FAILURE, 3);
      long start = now.get();
      while (b.isEjected()) {
        advance(Duration.ofSeconds(1));
        detector.inRotation(active, self);
      }
      seconds.add(Duration.ofNanos(now.get() - start).toSeconds());
    }

    assertThat(seconds)
        .containsExactly(30L, 60L, 90L, 120L, 150L, 180L, 210L, 240L, 270L, 300L, 300L, 300L);
    assertThat(b.ejections()).isEqualTo(12);
  }

  @Test
  void ejectionTime_startsAgainFromTheBase_afterAWholeMaximumInRotation() {
    OutlierState a = detector.track("a");
    OutlierState b = detector.track("b");
    List<OutlierState> active = List.of(a, b);
    fail(b, active, Outcome.CONNECT_FAILURE, 3);
    advance(Duration.ofSeconds(30));
    detector.inRotation(active, self);

    advance(Duration.ofMinutes(5));
    fail(b, active, Outcome.CONNECT_FAILURE, 3);

    assertThat(b.reason()).startsWith("ejected for 30 s");
  }

  @Test
  void panicThreshold_refusesAnEjectionThatWouldLeaveTooFew_andSaysWhy() {
    OutlierState a = detector.track("a");
    OutlierState b = detector.track("b");
    List<OutlierState> active = List.of(a, b);
    fail(b, active, Outcome.CONNECT_FAILURE, 3);

    fail(a, active, Outcome.CONNECT_FAILURE, 3);

    assertThat(a.isEjected()).isFalse();
    assertThat(detector.inRotation(active, self)).containsExactly(a);
    assertThat(a.reason())
        .isEqualTo(
            "kept in rotation: 3 consecutive connect failures (last: connection refused), but"
                + " ejecting it would leave 0 of 2 upstreams in rotation (panic threshold 50%)");
    assertThat(events)
        .extracting(HealthEvent::kind)
        .containsExactly(Kind.EJECTED, Kind.EJECTION_REFUSED);
    assertThat(detector.panics()).isEqualTo(1);
  }

  @Test
  void singleUpstream_isNeverEjected() {
    OutlierState a = detector.track("a");

    fail(a, List.of(a), Outcome.SERVER_ERROR, 20);

    assertThat(a.isEjected()).isFalse();
    assertThat(detector.inRotation(List.of(a), self)).containsExactly(a);
  }

  @Test
  void tooFewInRotation_afterAPush_routesToAll_untilEnoughAreBack() {
    OutlierState a = detector.track("a");
    OutlierState b = detector.track("b");
    OutlierState c = detector.track("c");
    OutlierState d = detector.track("d");
    List<OutlierState> four = List.of(a, b, c, d);
    fail(c, four, Outcome.CONNECT_FAILURE, 3);
    fail(d, four, Outcome.CONNECT_FAILURE, 3);
    assertThat(detector.inRotation(four, self)).containsExactly(a, b);

    List<OutlierState> three = List.of(b, c, d); // a push removed a

    assertThat(detector.inRotation(three, self)).containsExactly(b, c, d);
    assertThat(detector.inPanic()).isTrue();
    assertThat(events.get(events.size() - 1))
        .isEqualTo(
            new HealthEvent(
                "catalog",
                null,
                Kind.PANIC_STARTED,
                "1 of 3 upstreams in rotation, under the panic threshold 50%: routing to all"));

    advance(Duration.ofSeconds(30));
    assertThat(detector.inRotation(three, self)).containsExactly(b, c, d);
    assertThat(detector.inPanic()).isFalse();
    assertThat(events.get(events.size() - 1).kind()).isEqualTo(Kind.PANIC_ENDED);
  }

  @Test
  void policy_rejectsBadValues() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new OutlierPolicy(3, 5, Duration.ofSeconds(30), Duration.ofSeconds(10), 0.5))
        .hasMessage("maxEjectionTime: PT10S (expected: >= PT30S)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new OutlierPolicy(3, 5, Duration.ofSeconds(30), Duration.ofSeconds(30), 1.5))
        .hasMessage("panicThreshold: 1.5 (expected: 0.0..1.0)");
  }
}
