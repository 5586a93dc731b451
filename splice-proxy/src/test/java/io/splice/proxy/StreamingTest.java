package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static io.splice.proxy.testing.Configs.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.Pattern;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.RawHttpConnection;
import io.splice.proxy.testing.TestBackend;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/** Request bodies through a real proxy: small ones buffered (and retried), large ones streamed. */
class StreamingTest {

  private static final long MIB = 1024 * 1024;

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  private HttpResponse<String> upload(int port, HttpRequest.BodyPublisher body) throws Exception {
    return proxy
        .http()
        .send(
            HttpRequest.newBuilder(ProxyFixture.uri(port, "/count"))
                .timeout(Duration.ofSeconds(60))
                .POST(body)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A client that shuts down its sending side after its request still gets the whole response,
   * however long the proxy has to wait to write it (on epoll, a half-closed connection that must
   * wait to write once was dropped: see transport.EpollRegistration).
   */
  @Test
  void halfClosedClient_getsALargeResponseWhole() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    long size = 48 * MIB;

    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET /bytes?n=" + size + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = readHead(in);
      assertThat(head.toLowerCase(Locale.ROOT))
          .startsWith("http/1.1 200 ok")
          .contains("content-length: " + size);

      assertThat(Pattern.count(in)).isEqualTo(Pattern.describe(size));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void chunkedUpload_ofUnknownLength_streamsThrough() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    HttpResponse<String> response =
        upload(port, HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(8 * MIB)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Pattern.describe(8 * MIB));
  }

  @Test
  void upload_withContentLength_streamsThrough() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);

    HttpResponse<String> response =
        upload(
            port,
            HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(5 * MIB + 7)),
                5 * MIB + 7));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Pattern.describe(5 * MIB + 7));
  }

  @Test
  void smallChunkedBody_isBuffered_andRetriedPastAStoppedUpstream() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    a.stop();

    for (int i = 0; i < 10; i++) {
      try (RawHttpConnection connection = new RawHttpConnection(port)) {
        RawHttpConnection.Response response =
            connection.exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("hello world");
      }
    }
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void largeUpload_toAStoppedUpstream_isRetriedElsewhere_sinceNothingWasSent() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = proxy.serve(a, b);
    a.stop();

    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response =
          upload(port, HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(MIB)));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(Pattern.describe(MIB));
    }
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void streamedBodies_keepTheConnection_forTheNextRequest() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = proxy.serve(a);
    byte[] big = Pattern.stream(300_000).readAllBytes();

    try (RawHttpConnection connection = new RawHttpConnection(port)) {
      for (int i = 0; i < 3; i++) {
        RawHttpConnection.Response response = connection.send("POST", "/count", big);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo(Pattern.describe(300_000));
        assertThat(response.header("Connection")).isNull();
      }
      assertThat(connection.get("/").text()).isEqualTo("a");
    }
  }

  @Test
  void expectContinue_onAStreamedBody_isAnswered() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = FreePorts.next();
    proxy.apply(config(1, service(ProxyFixture.SERVICE, port, a)));

    HttpResponse<String> response =
        proxy
            .http()
            .send(
                HttpRequest.newBuilder(ProxyFixture.uri(port, "/count"))
                    .expectContinue(true)
                    .POST(
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(MIB)),
                            MIB))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Pattern.describe(MIB));
  }
}
