package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TestBackend;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Canary and blue-green traffic groups through a real proxy. */
class TrafficGroupsTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  private static ServiceRoute route(int port, Map<String, Integer> weights, TestBackend... groups) {
    return new ServiceRoute(
        ProxyFixture.SERVICE,
        ServiceRoute.HTTP,
        List.of(new ListenAddress("127.0.0.1", port)),
        List.of(groups[0].target("blue"), groups[1].target("green")),
        0,
        weights);
  }

  /**
   * Blue-green: clients keep sending while the weights flip from blue to green. No request fails,
   * and every request sent after the push returned goes to green.
   */
  @Test
  void zeroWeightSwitch_losesNoRequest_andMovesAllNewRequests() throws Exception {
    TestBackend blue = proxy.backend("blue");
    TestBackend green = proxy.backend("green");
    int port = FreePorts.next();
    proxy.apply(config(1, route(port, Map.of("blue", 100, "green", 0), blue, green)));
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get(port, "/").body()).isEqualTo("blue");
    }

    AtomicBoolean switched = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> afterSwitch = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(
          clients.submit(
              () -> {
                while (!stop.get()) {
                  boolean sentAfterSwitch = switched.get();
                  HttpResponse<String> response = proxy.get(port, "/");
                  if (response.statusCode() != 200) {
                    failures.add(response.statusCode() + " " + response.body());
                  } else if (sentAfterSwitch) {
                    afterSwitch.add(response.body());
                  }
                }
              }));
    }
    try {
      proxy.apply(config(2, route(port, Map.of("blue", 0, "green", 100), blue, green)));
      switched.set(true);
      int greenBefore = green.requests();
      Await.until(
          "200 requests after the switch", () -> afterSwitch.size() >= 200);
      assertThat(green.requests() - greenBefore).isGreaterThanOrEqualTo(200);
    } finally {
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
      clients.shutdownNow();
    }

    assertThat(failures).isEmpty();
    assertThat(afterSwitch).containsOnly("green");
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void chosenGroupDown_fallsBackToTheOtherGroup_withoutFailing() throws Exception {
    TestBackend blue = proxy.backend("blue");
    TestBackend green = proxy.backend("green");
    int port = FreePorts.next();
    proxy.apply(config(1, route(port, Map.of("blue", 0, "green", 100), blue, green)));
    green.stop();

    for (int i = 0; i < 30; i++) {
      HttpResponse<String> response = proxy.get(port, "/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("blue");
    }
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void status_reportsGroup5xxAndLatency_perUpstream_andServiceP99() throws Exception {
    TestBackend blue = proxy.backend("blue");
    TestBackend green = proxy.backend("green");
    int port = FreePorts.next();
    proxy.apply(config(1, route(port, Map.of("blue", 50, "green", 50), blue, green)));

    int canaryErrors = 0;
    for (int i = 0; i < 100; i++) {
      // A failing POST is not retried on the other group, so each 500 reaches the client.
      HttpResponse<String> response =
          i % 4 == 0 ? proxy.post(port, "/fail", "") : proxy.get(port, "/");
      if (response.statusCode() == 500) {
        canaryErrors++;
      }
    }

    ServiceStatus service = proxy.service(ProxyFixture.SERVICE);
    UpstreamStatus b = proxy.upstream(ProxyFixture.SERVICE, "blue");
    UpstreamStatus g = proxy.upstream(ProxyFixture.SERVICE, "green");
    assertThat(b.group()).isEqualTo("blue");
    assertThat(g.group()).isEqualTo("green");
    assertThat(b.responses5xx() + g.responses5xx()).isEqualTo(canaryErrors).isEqualTo(25);
    assertThat(b.requests() + g.requests()).isEqualTo(100);
    assertThat(b.requests()).isPositive();
    assertThat(g.requests()).isPositive();
    assertThat(b.p50Millis()).isPositive().isLessThanOrEqualTo(b.p99Millis());
    assertThat(g.p50Millis()).isPositive().isLessThanOrEqualTo(g.p99Millis());
    assertThat(service.p99Millis())
        .isPositive()
        .isGreaterThanOrEqualTo(Math.min(b.p99Millis(), g.p99Millis()));
    // And over the admin API, as the control plane reads it.
    UpstreamStatus wire =
        proxy.admin().status().services().get(0).upstreams().stream()
            .filter(u -> u.id().equals("green"))
            .findFirst()
            .orElseThrow();
    assertThat(wire.group()).isEqualTo("green");
    assertThat(wire.p99Millis()).isPositive();
  }
}
