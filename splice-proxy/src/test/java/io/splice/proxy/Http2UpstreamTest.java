package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.H2TestClient;
import io.splice.proxy.testing.H2cBackend;
import io.splice.proxy.testing.Pattern;
import io.splice.proxy.testing.ProxyFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * Upstreams that speak HTTP/2 in clear text ({@code "upstreamProtocol": "h2c"}), through a real
 * proxy to Netty HTTP/2 servers that speak nothing else.
 */
class Http2UpstreamTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();
  private final List<H2cBackend> backends = new ArrayList<>();

  @AfterEach
  void stopBackends() {
    backends.forEach(H2cBackend::close);
  }

  private H2cBackend backend(String id) throws Exception {
    proxy.server();
    H2cBackend backend = H2cBackend.start(id);
    backends.add(backend);
    return backend;
  }

  private int serve(H2cBackend... upstreams) {
    return serve(null, 0, upstreams);
  }

  private int serve(String healthPath, long healthIntervalMillis, H2cBackend... upstreams) {
    int port = FreePorts.next();
    proxy.apply(config(1, route(port, healthPath, healthIntervalMillis, upstreams)));
    return port;
  }

  private static ServiceRoute route(
      int port, String healthPath, long healthIntervalMillis, H2cBackend... upstreams) {
    return new ServiceRoute(
        ProxyFixture.SERVICE,
        ServiceRoute.HTTP,
        List.of(new ListenAddress("127.0.0.1", port)),
        Arrays.stream(upstreams).map(H2cBackend::target).toList(),
        0,
        null,
        healthPath,
        healthIntervalMillis,
        1,
        2,
        ServiceRoute.H2C);
  }

  @Test
  void concurrentRequests_shareFewConnections_asStreams() throws Exception {
    H2cBackend a = backend("a");
    H2cBackend b = backend("b");
    int port = serve(a, b);
    int held = 80;

    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < held; i++) {
      slow.add(proxy.getAsync(port, "/slow"));
    }
    // All of them are in the upstreams at once, over at most one connection per I/O thread each.
    Await.until("every request reached an upstream", () -> a.slowArrived() + b.slowArrived() == held);
    assertThat(a.connections() + b.connections()).isLessThanOrEqualTo(4);
    a.releaseSlow();
    b.releaseSlow();
    for (CompletableFuture<HttpResponse<String>> response : slow) {
      assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    // Then a burst: up to 400 at once. A connection carries at most 100 streams (and these
    // upstreams allow 100), so a burst may open a few more; still far fewer than requests.
    List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      more.add(proxy.getAsync(port, "/"));
    }
    for (CompletableFuture<HttpResponse<String>> response : more) {
      assertThat(response.get(20, TimeUnit.SECONDS).body()).isIn("a", "b");
    }

    assertThat(a.requests() + b.requests()).isEqualTo(held + 400);
    assertThat(a.connections() + b.connections()).isLessThanOrEqualTo(2 * 2 * (1 + 400 / 100));
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void bodies_bothWays_andForwardedHeaders() throws Exception {
    H2cBackend a = backend("a");
    int port = serve(a);
    byte[] large = new byte[5 * 1024 * 1024 + 11];
    new Random(3).nextBytes(large);
    long download = 16L * 1024 * 1024;

    HttpResponse<String> echoed = proxy.post(port, "/echo", "small body over h2c");
    HttpResponse<byte[]> counted = proxy.post(port, "/count", large);
    HttpResponse<byte[]> bytes =
        proxy
            .http()
            .send(
                HttpRequest.newBuilder(ProxyFixture.uri(port, "/bytes?n=" + download))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<String> headers = proxy.get(port, "/headers");

    assertThat(echoed.body()).isEqualTo("small body over h2c");
    assertThat(new String(counted.body(), StandardCharsets.US_ASCII))
        .isEqualTo(Pattern.count(new ByteArrayInputStream(large)));
    assertThat(Pattern.count(new ByteArrayInputStream(bytes.body())))
        .isEqualTo(Pattern.describe(download));
    assertThat(headers.body())
        .contains("x-forwarded-proto: http\n")
        .contains("x-forwarded-for: 127.0.0.1\n")
        .contains("host: 127.0.0.1:" + port + "\n");
    // What Netty's conversion of the upstream's response adds must not reach the client.
    assertThat(headers.headers().map().keySet()).noneMatch(h -> h.startsWith("x-http2-"));
    assertThat(headers.headers().firstValue("x-request-id")).isPresent();
    assertThat(a.connections()).isLessThanOrEqualTo(2);
  }

  @Test
  void http2Clients_endToEnd() throws Exception {
    H2cBackend a = backend("a");
    int port = serve(a);

    try (H2TestClient client = H2TestClient.connect(port)) {
      List<CompletableFuture<H2TestClient.Response>> responses = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        responses.add(client.get("/"));
      }
      for (CompletableFuture<H2TestClient.Response> response : responses) {
        assertThat(response.get(20, TimeUnit.SECONDS).text()).isEqualTo("a");
      }
    }
    assertThat(a.connections()).isEqualTo(1); // one client connection: one I/O thread
  }

  @Test
  void killedUpstream_midLoad_isRetried_andEjected() throws Exception {
    H2cBackend a = backend("a");
    H2cBackend b = backend("b");
    H2cBackend c = backend("c");
    int port = serve(a, b, c);
    int total = 600;
    Semaphore inFlight = new Semaphore(30);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();

    for (int i = 0; i < total; i++) {
      if (i == total / 4) {
        c.stop();
      }
      inFlight.acquire();
      CompletableFuture<HttpResponse<String>> response = proxy.getAsync(port, "/");
      response.whenComplete(
          (r, e) -> {
            statuses.merge(e == null ? r.statusCode() : -1, 1, Integer::sum);
            inFlight.release();
          });
      all.add(response);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);

    assertThat(statuses).containsOnlyKeys(200);
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
    assertThat(proxy.upstream(ProxyFixture.SERVICE, "c").ejected()).isTrue();
    assertThat(a.connections() + b.connections()).isLessThanOrEqualTo(4);
  }

  @Test
  void serverErrors_areRetriedOnAnotherUpstream() throws Exception {
    H2cBackend a = backend("a");
    H2cBackend b = backend("b");
    int port = serve(a, b);
    a.failing(true);

    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = proxy.get(port, "/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("b");
    }
    assertThat(proxy.upstream(ProxyFixture.SERVICE, "a").responses5xx()).isPositive();
  }

  @Test
  void activeChecks_speakH2c() throws Exception {
    H2cBackend a = backend("a");
    H2cBackend b = backend("b");
    int port = serve("/health", 30, a, b);

    b.healthy(false);
    Await.until(
        "b fails its checks",
        () -> proxy.upstream(ProxyFixture.SERVICE, "b").health().contains("(last: HTTP 503)"));
    int before = b.requests();
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get(port, "/").body()).isEqualTo("a");
    }
    assertThat(b.requests()).isEqualTo(before);

    b.healthy(true);
    Await.until(
        "b passes again",
        () -> proxy.upstream(ProxyFixture.SERVICE, "b").health().contains("(last: HTTP 200)"));
  }

  @Test
  void h2cUpstreams_onlyOnHttpServices() {
    proxy.server();
    ServiceRoute tcp =
        new ServiceRoute(
            "t",
            ServiceRoute.TCP,
            List.of(new ListenAddress("127.0.0.1", FreePorts.next())),
            List.of(new UpstreamTarget("a", "127.0.0.1", 9, 1)),
            0,
            null,
            null,
            0,
            0,
            0,
            ServiceRoute.H2C);
    ServiceRoute unknown =
        new ServiceRoute(
            "u",
            ServiceRoute.HTTP,
            List.of(new ListenAddress("127.0.0.1", FreePorts.next())),
            List.of(),
            0,
            null,
            null,
            0,
            0,
            0,
            "h3");

    assertThatThrownBy(() -> proxy.server().apply(config(1, tcp, unknown)))
        .hasMessage(
            "services[0].upstreamProtocol: \"h2c\" on a \"tcp\" service (expected: only on \"http\""
                + " services); services[1].upstreamProtocol: \"h3\" (expected: \"http/1.1\" or"
                + " \"h2c\")");
  }
}
