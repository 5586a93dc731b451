package io.splice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.UpstreamTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTest {

  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<Upstream> closed = new ArrayList<>();
  private final Service service = new Service("catalog", scheduler, closed::add);

  private static UpstreamTarget target(String id, int port) {
    return new UpstreamTarget(id, "127.0.0.1", port, 1);
  }

  @Test
  void update_setsActiveUpstreamsInOrder() {
    service.update(List.of(target("a", 1), target("b", 2)), DRAIN);

    assertThat(service.activeUpstreams()).extracting(Upstream::id).containsExactly("a", "b");
  }

  @Test
  void update_keptKey_keepsTheSameUpstreamAndItsCounters() {
    service.update(List.of(target("a", 1)), DRAIN);
    Upstream a = service.activeUpstreams().get(0);
    a.begin();
    a.end(false);

    service.update(List.of(target("b", 2), new UpstreamTarget("a", "127.0.0.1", 1, 3)), DRAIN);

    assertThat(service.activeUpstreams()).element(1).isSameAs(a);
    assertThat(a.requests()).isEqualTo(1);
    assertThat(a.weight()).isEqualTo(3);
  }

  @Test
  void update_changedPort_isANewUpstream() {
    service.update(List.of(target("a", 1)), DRAIN);
    Upstream old = service.activeUpstreams().get(0);

    service.update(List.of(target("a", 2)), DRAIN);

    assertThat(service.activeUpstreams().get(0)).isNotSameAs(old);
    assertThat(old.state()).isEqualTo(Upstream.State.CLOSED);
  }

  @Test
  void update_removedUpstream_drainsThenDisappears() {
    service.update(List.of(target("a", 1), target("b", 2)), DRAIN);
    Upstream a = service.activeUpstreams().get(0);
    a.begin();
    List<Upstream> before = service.activeUpstreams();

    service.update(List.of(target("b", 2)), DRAIN);

    assertThat(before).hasSize(2); // a reader's snapshot is never changed under it
    assertThat(service.activeUpstreams()).extracting(Upstream::id).containsExactly("b");
    assertThat(service.upstreams()).extracting(Upstream::id).containsExactly("b", "a");
    assertThat(a.state()).isEqualTo(Upstream.State.DRAINING);

    a.end(false);

    assertThat(service.upstreams()).extracting(Upstream::id).containsExactly("b");
    assertThat(closed).containsExactly(a);
  }

  @Test
  void update_drainTimeout_closesTheRemovedUpstream() {
    service.update(List.of(target("a", 1)), DRAIN);
    Upstream a = service.activeUpstreams().get(0);
    a.begin();

    service.update(List.of(), Duration.ofSeconds(2));
    scheduler.advance(Duration.ofSeconds(2));

    assertThat(closed).containsExactly(a);
    assertThat(service.upstreams()).isEmpty();
  }

  @Test
  void update_drainingUpstreamPushedBack_isReactivated() {
    service.update(List.of(target("a", 1)), DRAIN);
    Upstream a = service.activeUpstreams().get(0);
    a.begin();
    service.update(List.of(), DRAIN);

    service.update(List.of(target("a", 1)), DRAIN);

    assertThat(service.activeUpstreams()).containsExactly(a);
    assertThat(a.state()).isEqualTo(Upstream.State.ACTIVE);
    assertThat(service.upstreams()).containsExactly(a);
  }

  @Test
  void close_closesActiveAndDraining() {
    service.update(List.of(target("a", 1), target("b", 2)), DRAIN);
    Upstream a = service.activeUpstreams().get(0);
    a.begin();
    service.update(List.of(target("b", 2)), DRAIN);

    service.close();

    assertThat(closed).extracting(Upstream::id).containsExactlyInAnyOrder("a", "b");
    assertThat(service.upstreams()).isEmpty();
  }

  @Test
  void update_groupWeights_splitsBetweenGroups_andAPushMovesAnUpstream() {
    UpstreamTarget blue = new UpstreamTarget("a", "127.0.0.1", 1, 1, "blue");
    UpstreamTarget green = new UpstreamTarget("b", "127.0.0.1", 2, 1, "green");
    service.update(List.of(blue, green), Map.of("blue", 1, "green", 0), DRAIN);
    Upstream a = service.activeUpstreams().get(0);

    for (int i = 0; i < 50; i++) {
      assertThat(service.chooseGroup(service.candidates())).extracting(Upstream::id).containsExactly("a");
    }

    service.update(
        List.of(new UpstreamTarget("a", "127.0.0.1", 1, 1, "green"), green),
        Map.of("blue", 1, "green", 0),
        DRAIN);

    assertThat(service.activeUpstreams().get(0)).isSameAs(a);
    assertThat(a.group()).isEqualTo("green");
    // No upstream left in the weighted group: all of them serve rather than none.
    assertThat(service.chooseGroup(service.candidates())).extracting(Upstream::id).containsExactly("a", "b");
  }

  @Test
  void update_withoutGroupWeights_hasNoSplit() {
    service.update(List.of(target("a", 1), target("b", 2)), DRAIN);

    assertThat(service.split().isNone()).isTrue();
    assertThat(service.chooseGroup(service.activeUpstreams())).hasSize(2);
  }

  @Test
  void recordResponse_counts5xxAndLatency_perUpstreamAndService() {
    service.update(List.of(target("a", 1)), DRAIN);
    Upstream a = service.activeUpstreams().get(0);

    service.recordResponse(a, 200, 2_000_000);
    service.recordResponse(a, 503, 4_000_000);
    service.recordResponse(a, 404, 2_000_000);

    assertThat(a.responses5xx()).isEqualTo(1);
    assertThat(a.latencyWindow().count()).isEqualTo(3);
    assertThat(service.latencyWindow().quantileMillis(0.99)).isBetween(3.8, 4.2);
  }

  @Test
  void counters_requestsAndFailures() {
    service.recordRequest();
    service.recordRequest();
    service.recordFailure();

    assertThat(service.requests()).isEqualTo(2);
    assertThat(service.failures()).isEqualTo(1);
  }
}
