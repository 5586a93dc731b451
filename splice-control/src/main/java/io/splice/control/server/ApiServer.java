package io.splice.control.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.splice.api.ErrorResponse;
import io.splice.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The daemon's REST API on 127.0.0.1. Every request must carry {@code Authorization: Bearer TOKEN},
 * the token in the state directory; anything else is answered 401 before it reaches a handler.
 */
public final class ApiServer {
  private static final int MAX_BODY = 1024 * 1024;

  private final HttpServer server;
  private final byte[] token;
  private final Handlers handlers;

  public ApiServer(int port, String token, Handlers handlers, ExecutorService executor) throws IOException {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.handlers = handlers;
    // Without TCP_NODELAY the JDK server's split header/body writes wait for a delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening; answers in progress (such as the one to a stop request) finish first, up to a second. */
  public void stop() {
    server.stop(1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"splice\"");
        send(exchange, 401, new ErrorResponse("missing or wrong bearer token (expected: the token in the state directory)", List.of()));
        return;
      }
      Response response;
      try {
        response = handlers.route(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            query(exchange.getRequestURI().getRawQuery()), body(exchange)));
      } catch (ApiError e) {
        response = new Response(e.status(), new ErrorResponse(e.getMessage(), e.details()));
      } catch (RuntimeException e) {
        e.printStackTrace(System.out);
        response = new Response(500, new ErrorResponse("internal error: " + e, List.of()));
      }
      send(exchange, response.status(), response.body());
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(token, header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new ApiError(413, "request body over " + MAX_BODY + " bytes");
      }
      return bytes;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.put(key, value);
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A request as the handlers see it. */
  public record Request(String method, String path, Map<String, String> query, byte[] body) {}

  /** A status and a JSON body. */
  public record Response(int status, Object body) {}

  /** Routes a request; throws {@link ApiError} to refuse it. */
  public interface Handlers {
    Response route(Request request);
  }
}
