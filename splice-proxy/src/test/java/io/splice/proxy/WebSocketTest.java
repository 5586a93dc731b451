package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.RawHttpConnection;
import io.splice.proxy.testing.WebSocketEcho;
import io.splice.proxy.testing.WebSocketEcho.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WebSocket upgrades through a real proxy to a hand-written echo server. */
class WebSocketTest {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();
  private WebSocketEcho echo;

  @AfterEach
  void stopEcho() throws IOException {
    if (echo != null) {
      echo.close();
    }
  }

  private int serveEcho() throws IOException {
    proxy.server();
    echo = new WebSocketEcho();
    int port = FreePorts.next();
    proxy.apply(
        config(
            1,
            new ServiceRoute(
                ProxyFixture.SERVICE,
                ServiceRoute.HTTP,
                List.of(new ListenAddress("127.0.0.1", port)),
                List.of(echo.target("ws")),
                0)));
    return port;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void upgrade_switchesToARawRelay_framesGoBothWays() throws Exception {
    int port = serveEcho();

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(
          ("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive, Upgrade\r\n"
                  + "Upgrade: websocket\r\nSec-WebSocket-Key: "
                  + KEY
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));

      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101 ");
      assertThat(head.toLowerCase())
          .contains("upgrade: websocket")
          .contains("connection: upgrade")
          .contains("sec-websocket-accept: " + WebSocketEcho.accept(KEY).toLowerCase());
      assertThat(echo.lastHeaders())
          .containsEntry("upgrade", "websocket")
          .containsEntry("connection", "upgrade")
          .containsEntry("sec-websocket-key", KEY)
          .containsKey("x-forwarded-for");
      assertThat(WebSocketEcho.readFrame(in).text()).isEqualTo("hello"); // sent with the 101

      out.write(WebSocketEcho.frame(1, "ping through".getBytes(StandardCharsets.UTF_8), true));
      assertThat(WebSocketEcho.readFrame(in).text()).isEqualTo("ping through");

      byte[] big = new byte[300_000];
      new Random(3).nextBytes(big);
      out.write(WebSocketEcho.frame(2, big, true));
      Frame echoed = WebSocketEcho.readFrame(in);
      assertThat(echoed.opcode()).isEqualTo(2);
      assertThat(echoed.payload()).isEqualTo(big);
      assertThat(proxy.upstream(ProxyFixture.SERVICE, "ws").activeRequests()).isEqualTo(1);

      out.write(WebSocketEcho.frame(8, new byte[] {3, (byte) 232}, true)); // close, 1000
      assertThat(WebSocketEcho.readFrame(in).opcode()).isEqualTo(8);
      assertThat(in.read()).isEqualTo(-1); // the upstream closed: so does the client side
    }
    Await.until(
        "the tunnel ended its attempt",
        () -> proxy.upstream(ProxyFixture.SERVICE, "ws").activeRequests() == 0);
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void clientClosing_closesTheUpstreamSide() throws Exception {
    int port = serveEcho();

    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(15_000);
    socket
        .getOutputStream()
        .write(
            ("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: "
                    + KEY
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ");
    Await.until(
        "the tunnel is counted",
        () -> proxy.upstream(ProxyFixture.SERVICE, "ws").activeRequests() == 1);

    socket.close();

    Await.until(
        "the upstream side closed",
        () -> proxy.upstream(ProxyFixture.SERVICE, "ws").activeRequests() == 0);
  }

  @Test
  void upgradeRefusedByTheUpstream_isAnOrdinaryResponse() throws Exception {
    int port = serveEcho();

    try (RawHttpConnection connection =
        new RawHttpConnection(port)) {
      // No Sec-WebSocket-Key: the echo server answers 400 and closes.
      RawHttpConnection.Response response =
          connection.get("/", "Connection: Upgrade", "Upgrade: websocket");
      assertThat(response.status()).isEqualTo(400);
    }
  }
}
