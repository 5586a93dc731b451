package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static io.splice.proxy.testing.Configs.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.RawHttpConnection;
import io.splice.proxy.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests through a real proxy to real backends, all on 127.0.0.1. */
class ProxyRoutingTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  @Test
  void requests_reachEveryUpstream_balanced() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    TestBackend c = proxy.backend("c");
    int port = proxy.serve(a, b, c);

    List<String> bodies = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<Future<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        responses.add(clients.submit(() -> proxy.get(port, "/")));
      }
      for (Future<HttpResponse<String>> response : responses) {
        assertThat(response.get().statusCode()).isEqualTo(200);
        bodies.add(response.get().body());
      }
    } finally {
      clients.shutdownNow();
    }

    Map<String, Long> perBackend =
        bodies.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(perBackend.keySet()).containsExactlyInAnyOrder("a", "b", "c");
    // Latency-weighted: a backend with a slow first (warm-up) answer gets less for a while.
    assertThat(perBackend.values()).allSatisfy(n -> assertThat(n).isGreaterThan(10));
    ServiceStatus status = proxy.service("catalog");
    assertThat(status.requests()).isEqualTo(300);
    assertThat(status.failures()).isZero();
    assertThat(status.upstreams().stream().mapToLong(UpstreamStatus::requests).sum())
        .isEqualTo(300);
    assertThat(status.upstreams()).allSatisfy(u -> assertThat(u.activeRequests()).isZero());
  }

  @Test
  void stoppedUpstreams_loseNoGetAndNoPost() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    TestBackend c = proxy.backend("c");
    int port = proxy.serve(a, b, c);
    for (int i = 0; i < 30; i++) {
      assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200); // pooled connections to all
    }

    a.stop();
    b.stop();

    for (int i = 0; i < 30; i++) {
      HttpResponse<String> get = proxy.get(port, "/");
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("c");
      HttpResponse<String> post = proxy.post(port, "/echo", "order-" + i);
      assertThat(post.statusCode()).isEqualTo(200);
      assertThat(post.body()).isEqualTo("order-" + i);
    }
    assertThat(proxy.service("catalog").failures()).isZero();
    assertThat(
            proxy.upstream("catalog", "a").failures() + proxy.upstream("catalog", "b").failures())
        .isPositive();
  }

  @Test
  void allUpstreamsDown_is502AfterRetries() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    a.stop();
    b.stop();

    HttpResponse<String> response = proxy.get(port, "/");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).startsWith("service catalog: upstream failed (2 attempts)");
    assertThat(proxy.service("catalog").failures()).isEqualTo(1);
  }

  @Test
  void noUpstream_is503NamingTheService() throws Exception {
    int port = proxy.serve();

    HttpResponse<String> response = proxy.get(port, "/");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("service catalog: no upstream available\n");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void tenMebibytePost_isEchoed() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    byte[] body = new byte[10 * 1024 * 1024];
    new Random(7).nextBytes(body);

    HttpResponse<byte[]> response = proxy.post(port, "/echo", body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void expectContinue_isAnsweredByTheProxy_andTheBodyForwarded() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    HttpResponse<String> response =
        proxy
            .http()
            .send(
                HttpRequest.newBuilder(ProxyFixture.uri(port, "/echo"))
                    .expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofString("after continue"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("after continue");
  }

  @Test
  void bodyOverTheLimit_is413() throws Exception {
    proxy.start(s -> s.maxRequestBodyBytes(1024));
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    HttpResponse<byte[]> response = proxy.post(port, "/echo", new byte[4096]);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(a.requests()).isZero();
  }

  @Test
  void hopByHopHeaders_areStripped_andForwardedHeadersAdded() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    try (RawHttpConnection connection = new RawHttpConnection(port)) {
      RawHttpConnection.Response response =
          connection.get(
              "/headers",
              "Connection: keep-alive, X-Hop",
              "X-Hop: secret",
              "Keep-Alive: timeout=5",
              "Proxy-Connection: keep-alive",
              "TE: trailers",
              "Upgrade: h2c",
              "X-Forwarded-For: 192.0.2.7",
              "X-Request-Id: req-42",
              "X-Custom: kept");

      String seen = response.text();
      assertThat(response.status()).isEqualTo(200);
      assertThat(seen)
          .contains("x-custom: kept\n")
          .contains("x-forwarded-for: 192.0.2.7, 127.0.0.1\n")
          .contains("x-forwarded-proto: http\n")
          .contains("x-request-id: req-42\n")
          .contains("host: 127.0.0.1\n")
          .doesNotContain("x-hop")
          .doesNotContain("keep-alive")
          .doesNotContain("proxy-connection")
          .doesNotContain("te:")
          .doesNotContain("upgrade");
      assertThat(response.header("X-Request-Id")).isEqualTo("req-42");
      assertThat(response.header("X-Backend")).isEqualTo("a");

      RawHttpConnection.Response second = connection.get("/headers");
      assertThat(second.text()).containsPattern("x-request-id: [0-9a-f-]{36}\n");
      assertThat(second.header("X-Request-Id")).hasSize(36);
    }
  }

  @Test
  void pipelinedRequests_areAnsweredInOrder_onOneConnection() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    try (RawHttpConnection connection = new RawHttpConnection(port)) {
      List<RawHttpConnection.Response> responses =
          connection.pipeline(
              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst",
              "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond");

      assertThat(responses)
          .extracting(RawHttpConnection.Response::text)
          .containsExactly("first", "", "second");
      assertThat(responses).extracting(RawHttpConnection.Response::status).containsOnly(200);
    }
  }

  @Test
  void slowUpstream_is504AfterTheResponseTimeout() throws Exception {
    proxy.start(s -> s.responseTimeout(Duration.ofMillis(300)));
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    try {
      HttpResponse<String> response = proxy.get(port, "/slow");

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(response.body())
          .isEqualTo("service catalog: upstream did not answer within 300 ms\n");
      assertThat(proxy.upstream("catalog", "a").failures()).isEqualTo(1);
    } finally {
      a.releaseSlow();
    }
  }

  @Test
  void epollListeners_useReusePort_soASecondProxyCanBindTheSamePort() throws Exception {
    // The native transport ships in the jar for Linux x86_64, where Splice and its CI run; a missing one is a failure.
    assertThat(Epoll.isAvailable()).as("native epoll transport: %s", Epoll.unavailabilityCause()).isTrue();
    TestBackend a = proxy.backend("a");
    int port = FreePorts.next();
    ProxyConfig config = config(1, service("catalog", port, a));
    proxy.apply(config);
    Path otherDir = Files.createDirectories(proxy.dir().resolve("second"));
    ProxyServer second = ProxyFixture.startServer(otherDir, settings -> {});
    try {
      second.apply(config);

      proxy.server().close(); // the first proxy stops; the port keeps serving

      for (int i = 0; i < 10; i++) {
        assertThat(proxy.get(port, "/").body()).isEqualTo("a");
      }
      assertThat(second.status().services().get(0).requests()).isEqualTo(10);
    } finally {
      second.close();
    }
  }

  @Test
  void nioTransport_proxiesToo() throws Exception {
    proxy.start(s -> s.preferNativeTransport(false));
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);

    assertThat(proxy.server().transport()).isEqualTo("nio");
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get(port, "/").body()).isIn("a", "b");
    }
    assertThat(proxy.post(port, "/echo", "x".repeat(100_000)).body()).hasSize(100_000);
    assertThat(new String(proxy.post(port, "/echo", new byte[0]).body(), StandardCharsets.UTF_8))
        .isEmpty();
  }
}
