package io.splice.proxy.testing;

import static io.splice.proxy.testing.Configs.config;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A proxy on a temporary directory with its admin port chosen free, plus the backends a test
 * starts; everything is closed after each test.
 *
 * <pre>{@code
 * @RegisterExtension final ProxyFixture proxy = new ProxyFixture();
 *
 * @Test void get() {
 *   TestBackend a = proxy.backend("a");   // starts the proxy with the test settings
 *   int port = proxy.serve(a);            // config 1: service "catalog" on a free port
 *   assertThat(proxy.get(port, "/").body()).isEqualTo("a");
 * }
 * }</pre>
 *
 * <p>A test that needs other settings calls {@link #start(Consumer)} first.
 */
public final class ProxyFixture implements AfterEachCallback, AutoCloseable {

  /** The service name {@link #serve} uses. */
  public static final String SERVICE = "catalog";

  private final List<TestBackend> backends = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Path dir;
  private ProxyServer server;

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

  public static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Starts the proxy with the test settings changed by {@code custom}; call before anything. */
  public ProxyFixture start(Consumer<ProxySettings.Builder> custom) {
    if (server != null) {
      throw new IllegalStateException("the proxy is already started");
    }
    try {
      server = startServer(dir(), custom);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The running proxy, started with the test settings on first use. */
  public ProxyServer server() {
    if (server == null) {
      start(settings -> {});
    }
    return server;
  }

  /** The proxy's directory, created on first use. */
  public Path dir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("splice-proxy-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** Starts a backend answering {@code id}; the proxy too if it is not running yet. */
  public TestBackend backend(String id) throws IOException {
    server();
    TestBackend backend = TestBackend.start(id);
    backends.add(backend);
    return backend;
  }

  /** Serves {@code backends} as service {@value #SERVICE} on a free port (config version 1). */
  public int serve(TestBackend... backends) {
    int port = FreePorts.next();
    apply(config(1, Configs.service(SERVICE, port, backends)));
    return port;
  }

  public void apply(ProxyConfig config) {
    try {
      server().apply(config);
    } catch (ConfigRejectedException e) {
      throw new AssertionError("config refused: " + e.getMessage(), e);
    }
  }

  public ProxyAdminClient admin() {
    return new ProxyAdminClient("127.0.0.1", server().adminPort());
  }

  public HttpResponse<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(uri(port, path)).GET().build());
  }

  /** A GET sent without waiting for its response. */
  public CompletableFuture<HttpResponse<String>> getAsync(int port, String path) {
    return http.sendAsync(
        HttpRequest.newBuilder(uri(port, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(int port, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<byte[]> post(int port, String path, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpClient http() {
    return http;
  }

  /** The status of one upstream of one service, or null when it is not listed. */
  public UpstreamStatus upstream(String service, String id) {
    for (ServiceStatus s : server().status().services()) {
      if (s.name().equals(service)) {
        return s.upstreams().stream().filter(u -> u.id().equals(id)).findFirst().orElse(null);
      }
    }
    return null;
  }

  public ServiceStatus service(String name) {
    return server().status().services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Replaces the running proxy by a new one on the same directory, as a restart would. */
  public void restart(Consumer<ProxySettings.Builder> custom) throws IOException {
    server().close();
    server = startServer(dir(), custom);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
    }
    backends.forEach(TestBackend::close);
    backends.clear();
    if (dir != null) {
      deleteRecursively(dir);
      dir = null;
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
