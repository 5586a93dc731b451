package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.RawHttpConnection;
import io.splice.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw sockets sending what a hostile or broken client sends: each gets its status (or a close),
 * never reaches the upstream, and the proxy keeps serving the next client.
 */
class HostileClientTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  static Stream<Arguments> refusedRequests() {
    return Stream.of(
        Arguments.of(
            "Content-Length with Transfer-Encoding",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "two different Content-Lengths",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 6\r\n\r\nabcdef",
            400),
        Arguments.of(
            "Content-Length list with different values",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 6\r\n\r\nabcdef",
            400),
        Arguments.of(
            "chunk size that is not hex",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "negative chunk size",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "Transfer-Encoding other than chunked",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc",
            400),
        Arguments.of(
            "chunked not the final coding",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "a coding before chunked",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            501),
        Arguments.of(
            "obfuscated Transfer-Encoding name",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of("garbage bytes", "\u0001\u0002\u0003 garbage \u00ff\r\n\r\n", 400),
        Arguments.of("bare line feeds", "GET / HTTP/1.1\nHost: x\n\n", 400),
        Arguments.of(
            "request line too long",
            "GET /" + "a".repeat(1000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            414),
        Arguments.of(
            "header block too large",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n",
            431),
        Arguments.of("too many header fields", "GET / HTTP/1.1\r\nHost: x\r\n" + fields(25), 431));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void refusedRequest_getsItsStatus_isClosed_andNeverReachesTheUpstream(
      String shape, String raw, int status) throws Exception {
    proxy.start(
        s ->
            s.client(
                c -> c.maxRequestLineBytes(512).maxHeaderBytes(2048).maxHeaderCount(20)));
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    try (RawHttpConnection client = new RawHttpConnection(port)) {
      RawHttpConnection.Response response = client.exchange(raw);

      assertThat(response.status()).as(shape).isEqualTo(status);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(client.closedByPeer(2000)).isTrue();
    }
    assertThat(a.requests()).isZero();
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
  }

  @Test
  void slowHeaders_get408_andTheConnectionCloses() throws Exception {
    proxy.start(s -> s.client(c -> c.headerTimeout(Duration.ofMillis(300))));
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    try (RawHttpConnection slow = new RawHttpConnection(port)) {
      slow.write("GET / HTTP/1.1\r\nHost: x\r\n");
      slow.write("X-Trickle: 1\r\n"); // never finished

      RawHttpConnection.Response response = slow.read();

      assertThat(response.status()).isEqualTo(408);
      assertThat(slow.closedByPeer(2000)).isTrue();
    }
    assertThat(a.requests()).isZero();
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
  }

  @Test
  void silentNewConnection_isClosedAfterTheHeaderTimeout() throws Exception {
    proxy.start(s -> s.client(c -> c.headerTimeout(Duration.ofMillis(200))));
    int port = proxy.serve(proxy.backend("a"));

    try (RawHttpConnection silent = new RawHttpConnection(port)) {
      assertThat(silent.closedByPeer(5000)).isTrue();
    }
  }

  @Test
  void keepAliveConnection_waitingForItsNextRequest_isNotCutByTheHeaderTimeout()
      throws Exception {
    proxy.start(s -> s.client(c -> c.headerTimeout(Duration.ofMillis(150))));
    int port = proxy.serve(proxy.backend("a"));

    try (RawHttpConnection client = new RawHttpConnection(port)) {
      assertThat(client.get("/").status()).isEqualTo(200);
      assertThat(client.closedByPeer(500)).isFalse(); // over 3 header timeouts, idle

      assertThat(client.get("/").text()).isEqualTo("a");
    }
  }

  @Test
  void idleKeepAliveConnection_isClosedAfterTheIdleTimeout() throws Exception {
    proxy.start(s -> s.clientIdleTimeout(Duration.ofMillis(200)));
    int port = proxy.serve(proxy.backend("a"));

    try (RawHttpConnection client = new RawHttpConnection(port)) {
      assertThat(client.get("/").status()).isEqualTo(200);

      assertThat(client.closedByPeer(5000)).isTrue();
    }
  }

  @Test
  void connectionsOverTheLimit_get503_untilOneCloses() throws Exception {
    proxy.start(s -> s.client(c -> c.maxConnections(2)));
    int port = proxy.serve(proxy.backend("a"));
    List<RawHttpConnection> open = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        RawHttpConnection client = new RawHttpConnection(port);
        open.add(client);
        assertThat(client.get("/").status()).isEqualTo(200);
      }

      try (RawHttpConnection third = new RawHttpConnection(port)) {
        RawHttpConnection.Response refused = third.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text()).isEqualTo("too many connections (2)\n");
        assertThat(third.closedByPeer(2000)).isTrue();
      }

      open.remove(0).close();
      Await.until(
          "a connection slot is free", () -> proxy.server().status() != null && freeSlot(port));
    } finally {
      for (RawHttpConnection client : open) {
        client.close();
      }
    }
  }

  @Test
  void halfClosedClient_stillGetsItsResponse() throws Exception {
    int port = proxy.serve(proxy.backend("a"));

    try (RawHttpConnection client = new RawHttpConnection(port)) {
      client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      client.shutdownOutput();

      RawHttpConnection.Response response = client.read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("a");
    }
    assertThat(proxy.get(port, "/").body()).isEqualTo("a");
  }

  private static boolean freeSlot(int port) {
    try (RawHttpConnection client = new RawHttpConnection(port)) {
      return client.get("/").status() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static String fields(int count) {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < count; i++) {
      fields.append("X-F").append(i).append(": v\r\n");
    }
    return fields.append("\r\n").toString();
  }
}
