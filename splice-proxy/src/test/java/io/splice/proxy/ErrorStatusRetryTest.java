package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.health.OutlierPolicy;
import io.splice.proxy.health.RetryBudget;
import io.splice.proxy.testing.Configs;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 5xx response head to an idempotent request is retried on another upstream, within limits. */
class ErrorStatusRetryTest {

  /** Passive ejection out of the way, so that the failing upstream keeps getting requests. */
  private static final OutlierPolicy NEVER_EJECT =
      new OutlierPolicy(1000, 1000, Duration.ofSeconds(30), Duration.ofSeconds(30), 0.5);

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  @Test
  void get_answered500_isRetriedOnAnotherUpstream_andThe5xxStillCounts() throws Exception {
    proxy.start(s -> s.outliers(NEVER_EJECT));
    TestBackend bad = proxy.backend("bad");
    TestBackend good = proxy.backend("good");
    bad.failing(true);
    int port = proxy.serve(bad, good);

    for (int i = 0; i < 60; i++) {
      HttpResponse<String> response = proxy.get(port, "/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("good");
    }

    UpstreamStatus b = proxy.upstream(ProxyFixture.SERVICE, "bad");
    UpstreamStatus g = proxy.upstream(ProxyFixture.SERVICE, "good");
    ServiceStatus service = proxy.service(ProxyFixture.SERVICE);
    assertThat(b.responses5xx()).isPositive().isEqualTo(bad.requests());
    assertThat(b.failures()).isEqualTo(b.responses5xx());
    assertThat(g.responses5xx()).isZero();
    assertThat(g.requests()).isEqualTo(60);
    assertThat(service.retries()).isEqualTo(b.responses5xx());
    assertThat(service.failures()).isZero();
    assertThat(proxy.server().metrics())
        .contains(
            "splice_proxy_upstream_responses_total{code=\"5xx\",service=\"catalog\","
                + "upstream=\"bad\"} "
                + (double) b.responses5xx()
                + "\n");
  }

  @Test
  void get_answered500_countsForOutlierDetection_evenWhenRetried() throws Exception {
    TestBackend bad = proxy.backend("bad");
    TestBackend good = proxy.backend("good");
    bad.failing(true);
    int port = proxy.serve(bad, good);

    // The balancer may prefer the good upstream for a while: go on until the bad one had 5.
    for (int i = 0; i < 1000 && bad.requests() < 5; i++) {
      assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
    }

    UpstreamStatus b = proxy.upstream(ProxyFixture.SERVICE, "bad");
    assertThat(b.ejected()).isTrue();
    assertThat(b.health()).startsWith("ejected for 30 s: 5 consecutive");
    assertThat(b.responses5xx()).isEqualTo(5);
  }

  @Test
  void post_answered500_isNotRetried() throws Exception {
    proxy.start(s -> s.outliers(NEVER_EJECT));
    TestBackend bad = proxy.backend("bad");
    TestBackend good = proxy.backend("good");
    bad.failing(true);
    int port = proxy.serve(bad, good);

    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < 200 && !statuses.containsKey(500); i++) {
      statuses.merge(proxy.post(port, "/echo", "x").statusCode(), 1, Integer::sum);
    }

    assertThat(statuses).containsKey(500);
    assertThat(statuses.get(500)).isEqualTo(bad.requests());
    assertThat(proxy.service(ProxyFixture.SERVICE).retries()).isZero();
  }

  @Test
  void streamedPut_answered500_isNotRetried() throws Exception {
    proxy.start(s -> s.outliers(NEVER_EJECT));
    TestBackend bad = proxy.backend("bad");
    TestBackend good = proxy.backend("good");
    bad.failing(true);
    int port = proxy.serve(bad, good);
    byte[] body = new byte[256 * 1024]; // beyond the buffered body size: it streams
    Arrays.fill(body, (byte) 'x');

    boolean seen500 = false;
    for (int i = 0; i < 200 && !seen500; i++) {
      HttpResponse<String> response =
          proxy
              .http()
              .send(
                  HttpRequest.newBuilder(ProxyFixture.uri(port, "/echo"))
                      .timeout(Duration.ofSeconds(30))
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      seen500 = response.statusCode() == 500;
    }

    assertThat(seen500).isTrue();
    assertThat(proxy.service(ProxyFixture.SERVICE).retries()).isZero();
  }

  @Test
  void allUpstreamsAnswer500_theClientGets500() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    a.failing(true);
    b.failing(true);
    int port = proxy.serve(a, b);

    HttpResponse<String> response = proxy.get(port, "/");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isIn("a", "b");
    assertThat(a.requests()).isEqualTo(1);
    assertThat(b.requests()).isEqualTo(1);
    ServiceStatus service = proxy.service(ProxyFixture.SERVICE);
    assertThat(service.retries()).isEqualTo(1);
    assertThat(service.failures()).isZero(); // the upstream's answer, not one of the proxy's own
  }

