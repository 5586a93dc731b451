package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static io.splice.proxy.testing.Configs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.RawHttpConnection;
import io.splice.proxy.testing.TestBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Config pushes against a running proxy: diffs, draining, listeners, versions, persistence. */
class ProxyConfigTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  @Test
  void push_keepsAnOpenKeepAliveConnection_andSwapsTheUpstreams() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a);

    try (RawHttpConnection client = new RawHttpConnection(port)) {
      assertThat(client.get("/").text()).isEqualTo("a");

      proxy.apply(config(2, service("catalog", port, b)));

      assertThat(client.closedByPeer(100)).isFalse();
      RawHttpConnection.Response after = client.get("/");
      assertThat(after.text()).isEqualTo("b");
      assertThat(after.header("connection")).isNull();
    }
    Await.until("a gone from status", () -> proxy.upstream("catalog", "a") == null);
    assertThat(proxy.service("catalog").requests()).isEqualTo(2);
    assertThat(proxy.server().metrics())
        .doesNotContain("upstream=\"a\"")
        .contains("splice_proxy_upstream_responses_total{code=\"2xx\",service=\"catalog\",upstream=\"b\"}");
  }

  @Test
  void inFlightRequest_completes_whileItsUpstreamDrains() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a);
    CompletableFuture<HttpResponse<String>> slow = proxy.getAsync(port, "/slow");
    Await.until("the slow request reached a", () -> a.slowArrived() == 1);

    proxy.apply(config(2, service("catalog", port, b)));

    UpstreamStatus draining = proxy.upstream("catalog", "a");
    assertThat(draining.state()).isEqualTo(UpstreamStatus.DRAINING);
    assertThat(draining.activeRequests()).isEqualTo(1);
    assertThat(proxy.get(port, "/").body()).isEqualTo("b");
    assertThat(proxy.server().metrics())
        .contains("splice_proxy_upstream_draining{service=\"catalog\",upstream=\"a\"} 1");

    a.releaseSlow();

    HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("a");
    Await.until("a gone from status", () -> proxy.upstream("catalog", "a") == null);
  }

  @Test
  void drainTimeout_closesTheRemovedUpstreamsConnections_andTheGetIsRetried() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    b.releaseSlow(); // b answers /slow at once
    int port = proxy.serve(a);
    CompletableFuture<HttpResponse<String>> slow = proxy.getAsync(port, "/slow");
    Await.until("the slow request reached a", () -> a.slowArrived() == 1);

    proxy.apply(config(2, service("catalog", List.of(port), 200, b)));

    Await.until("a gone from status", () -> proxy.upstream("catalog", "a") == null);
    HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("b");
    a.releaseSlow();
  }

  @Test
  void push_bindsAddedListeners_andClosesRemovedOnes() throws Exception {
    TestBackend a = proxy.backend("a");
    int first = proxy.serve(a);
    int second = FreePorts.next();

    proxy.apply(config(2, service("catalog", List.of(first, second), 0, a)));
    assertThat(proxy.get(second, "/").body()).isEqualTo("a");
    assertThat(proxy.get(first, "/").body()).isEqualTo("a");

    proxy.apply(config(3, service("catalog", List.of(second), 0, a)));
    Await.until("port " + first + " refuses connections", () -> FreePorts.refuses(first));
    assertThat(proxy.get(second, "/").body()).isEqualTo("a");
    assertThat(proxy.service("catalog").listeners())
        .extracting(l -> l.port())
        .containsExactly(second);
  }

  @Test
  void push_movesAListenerToAnotherService_withoutClosingItsConnections() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a);

    try (RawHttpConnection client = new RawHttpConnection(port)) {
      assertThat(client.get("/").text()).isEqualTo("a");

      proxy.apply(config(2, service("orders", port, b)));

      assertThat(client.get("/").text()).isEqualTo("b");
    }
    assertThat(proxy.server().status().services())
        .extracting(s -> s.name())
        .containsExactly("orders");
  }

  @Test
  void olderVersion_isRefusedWith409_andAnEqualOneReapplied() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = FreePorts.next();
    proxy.apply(config(5, service("catalog", port, a)));
    proxy.apply(config(5, service("catalog", port, a)));

    assertThatThrownBy(() -> proxy.server().apply(config(4)))
        .isInstanceOfSatisfying(
            ConfigRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(ConfigRejectedException.Reason.STALE_VERSION))
        .hasMessage("version: 4 (expected: >= 5, the version in force)");
    assertThat(proxy.server().config().version()).isEqualTo(5);
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
  }

  @Test
  void invalidConfig_isRefused_andChangesNothing() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    assertThatThrownBy(
            () ->
                proxy.server().apply(config(2, service("catalog", port), service("orders", port))))
        .isInstanceOfSatisfying(
            ConfigRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(ConfigRejectedException.Reason.INVALID))
        .hasMessageContaining(
            "services[1].listeners[0]: 127.0.0.1:" + port + " (expected: bound once");
    assertThat(proxy.server().config().version()).isEqualTo(1);
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
  }

  @Test
  void listenerThatCannotBind_refusesThePush_andUnbindsWhatItBound() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    int fresh = FreePorts.next();

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProxyConfig next =
          config(2, service("catalog", List.of(port, fresh, taken.getLocalPort()), 0, a));

      assertThatThrownBy(() -> proxy.server().apply(next))
          .isInstanceOfSatisfying(
              ConfigRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(ConfigRejectedException.Reason.NOT_APPLIED))
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(proxy.server().config().version()).isEqualTo(1);
    Await.until("port " + fresh + " unbound again", () -> FreePorts.refuses(fresh));
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
    assertThat(savedConfig().version()).isEqualTo(1);
  }

  @Test
  void savedConfig_isServedByARestartedProxy_beforeAnyPush() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = FreePorts.next();
    ProxyConfig config = config(3, service("catalog", port, a));
    proxy.apply(config);
    assertThat(savedConfig()).isEqualTo(config);

    proxy.restart(settings -> {});

    assertThat(proxy.server().config()).isEqualTo(config);
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
    try (var files = Files.list(proxy.dir())) {
      assertThat(files)
          .extracting(p -> p.getFileName().toString())
          .containsExactly("proxy-config.json");
    }
  }

  @Test
  void unreadableSavedConfig_startsEmpty_andStillTakesPushes() throws Exception {
    Files.writeString(proxy.dir().resolve("proxy-config.json"), "{ not json");
    TestBackend a = proxy.backend("a");
    int port = FreePorts.next();

    assertThat(proxy.server().config()).isEqualTo(ProxyConfig.EMPTY);
    proxy.apply(config(1, service("catalog", port, a)));
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
  }

  private ProxyConfig savedConfig() throws IOException {
    return new ObjectMapper()
        .readValue(proxy.dir().resolve("proxy-config.json").toFile(), ProxyConfig.class);
  }
}
