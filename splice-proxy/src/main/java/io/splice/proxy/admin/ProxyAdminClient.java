package io.splice.proxy.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Talks to a proxy's admin endpoint. Thread-safe; one instance per proxy is enough.
 *
 * <pre>{@code
 * ProxyAdminClient proxy = new ProxyAdminClient("127.0.0.1", 7070);
 * if (proxy.ping()) {
 *   proxy.apply(new ProxyConfig(8, routes));
 * }
 * }</pre>
 */
public final class ProxyAdminClient {

  /** Connect and whole-request timeout: the admin endpoint is local and answers at once. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final String JSON = "application/json";

  private final URI base;
  private final HttpClient http;
  private final ObjectMapper json;

  public ProxyAdminClient(String host, int port) {
    requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    String authority = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    this.base = URI.create("http://" + authority);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * Applies {@code config} ({@code PUT /config}). Returns once the proxy has bound its listeners,
   * swapped its upstreams and written the config to disk.
   *
   * @throws IOException with the proxy's message when it refuses the config (400 invalid, 409
   *     version older than the one in force, 500 not applied) or cannot be reached
   */
  public void apply(ProxyConfig config) throws IOException {
    requireNonNull(config, "config");
    byte[] body = json.writeValueAsBytes(config);
    HttpRequest request =
        newRequest("/config")
            .header("Content-Type", JSON)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    send(request);
  }

  /** The config in force ({@code GET /config}); version 0 and no services before the first push. */
  public ProxyConfig config() throws IOException {
    return read(send(newRequest("/config").GET().build()), ProxyConfig.class);
  }

  /** Counters and upstream states ({@code GET /status}). */
  public ProxyStatus status() throws IOException {
    return read(send(newRequest("/status").GET().build()), ProxyStatus.class);
  }

  /** Whether the proxy answers {@code GET /healthz} with 200; false on any error. */
  public boolean ping() {
    try {
      send(newRequest("/healthz").GET().build());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ProxyAdminClient[" + base + "]";
  }

  private HttpRequest.Builder newRequest(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", JSON);
  }

  private String send(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException(describe(request) + ": interrupted");
      interrupted.initCause(e);
      throw interrupted;
    } catch (IOException e) {
      throw new IOException(describe(request) + ": " + e, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String message = response.body() == null ? "" : response.body().strip();
      throw new IOException(
          describe(request) + ": HTTP " + status + (message.isEmpty() ? "" : ": " + message));
    }
    return response.body();
  }

  private <T> T read(String body, Class<T> type) throws IOException {
    try {
      return json.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new IOException(
          base + ": unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private String describe(HttpRequest request) {
    return request.method() + " " + request.uri();
  }
}
