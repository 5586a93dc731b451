package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.health.OutlierPolicy;
import io.splice.proxy.health.RetryBudget;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TestBackend;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Passive ejection, retry budget, try timeout and weights, through a real proxy. */
class ResilienceTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  @Test
  void deadUpstream_isEjected_withItsReasonInTheStatus_andNoRequestFails() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    TestBackend c = proxy.backend("c");
    int port = proxy.serve(a, b, c);
    c.stop();

    for (int i = 0; i < 60; i++) {
      assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
    }

    UpstreamStatus dead = proxy.upstream("catalog", "c");
    assertThat(dead.ejected()).isTrue();
    assertThat(dead.ejections()).isEqualTo(1);
    assertThat(dead.health())
        .startsWith("ejected for 30 s: 3 consecutive connect failures (last: ");
    assertThat(dead.requests()).isEqualTo(3); // not tried again while ejected
    ServiceStatus service = proxy.service("catalog");
    assertThat(service.failures()).isZero();
    assertThat(service.retries()).isEqualTo(3);
    assertThat(service.panic()).isFalse();
    assertThat(proxy.upstream("catalog", "a").health()).isEqualTo("in rotation since added");
    assertThat(proxy.server().metrics())
        .contains("splice_proxy_upstream_ejected{service=\"catalog\",upstream=\"c\"} 1.0\n")
        .contains(
            "splice_proxy_upstream_ejections_total{service=\"catalog\",upstream=\"c\"} 1.0\n")
        .contains(
            "splice_proxy_upstream_attempt_failures_total{service=\"catalog\",upstream=\"c\"}"
                + " 3.0\n")
        .contains("splice_proxy_retries_total{service=\"catalog\"} 3.0\n");
  }

  @Test
  void panicThreshold_keepsTheLastHalfInRotation() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    a.stop();
    b.stop();

    for (int i = 0; i < 10; i++) {
      assertThat(proxy.get(port, "/").statusCode()).isEqualTo(502);
    }

    List<UpstreamStatus> upstreams = proxy.service("catalog").upstreams();
    assertThat(upstreams).filteredOn(UpstreamStatus::ejected).hasSize(1);
    assertThat(upstreams)
        .filteredOn(u -> !u.ejected())
        .singleElement()
        .satisfies(
            u ->
                assertThat(u.health())
                    .startsWith("kept in rotation: 3 consecutive connect failures")
                    .endsWith(
                        "ejecting it would leave 0 of 2 upstreams in rotation"
                            + " (panic threshold 50%)"));
    assertThat(proxy.server().metrics())
        .containsPattern("splice_proxy_panics_total\\{service=\"catalog\"} [1-9]");
  }

  @Test
  void spentRetryBudget_answers502_insteadOfRetrying() throws Exception {
    proxy.start(
        s ->
            s.retryBudget(new RetryBudget.Policy(0, 0, Duration.ofSeconds(10)))
                .outliers(
                    new OutlierPolicy(
                        1000, 1000, Duration.ofSeconds(30), Duration.ofSeconds(30), 0.5)));
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    a.stop();

    Map<Integer, Integer> statuses = new HashMap<>();
    String refused = null;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response = proxy.get(port, "/");
      statuses.merge(response.statusCode(), 1, Integer::sum);
      if (response.statusCode() == 502) {
        refused = response.body();
      }
    }

    assertThat(statuses).containsKeys(200, 502);
    assertThat(refused)
        .isEqualTo("service catalog: upstream failed (1 attempt; retry budget spent)\n");
    ServiceStatus service = proxy.service("catalog");
    assertThat(service.retries()).isZero();
    assertThat(service.retriesDenied()).isEqualTo((long) statuses.get(502));
  }

  @Test
  void tryTimeout_retriesASlowGetOnAnotherUpstream() throws Exception {
    proxy.start(
        s -> s.tryTimeout(Duration.ofMillis(200)).responseTimeout(Duration.ofSeconds(20)));
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    String fast = "b";
    b.releaseSlow();

    try {
      long start = System.nanoTime();
      HttpResponse<String> response = proxy.get(port, "/slow");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(fast);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    } finally {
      a.releaseSlow();
    }
  }

  @Test
  void tryTimeout_withNowhereElseToGo_waitsUntilTheResponseTimeout() throws Exception {
    proxy.start(
        s -> s.tryTimeout(Duration.ofMillis(100)).responseTimeout(Duration.ofMillis(600)));
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    try {
      HttpResponse<String> response = proxy.get(port, "/slow");

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(a.slowArrived()).isEqualTo(1);
    } finally {
      a.releaseSlow();
    }
  }

  @Test
  void weights_areHonoured() throws Exception {
    proxy.start(s -> s.slowStart(Duration.ZERO));
    TestBackend heavy = proxy.backend("heavy");
    TestBackend light = proxy.backend("light");
    int port = FreePorts.next();
    proxy.apply(
        config(
            1,
            new ServiceRoute(
                "catalog",
                ServiceRoute.HTTP,
                List.of(new ListenAddress("127.0.0.1", port)),
                List.of(
                    new UpstreamTarget("heavy", "127.0.0.1", heavy.port(), 4),
                    new UpstreamTarget("light", "127.0.0.1", light.port(), 1)),
                0)));

    for (int i = 0; i < 300; i++) {
      proxy.get(port, "/");
    }

    assertThat(heavy.requests()).isGreaterThan(2 * light.requests());
  }
}
