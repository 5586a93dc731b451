package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.H2TestClient;
import io.splice.proxy.testing.Pattern;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.testing.TestCertificates;
import io.splice.proxy.testing.TestBackend;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * HTTP/2 from clients, through a real proxy to HTTP/1.1 backends: prior knowledge (Netty's HTTP/2
 * client), {@code Upgrade: h2c} and TLS with ALPN (the JDK's HttpClient), the fallback to HTTP/1.1.
 */
class Http2FrontendTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  @Test
  void priorKnowledge_manyConcurrentStreams_shareOneConnection() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    int streams = 60;

    try (H2TestClient client = H2TestClient.connect(port)) {
      List<CompletableFuture<H2TestClient.Response>> responses = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        responses.add(client.get("/slow"));
      }
      // Every request is in a backend at once: the streams are served concurrently.
      Await.until("all streams reached a backend", () -> a.slowArrived() + b.slowArrived() == streams);
      assertThat(proxy.server().metrics()).contains("splice_proxy_client_connections 1.0\n");
      a.releaseSlow();
      b.releaseSlow();

      Map<String, Integer> bodies = new HashMap<>();
      for (CompletableFuture<H2TestClient.Response> response : responses) {
        H2TestClient.Response done = response.get(20, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(200);
        bodies.merge(done.text(), 1, Integer::sum);
      }
      assertThat(bodies.keySet()).containsExactlyInAnyOrder("a", "b");
      assertThat(client.isOpen()).isTrue();
    }
    assertThat(proxy.service("catalog").requests()).isEqualTo(streams);
    assertThat(proxy.service("catalog").failures()).isZero();
  }

  @Test
  void priorKnowledge_postBodies_smallBufferedAndLargeStreamed() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    byte[] small = "hello over h2".getBytes(StandardCharsets.UTF_8);
    byte[] large = new byte[3 * 1024 * 1024 + 17];
    new Random(5).nextBytes(large);

    try (H2TestClient client = H2TestClient.connect(port)) {
      H2TestClient.Response echoed =
          client.send(HttpMethod.POST, "/echo", small).get(10, TimeUnit.SECONDS);
      H2TestClient.Response counted =
          client.send(HttpMethod.POST, "/count", large).get(30, TimeUnit.SECONDS);
      H2TestClient.Response headers = client.get("/headers").get(10, TimeUnit.SECONDS);

      assertThat(echoed.status()).isEqualTo(200);
      assertThat(echoed.body()).isEqualTo(small);
      assertThat(counted.text()).isEqualTo(Pattern.count(new ByteArrayInputStream(large)));
      assertThat(headers.text())
          .contains("x-forwarded-proto: http\n")
          .contains("x-forwarded-for: 127.0.0.1\n")
          .contains("host: 127.0.0.1:" + port + "\n")
          .doesNotContain("x-http2-");
      assertThat(headers.headers().get("x-request-id")).isNotBlank();
    }
  }

  @Test
  void priorKnowledge_largeDownload_arrivesWhole() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    long size = 24L * 1024 * 1024;

    try (H2TestClient client = H2TestClient.connect(port)) {
      H2TestClient.Response response =
          client.get("/bytes?n=" + size).get(60, TimeUnit.SECONDS);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).hasSize((int) size);
      assertThat(Pattern.count(new ByteArrayInputStream(response.body())))
          .isEqualTo(Pattern.count(Pattern.stream(size)));
    }
  }

  @Test
  void stopping_sendsGoAway_letsTheOpenStreamFinish_thenCloses() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    try (H2TestClient client = H2TestClient.connect(port)) {
      assertThat(client.get("/").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      CompletableFuture<H2TestClient.Response> slow = client.get("/slow");
      Await.until("the request reached the backend", () -> a.slowArrived() == 1);
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> proxy.server().close());
      Await.until("the listener stopped accepting", () -> FreePorts.refuses(port));
      assertThat(client.isOpen()).isTrue();

      a.releaseSlow();

      assertThat(slow.get(10, TimeUnit.SECONDS).text()).isEqualTo("a");
      Await.until("the connection closed", () -> !client.isOpen());
      stopped.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void h2cUpgrade_switchesTheConnection_andServesTheUpgradeRequest() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> first = client.send(get(port, "/headers"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(get(port, "/"), HttpResponse.BodyHandlers.ofString());

    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body())
        .contains("x-forwarded-proto: http\n")
        .doesNotContain("upgrade")
        .doesNotContain("http2-settings")
        .doesNotContain("x-http2-");
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.body()).isEqualTo("a");
    assertThat(a.requests()).isEqualTo(2);
  }

  @Test
  void tls_alpnNegotiatesH2_andForwardsHttps() throws Exception {
    TestBackend a = proxy.backend("a");
    TestCertificates certs = TestCertificates.create(proxy.dir(), "catalog");
    int port = serveTls(certs, a);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(certs.clientContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      responses.add(client.sendAsync(getTls(port, "/headers"), HttpResponse.BodyHandlers.ofString()));
    }

    for (CompletableFuture<HttpResponse<String>> response : responses) {
      HttpResponse<String> done = response.get(20, TimeUnit.SECONDS);
      assertThat(done.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).contains("x-forwarded-proto: https\n");
    }
    HttpResponse<String> posted =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("over tls"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.body()).isEqualTo("over tls");
  }

  @Test
  void tls_fallsBackToHttp11_forClientsThatDoNotOfferH2() throws Exception {
    TestBackend a = proxy.backend("a");
    TestCertificates certs = TestCertificates.create(proxy.dir(), "catalog");
    int port = serveTls(certs, a);
    HttpClient http11 =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(certs.clientContext())
            .build();

    HttpResponse<String> response =
        http11.send(getTls(port, "/headers"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.body()).contains("x-forwarded-proto: https\n");
    // A client that offers no ALPN at all gets HTTP/1.1 too, keep-alive included.
    try (SSLSocket socket =
        (SSLSocket) certs.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      assertThat(socket.getApplicationProtocol()).isEmpty();
      OutputStream out = socket.getOutputStream();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 2; i++) {
        out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = 0;
        for (String line; !(line = in.readLine()).isEmpty(); ) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring("content-length:".length()).strip());
          }
        }
        char[] body = new char[length];
        assertThat(in.read(body)).isEqualTo(length);
        assertThat(new String(body)).isEqualTo("a");
      }
    }
  }

  @Test
  void tls_unreadableOrMismatchedFiles_areRejected_withTheListenerNamed() throws Exception {
    proxy.server();
    TestCertificates certs = TestCertificates.create(proxy.dir(), "one");
    TestCertificates other = TestCertificates.create(proxy.dir(), "two");
    Path missing = proxy.dir().resolve("missing.crt");
    Path garbage = Files.writeString(proxy.dir().resolve("garbage.crt"), "not a certificate");
    int port = FreePorts.next();

    assertThatThrownBy(() -> proxy.server().apply(config(1, tlsService(port, missing, certs.keyFile()))))
        .isInstanceOf(ConfigRejectedException.class)
        .hasMessageStartingWith("services[0].listeners[0]: cannot read certificate file " + missing)
        .satisfies(
            e -> assertThat(((ConfigRejectedException) e).reason())
                .isEqualTo(ConfigRejectedException.Reason.INVALID));
    assertThatThrownBy(() -> proxy.server().apply(config(1, tlsService(port, garbage, certs.keyFile()))))
        .hasMessageStartingWith("services[0].listeners[0]: certificate file " + garbage);
    assertThatThrownBy(
            () -> proxy.server().apply(config(1, tlsService(port, certs.certFile(), other.keyFile()))))
        .hasMessageStartingWith(
            "services[0].listeners[0]: key file "
                + other.keyFile()
                + " does not belong to the certificate in "
                + certs.certFile());
    assertThat(proxy.server().config().version()).isZero();
    assertThat(FreePorts.refuses(port)).isTrue();
  }

  @Test
  void tls_silentOrPlainTextClients_areClosed_andOthersStillServed() throws Exception {
    proxy.start(s -> s.client(c -> c.headerTimeout(Duration.ofMillis(300))));
    TestBackend a = proxy.backend("a");
    TestCertificates certs = TestCertificates.create(proxy.dir(), "catalog");
    int port = serveTls(certs, a);

    try (Socket silent = new Socket("127.0.0.1", port);
        Socket plain = new Socket("127.0.0.1", port)) {
      silent.setSoTimeout(10_000);
      plain.setSoTimeout(10_000);
      plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      long start = System.nanoTime();
      assertThat(silent.getInputStream().read()).isEqualTo(-1); // no handshake within the timeout
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      // A plain-text request gets no plain-text answer: at most a TLS alert, then the end.
      String answer = new String(plain.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).doesNotContain("HTTP/1.1");
    }
    HttpClient client =
        HttpClient.newBuilder().sslContext(certs.clientContext()).build();
    assertThat(client.send(getTls(port, "/"), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("a");
  }

  @Test
  void killedUpstream_midLoad_noClientErrors_forGetsOverH2() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    TestBackend c = proxy.backend("c");
    int port = proxy.serve(a, b, c);
    int total = 600;
    Semaphore inFlight = new Semaphore(24);
    AtomicInteger done = new AtomicInteger();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<CompletableFuture<H2TestClient.Response>> all = new ArrayList<>();

    try (H2TestClient client = H2TestClient.connect(port)) {
      for (int i = 0; i < total; i++) {
        if (i == total / 4) {
          c.stop(); // with requests in flight to it
        }
        inFlight.acquire();
        CompletableFuture<H2TestClient.Response> response = client.get("/");
        response.whenComplete(
            (r, e) -> {
              statuses.merge(e == null ? r.status() : -1, 1, Integer::sum);
              done.incrementAndGet();
              inFlight.release();
            });
        all.add(response);
      }
      Await.until("all responses", Duration.ofSeconds(60), () -> done.get() == total);
    }

    assertThat(statuses).containsOnlyKeys(200);
    assertThat(proxy.service("catalog").failures()).isZero();
    assertThat(proxy.upstream("catalog", "c").ejected()).isTrue();
  }

  private int serveTls(TestCertificates certs, TestBackend... backends) {
    int port = FreePorts.next();
    proxy.apply(
        config(
            1,
            new ServiceRoute(
                ProxyFixture.SERVICE,
                ServiceRoute.HTTP,
                List.of(
                    new ListenAddress(
                        "127.0.0.1", port, certs.certFile().toString(), certs.keyFile().toString())),
                Arrays.stream(backends).map(TestBackend::target).toList(),
                0)));
    return port;
  }

  private static ServiceRoute tlsService(int port, Path cert, Path key) {
    return new ServiceRoute(
        ProxyFixture.SERVICE,
        ServiceRoute.HTTP,
        List.of(new ListenAddress("127.0.0.1", port, cert.toString(), key.toString())),
        List.of(),
        0);
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(ProxyFixture.uri(port, path)).timeout(Duration.ofSeconds(20)).GET().build();
  }

  private static HttpRequest getTls(int port, String path) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .GET()
        .build();
  }
}
