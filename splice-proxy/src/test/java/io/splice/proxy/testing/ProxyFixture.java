package io.splice.proxy.testing;

import io.splice.proxy.ConfigRejectedException;
import io.splice.proxy.ProxyServer;
import io.splice.proxy.ProxySettings;
import io.splice.proxy.admin.ProxyAdminClient;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A proxy on a temporary directory with its admin port chosen free, plus the backends a test
 * starts.
 */
public final class ProxyFixture implements AutoCloseable {

  private final Path dir;
  private final List<TestBackend> backends = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private ProxyServer server;

  private ProxyFixture(Path dir) {
    this.dir = dir;
  }

  public static ProxyFixture start(Path dir) throws IOException {
    return start(dir, settings -> {});
  }

  public static ProxyFixture start(Path dir, Consumer<ProxySettings.Builder> custom)
      throws IOException {
    ProxyFixture fixture = new ProxyFixture(dir);
    fixture.server = startServer(dir, custom);
    return fixture;
  }

  /** A proxy on {@code dir} with the settings tests use: admin port free, 2 I/O threads. */
  public static ProxyServer startServer(Path dir, Consumer<ProxySettings.Builder> custom)
      throws IOException {
    ProxySettings.Builder settings =
        ProxySettings.builder(dir)
            .adminPort(0)
            .workerThreads(2)
            .shutdownGrace(Duration.ofSeconds(5));
    custom.accept(settings);
    return ProxyServer.start(settings.build());
  }

  public ProxyServer server() {
    return server;
  }

  public Path dir() {
    return dir;
  }

  public TestBackend backend(String id) throws IOException {
    TestBackend backend = TestBackend.start(id);
    backends.add(backend);
    return backend;
  }

  public void apply(ProxyConfig config) {
    try {
      server.apply(config);
    } catch (ConfigRejectedException e) {
      throw new AssertionError("config refused: " + e.getMessage(), e);
    }
  }

  public ProxyAdminClient admin() {
    return new ProxyAdminClient("127.0.0.1", server.adminPort());
  }

  public HttpResponse<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(uri(port, path)).GET().build());
  }

  public HttpResponse<String> post(int port, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<byte[]> post(int port, String path, byte[] body) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri(port, path))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public HttpClient http() {
    return http;
  }

  /** The status of one upstream of one service, or null when it is not listed. */
  public UpstreamStatus upstream(String service, String id) {
    for (ServiceStatus s : server.status().services()) {
      if (s.name().equals(service)) {
        return s.upstreams().stream().filter(u -> u.id().equals(id)).findFirst().orElse(null);
      }
    }
    return null;
  }

  public ServiceStatus service(String name) {
    return server.status().services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  public static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    backends.forEach(TestBackend::close);
  }

  /** Replaces the running proxy by a new one on the same directory, as a restart would. */
  public void restart(Consumer<ProxySettings.Builder> custom) throws IOException {
    server.close();
    server = startServer(dir, custom);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
