package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TestBackend;
import io.splice.proxy.testing.UnixSocketBackend;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


/**
 * Upstreams on Unix domain sockets, through a real proxy on either transport: epoll's domain socket
 * channel, and NIO's on the JDK's Unix domain sockets.
 */
class UnixSocketUpstreamTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();
  private final List<UnixSocketBackend> backends = new ArrayList<>();
  private Path sockets;

  @AfterEach
  void stop() throws Exception {
    for (UnixSocketBackend backend : backends) {
      backend.close();
    }
    if (sockets != null) {
      Files.deleteIfExists(sockets);
    }
  }

  private UnixSocketBackend backend(String id, boolean epoll) throws Exception {
    if (sockets == null) {
      // Short: a socket path has at most 107 bytes.
      sockets = Files.createTempDirectory(Path.of("/tmp"), "sp");
    }
    UnixSocketBackend backend = UnixSocketBackend.start(id, sockets.resolve(id + ".sock"), epoll);
    backends.add(backend);
    return backend;
  }

  private void start(String transport) {
    if (transport.equals("epoll")) {
      assertThat(Epoll.isAvailable()).as("epoll is not available here: %s", Epoll.unavailabilityCause()).isTrue();
    }
    proxy.start(s -> s.preferNativeTransport(transport.equals("epoll")));
    assertThat(proxy.server().transport()).isEqualTo(transport);
  }

  private int serve(ServiceRoute route) {
    proxy.apply(config(1, route));
    return route.listeners().get(0).port();
  }

  private static ServiceRoute route(UpstreamTarget... upstreams) {
    return new ServiceRoute(
        ProxyFixture.SERVICE,
        ServiceRoute.HTTP,
        List.of(new ListenAddress("127.0.0.1", FreePorts.next())),
        List.of(upstreams),
        0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void requests_goOverPooledConnections_andTheStatusNamesThePath(String transport) throws Exception {
    start(transport);
    UnixSocketBackend unix = backend("u", transport.equals("epoll"));
    int port = serve(route(unix.target()));

    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response = proxy.get(port, "/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("u");
    }
    assertThat(proxy.post(port, "/echo", "through a socket file").body())
        .isEqualTo("through a socket file");

    assertThat(unix.requests()).isEqualTo(41);
    assertThat(unix.connections()).isBetween(1, 2); // one per I/O thread at most, kept alive
    UpstreamStatus status = proxy.upstream(ProxyFixture.SERVICE, "u");
    assertThat(status.path()).isEqualTo(unix.socket().toString());
    assertThat(status.host()).isNull();
    assertThat(status.port()).isZero();
    assertThat(status.requests()).isEqualTo(41);
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void activeChecks_reachTheSocket_andTakeItOutOfRotation(String transport) throws Exception {
    start(transport);
    UnixSocketBackend unix = backend("u", transport.equals("epoll"));
    TestBackend tcp = proxy.backend("t");
    ServiceRoute plain = route(unix.target(), tcp.target());
    int port =
        serve(
            new ServiceRoute(
                plain.name(),
                plain.protocol(),
                plain.listeners(),
                plain.upstreams(),
                0,
                null,
                "/health",
                30,
                1,
                2));

    unix.healthy(false);
    Await.until(
        "the socket upstream fails its checks",
        () -> !proxy.upstream(ProxyFixture.SERVICE, "u").health().contains("active checks: healthy"));
    int before = unix.requests();
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get(port, "/").body()).isEqualTo("t");
    }
    assertThat(unix.requests()).isEqualTo(before); // out of rotation: its checks only
    assertThat(proxy.upstream(ProxyFixture.SERVICE, "u").health()).contains("HTTP 503");

    unix.healthy(true);
    Await.until(
        "the socket upstream is back",
        () -> proxy.upstream(ProxyFixture.SERVICE, "u").health().contains("active checks: healthy"));
    Await.until("it serves again", () -> proxy.get(port, "/").body().equals("u"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void tcpMode_relaysBytesToTheSocket(String transport) throws Exception {
    start(transport);
    UnixSocketBackend unix = backend("u", transport.equals("epoll"));
    ServiceRoute http = route(unix.target());
    int port =
        serve(
            new ServiceRoute(
                http.name(), ServiceRoute.TCP, http.listeners(), http.upstreams(), 0));

    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nu");
    }
    assertThat(unix.connections()).isEqualTo(1);
  }

  @Test
  void stoppedSocketUpstream_isRetriedElsewhere_andEjected() throws Exception {
    start(Epoll.isAvailable() ? "epoll" : "nio");
    UnixSocketBackend unix = backend("u", Epoll.isAvailable());
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = serve(route(unix.target(), a.target(), b.target()));
    unix.close();
    backends.remove(unix);

    for (int i = 0; i < 30; i++) {
      assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
    }

    UpstreamStatus dead = proxy.upstream(ProxyFixture.SERVICE, "u");
    assertThat(dead.ejected()).isTrue();
    assertThat(dead.health()).contains("3 consecutive connect failures");
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }

  @Test
  void badSocketPaths_areRejected() {
    proxy.server();
    String tooLong = "/tmp/" + "x".repeat(110);
    UpstreamTarget relative = UpstreamTarget.unixSocket("r", "run/u.sock", 1, null);
    UpstreamTarget longPath = UpstreamTarget.unixSocket("l", tooLong, 1, null);
    UpstreamTarget both = new UpstreamTarget("b", "127.0.0.1", 8080, 1, null, "/tmp/b.sock");

    assertThatThrownBy(() -> proxy.server().apply(config(1, route(relative, longPath, both))))
        .isInstanceOf(ConfigRejectedException.class)
        .hasMessage(
            "services[0].upstreams[0].path: \"run/u.sock\" (expected: an absolute path); "
                + "services[0].upstreams[1].path: 115 bytes long (expected: <= 107, the limit of a"
                + " Unix domain socket path); "
                + "services[0].upstreams[2]: path \"/tmp/b.sock\" together with 127.0.0.1:8080"
                + " (expected: either a path, or host and port)");
  }
}