  @Test
  void retriesStopAtTheMaxAttempts() throws Exception {
    TestBackend[] backends = new TestBackend[5];
    for (int i = 0; i < backends.length; i++) {
      backends[i] = proxy.backend("u" + i);
      backends[i].failing(true);
    }
    int port = proxy.serve(backends);

    assertThat(proxy.get(port, "/").statusCode()).isEqualTo(500);

    int attempts = Arrays.stream(backends).mapToInt(TestBackend::requests).sum();
    assertThat(attempts).isEqualTo(3);
    assertThat(proxy.service(ProxyFixture.SERVICE).retries()).isEqualTo(2);
  }

  @Test
  void spentRetryBudget_forwardsThe500() throws Exception {
    proxy.start(
        s ->
            s.retryBudget(new RetryBudget.Policy(0, 0, Duration.ofSeconds(10)))
                .outliers(NEVER_EJECT));
    TestBackend bad = proxy.backend("bad");
    TestBackend good = proxy.backend("good");
    bad.failing(true);
    int port = proxy.serve(bad, good);

    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response = proxy.get(port, "/");
      statuses.merge(response.statusCode(), 1, Integer::sum);
      if (response.statusCode() == 500) {
        assertThat(response.body()).isEqualTo("bad");
      }
    }

    assertThat(statuses).containsKeys(200, 500);
    ServiceStatus service = proxy.service(ProxyFixture.SERVICE);
    assertThat(service.retries()).isZero();
    assertThat(service.retriesDenied()).isEqualTo((long) statuses.get(500));
    assertThat(bad.requests()).isEqualTo(statuses.get(500));
  }

  @Test
  void aRetried500WithASmallBody_leavesItsConnectionPooled() throws Exception {
    proxy.start(s -> s.outliers(NEVER_EJECT));
    TestBackend good = proxy.backend("good");
    try (RawErrorBackend bad = new RawErrorBackend(3)) {
      int port = serveWith(bad, good);

      for (int i = 0; i < 30; i++) {
        assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
      }

      assertThat(bad.requests.get()).isPositive();
      assertThat(bad.connections.get()).isLessThanOrEqualTo(2); // one pool per I/O thread
    }
  }

  @Test
  void aRetried500WithALargeBody_closesItsConnection() throws Exception {
    proxy.start(s -> s.outliers(NEVER_EJECT));
    TestBackend good = proxy.backend("good");
    try (RawErrorBackend bad = new RawErrorBackend(200 * 1024)) {
      int port = serveWith(bad, good);

      for (int i = 0; i < 30; i++) {
        assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
      }

      assertThat(bad.requests.get()).isPositive();
      assertThat(bad.connections.get()).isEqualTo(bad.requests.get());
    }
  }

  private int serveWith(RawErrorBackend bad, TestBackend good) {
    int port = FreePorts.next();
    proxy.apply(
        Configs.config(
            1,
            new ServiceRoute(
                ProxyFixture.SERVICE,
                ServiceRoute.HTTP,
                List.of(new ListenAddress("127.0.0.1", port)),
                List.of(new UpstreamTarget("bad", "127.0.0.1", bad.port(), 1), good.target()),
                0)));
    return port;
  }

  /**
   * Answers every request on a keep-alive connection with 500 and a body of a given size, and
   * counts the connections it accepted.
   */
  private static final class RawErrorBackend implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    private final ServerSocket server;
    private final byte[] response;

    RawErrorBackend(int bodyBytes) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(
          ("HTTP/1.1 500 Internal Server Error\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] body = new byte[bodyBytes];
      Arrays.fill(body, (byte) 'e');
      out.writeBytes(body);
      response = out.toByteArray();
      Thread acceptor = new Thread(this::accept, "raw-error-backend");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.incrementAndGet();
          Thread serve = new Thread(() -> serve(socket), "raw-error-connection");
          serve.setDaemon(true);
          serve.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    /** Reads request heads (no bodies: GETs only) and answers each. */
    private void serve(Socket socket) {
      try (socket) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
          matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
          if (matched == 4) {
            matched = 0;
            requests.incrementAndGet();
            out.write(response);
            out.flush();
          }
        }
      } catch (IOException e) {
        // the proxy closed the connection
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
