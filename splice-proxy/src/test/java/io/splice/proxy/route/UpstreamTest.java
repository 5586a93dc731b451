package io.splice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.UpstreamTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamTest {

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<Upstream> closed = new ArrayList<>();
  private final Upstream upstream =
      new Upstream(new UpstreamTarget("a", "127.0.0.1", 8080, 0), closed::add);

  @Test
  void counters_beginAndEnd() {
    upstream.begin();
    upstream.begin();
    upstream.end(false);
    upstream.end(true);
    upstream.begin();

    assertThat(upstream.requests()).isEqualTo(3);
    assertThat(upstream.failures()).isEqualTo(1);
    assertThat(upstream.outstanding()).isEqualTo(1);
  }

  @Test
  void weight_zeroReadsAsOne() {
    assertThat(upstream.weight()).isEqualTo(1);
    upstream.weight(5);
    assertThat(upstream.weight()).isEqualTo(5);
  }

  @Test
  void drain_nothingInFlight_closesAtOnce() {
    upstream.drain(Duration.ofSeconds(30), scheduler);

    assertThat(upstream.state()).isEqualTo(Upstream.State.CLOSED);
    assertThat(closed).containsExactly(upstream);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void drain_inFlight_closesWhenTheLastOneEnds() {
    upstream.begin();
    upstream.begin();

    upstream.drain(Duration.ofSeconds(30), scheduler);
    assertThat(upstream.state()).isEqualTo(Upstream.State.DRAINING);

    upstream.end(false);
    assertThat(closed).isEmpty();
    upstream.end(false);

    assertThat(upstream.state()).isEqualTo(Upstream.State.CLOSED);
    assertThat(closed).containsExactly(upstream);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void drain_timeout_closesWithRequestsStillInFlight() {
    upstream.begin();
    upstream.drain(Duration.ofSeconds(5), scheduler);

    scheduler.advance(Duration.ofSeconds(4));
    assertThat(upstream.state()).isEqualTo(Upstream.State.DRAINING);
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(upstream.state()).isEqualTo(Upstream.State.CLOSED);
    assertThat(closed).containsExactly(upstream);

    upstream.end(true); // the cut-off request ends later: no second close
    assertThat(closed).hasSize(1);
  }

  @Test
  void reactivate_draining_cancelsTheDrain() {
    upstream.begin();
    upstream.drain(Duration.ofSeconds(5), scheduler);

    assertThat(upstream.reactivate()).isTrue();
    scheduler.advance(Duration.ofSeconds(10));
    upstream.end(false);

    assertThat(upstream.state()).isEqualTo(Upstream.State.ACTIVE);
    assertThat(closed).isEmpty();
  }

  @Test
  void reactivate_closed_isRefused() {
    upstream.drain(Duration.ofSeconds(5), scheduler);

    assertThat(upstream.reactivate()).isFalse();
    assertThat(upstream.state()).isEqualTo(Upstream.State.CLOSED);
  }

  @Test
  void close_runsTheCallbackOnce() {
    upstream.close();
    upstream.close();
    upstream.drain(Duration.ofSeconds(1), scheduler);

    assertThat(closed).containsExactly(upstream);
  }
}
