package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TcpEcho;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/** TCP (L4) services through a real proxy to plain socket echo servers. */
class TcpModeTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();
  private final List<TcpEcho> echoes = new ArrayList<>();

  @AfterEach
  void stopEchoes() throws IOException {
    for (TcpEcho echo : echoes) {
      echo.close();
    }
  }

  private TcpEcho echo() throws IOException {
    TcpEcho echo = new TcpEcho();
    echoes.add(echo);
    return echo;
  }

  private int serveTcp(UpstreamTarget... upstreams) {
    int port = FreePorts.next();
    proxy.apply(
        config(
            1,
            new ServiceRoute(
                ProxyFixture.SERVICE,
                ServiceRoute.TCP,
                List.of(new ListenAddress("127.0.0.1", port)),
                List.of(upstreams),
                0)));
    return port;
  }

  /** Sends {@code data}, half-closes, and returns all that came back until the server closed. */
  private static byte[] roundTrip(int port, byte[] data) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      InputStream in = socket.getInputStream();
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  ByteArrayOutputStream all = new ByteArrayOutputStream();
                  in.transferTo(all);
                  return all.toByteArray();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      socket.getOutputStream().write(data);
      socket.shutdownOutput();
      return received.get();
    }
  }

  private static byte[] expected(byte[] data) {
    byte[] trailer = (data.length + " bytes\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(data, data.length + trailer.length);
    System.arraycopy(trailer, 0, all, data.length, trailer.length);
    return all;
  }

  @Test
  void echo_throughTcpMode_withHalfClose() throws Exception {
    proxy.server();
    TcpEcho echo = echo();
    int port = serveTcp(echo.target("e1"));
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(11).nextBytes(data);

    assertThat(roundTrip(port, data)).isEqualTo(expected(data));
    assertThat(roundTrip(port, "short".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(expected("short".getBytes(StandardCharsets.US_ASCII)));

    Await.until(
        "the tunnels ended",
        () -> proxy.upstream(ProxyFixture.SERVICE, "e1").activeRequests() == 0);
    assertThat(proxy.upstream(ProxyFixture.SERVICE, "e1").requests()).isEqualTo(2);
    assertThat(proxy.service(ProxyFixture.SERVICE).requests()).isEqualTo(2);
  }

  @Test
  void splice_relaysALargePayload_inTheKernel() throws Exception {
    assertThat(Epoll.isAvailable()).as("splice(2) needs epoll: %s", Epoll.unavailabilityCause()).isTrue();
    proxy.server();
    TcpEcho echo = echo();
    int port = serveTcp(echo.target("e1"));
    byte[] data = new byte[16 * 1024 * 1024];
    new Random(17).nextBytes(data);

    byte[] back;
    String trailer;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      InputStream in = socket.getInputStream();
      CompletableFuture<byte[]> echoed =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return in.readNBytes(data.length);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      socket.getOutputStream().write(data);
      back = echoed.get(30, TimeUnit.SECONDS);
      // Only once all came back: the half-close then carries nothing but the end.
      socket.shutdownOutput();
      trailer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    assertThat(back).isEqualTo(data);
    assertThat(trailer).isEqualTo(data.length + " bytes\n");
    assertThat(proxy.server().metrics())
        .contains("splice_proxy_tcp_tunnels_total{relay=\"splice\",service=\"catalog\"} 1.0\n")
        .doesNotContain("relay=\"copy\"");
    // 32 MiB went through; what was copied is at most the trailer the echo sent before closing.
    assertThat(copiedBytes()).isLessThanOrEqualTo(trailer.length());
  }

  @Test
  void splice_withAnImmediateHalfClose_losesNothing() throws Exception {
    assertThat(Epoll.isAvailable()).as("splice(2) needs epoll: %s", Epoll.unavailabilityCause()).isTrue();
    proxy.server();
    TcpEcho echo = echo();
    int port = serveTcp(echo.target("e1"));
    byte[] data = new byte[8 * 1024 * 1024 + 3];
    new Random(23).nextBytes(data);

    for (int i = 0; i < 3; i++) {
      assertThat(roundTrip(port, data)).isEqualTo(expected(data));
    }

    assertThat(proxy.server().metrics())
        .contains("splice_proxy_tcp_tunnels_total{relay=\"splice\",service=\"catalog\"} 3.0\n");
  }

  @Test
  void spliceOff_copiesThroughMemory_andPassesAnImmediateHalfCloseOn() throws Exception {
    proxy.start(s -> s.tcpSplice(false));
    TcpEcho echo = echo();
    int port = serveTcp(echo.target("e1"));
    byte[] data = new byte[8 * 1024 * 1024];
    new Random(29).nextBytes(data);

    assertThat(roundTrip(port, data)).isEqualTo(expected(data));

    assertThat(proxy.server().metrics())
        .contains("splice_proxy_tcp_tunnels_total{relay=\"copy\",service=\"catalog\"} 1.0\n");
    assertThat(copiedBytes()).isEqualTo(2L * data.length + (data.length + " bytes\n").length());
  }

  @Test
  void nio_copiesThroughMemory() throws Exception {
    proxy.start(s -> s.preferNativeTransport(false));
    TcpEcho echo = echo();
    int port = serveTcp(echo.target("e1"));
    byte[] data = "over nio".getBytes(StandardCharsets.US_ASCII);

    assertThat(roundTrip(port, data)).isEqualTo(expected(data));

    assertThat(proxy.server().metrics())
        .contains("splice_proxy_tcp_tunnels_total{relay=\"copy\",service=\"catalog\"} 1.0\n");
  }

  /** splice_proxy_tcp_copied_bytes_total of the service, 0 when absent. */
  private long copiedBytes() {
    Matcher matcher =
        Pattern.compile(
                "splice_proxy_tcp_copied_bytes_total\\{service=\"catalog\"} ([0-9.E]+)\n")
            .matcher(proxy.server().metrics());
    return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
  }

  @Test
  void refusedUpstream_isSkipped_onAnotherOne() throws Exception {
    proxy.server();
    TcpEcho echo = echo();
    UpstreamTarget refusing = new UpstreamTarget("dead", "127.0.0.1", FreePorts.next(), 1);
    int port = serveTcp(refusing, echo.target("live"));
    byte[] data = "ping".getBytes(StandardCharsets.US_ASCII);

    for (int i = 0; i < 12; i++) {
      assertThat(roundTrip(port, data)).isEqualTo(expected(data));
    }

    assertThat(echo.connections()).isEqualTo(12);
    assertThat(proxy.upstream(ProxyFixture.SERVICE, "dead").failures()).isPositive();
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void noUpstreamUp_closesTheClientConnection() throws Exception {
    proxy.server();
    int port = serveTcp(new UpstreamTarget("dead", "127.0.0.1", FreePorts.next(), 1));

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isEqualTo(1);
  }
}
