package io.splice.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The CLI's only way to the daemon: its REST API on 127.0.0.1, with a bearer token. */
public final class SpliceClient {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** {@code down} waits for every replica's grace period, so it gets longer. */
  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(5);

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  public SpliceClient(int port, String token) {
    this.base = URI.create("http://127.0.0.1:" + port);
    this.token = token;
  }

  public DaemonStatus daemon() throws ApiException {
    return send("GET", "/v1/daemon", null, DaemonStatus.class, DEFAULT_TIMEOUT);
  }

  public AppStatus up(UpRequest request) throws ApiException {
    return send("POST", "/v1/apps", request, AppStatus.class, DEFAULT_TIMEOUT);
  }

  public List<AppStatus> apps() throws ApiException {
    return send("GET", "/v1/apps", null, new TypeReference<List<AppStatus>>() {}, DEFAULT_TIMEOUT);
  }

  public AppStatus app(String name) throws ApiException {
    return send("GET", "/v1/apps/" + encode(name), null, AppStatus.class, DEFAULT_TIMEOUT);
  }

  public AppStatus down(String name) throws ApiException {
    return send("DELETE", "/v1/apps/" + encode(name), null, AppStatus.class, DOWN_TIMEOUT);
  }

  public AppStatus scale(String app, ScaleRequest request) throws ApiException {
    return send("POST", "/v1/apps/" + encode(app) + "/scale", request, AppStatus.class, DEFAULT_TIMEOUT);
  }

  public AppStatus deploy(String app, DeployRequest request) throws ApiException {
    return send("POST", "/v1/apps/" + encode(app) + "/deploy", request, AppStatus.class, DEFAULT_TIMEOUT);
  }

  public AppStatus migrate(String app, MigrateRequest request) throws ApiException {
    return send("POST", "/v1/apps/" + encode(app) + "/migrate", request, AppStatus.class, DEFAULT_TIMEOUT);
  }

  public AppStatus rollback(String app, RollbackRequest request) throws ApiException {
    return send("POST", "/v1/apps/" + encode(app) + "/rollback", request, AppStatus.class, DEFAULT_TIMEOUT);
  }

  /** Lines of a service's logs: the last {@code tail} per replica, or what follows {@code cursors}. */
  public LogChunk logs(String app, String service, int tail, Map<String, Long> cursors) throws ApiException {
    String after = cursors.entrySet().stream()
        .map(entry -> encode(entry.getKey()) + ":" + entry.getValue())
        .collect(Collectors.joining(","));
    String path = "/v1/apps/" + encode(app) + "/services/" + encode(service) + "/logs?tail=" + tail
        + (after.isEmpty() ? "" : "&after=" + encode(after));
    return send("GET", path, null, LogChunk.class, DEFAULT_TIMEOUT);
  }

  /** Asks the daemon to exit; the proxy and the replicas keep running, and a new daemon adopts them. */
  public void stopDaemon() throws ApiException {
    send("POST", "/v1/daemon/stop", null, ErrorResponse.class, DEFAULT_TIMEOUT);
  }

  private <T> T send(String method, String path, Object body, Class<T> type, Duration timeout) throws ApiException {
    return send(method, path, body, Json.mapper().constructType(type), timeout);
  }

  private <T> T send(String method, String path, Object body, TypeReference<T> type, Duration timeout) throws ApiException {
    return send(method, path, body, Json.mapper().constructType(type), timeout);
  }

  private <T> T send(String method, String path, Object body, JavaType type, Duration timeout) throws ApiException {
    HttpResponse<String> response;
    try {
      HttpRequest.BodyPublisher publisher = body == null
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body));
      HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
          .timeout(timeout)
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .method(method, publisher)
          .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ApiException(0, "cannot reach the daemon at " + base + ": " + e, List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted while waiting for the daemon", List.of());
    }
    try {
      if (response.statusCode() >= 400) {
        ErrorResponse error = Json.mapper().readValue(response.body(), ErrorResponse.class);
        throw new ApiException(response.statusCode(), error.error(), error.details());
      }
      return Json.mapper().readValue(response.body(), type);
    } catch (IOException e) {
      throw new ApiException(response.statusCode(), "unexpected answer from the daemon (HTTP " + response.statusCode() + "): "
          + abbreviate(response.body()), List.of());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
