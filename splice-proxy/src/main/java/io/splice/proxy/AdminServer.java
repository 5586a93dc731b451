package io.splice.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.metrics.ProxyMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin endpoint on the JDK's HTTP server, apart from the data plane's event loops so that a
 * busy proxy still answers it. The routes are listed in {@link io.splice.proxy.admin}. Errors are
 * plain text, one line, meant to be shown as they are.
 */
final class AdminServer {

  /** Largest config body accepted. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ProxyServer proxy;
  private final ObjectMapper json;

  private AdminServer(
      HttpServer server, ExecutorService executor, ProxyServer proxy, ObjectMapper json) {
    this.server = server;
    this.executor = executor;
    this.proxy = proxy;
    this.json = json;
  }

  static AdminServer start(String host, int port, ProxyServer proxy, ObjectMapper json)
      throws IOException {
    // The JDK server writes a response head and body separately; without TCP_NODELAY every
    // answer waits for the client's delayed ACK (about 40 ms). Read when the server class loads.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "splice-proxy-admin-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    AdminServer admin = new AdminServer(server, executor, proxy, json);
    server.createContext("/", admin::handle);
    server.setExecutor(executor);
    server.start();
    return admin;
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz":
          requireGet(exchange, method, "GET");
          send(exchange, 200, TEXT, "ok\n");
          break;
        case "/config":
          if ("PUT".equals(method)) {
            putConfig(exchange);
          } else {
            requireGet(exchange, method, "GET, PUT");
            send(exchange, 200, JSON, json.writeValueAsString(proxy.config()));
          }
          break;
        case "/status":
          requireGet(exchange, method, "GET");
          send(exchange, 200, JSON, json.writeValueAsString(proxy.status()));
          break;
        case "/metrics":
          requireGet(exchange, method, "GET");
          send(exchange, 200, ProxyMetrics.CONTENT_TYPE, proxy.metrics());
          break;
        default:
          throw new HttpError(404, "no such endpoint: " + exchange.getRequestURI().getPath());
      }
    } catch (HttpError e) {
      send(exchange, e.status, TEXT, e.getMessage() + "\n");
    } catch (RuntimeException e) {
      ProxyLog.warn("admin " + exchange.getRequestURI() + " failed: " + e);
      send(exchange, 500, TEXT, "internal error: " + e + "\n");
    } finally {
      exchange.close();
    }
  }

  private void putConfig(HttpExchange exchange) throws IOException, HttpError {
    ProxyConfig config;
    try {
      config = json.readValue(readBody(exchange), ProxyConfig.class);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "invalid config JSON: " + e.getOriginalMessage());
    }
    if (config == null) {
      throw new HttpError(400, "invalid config JSON: empty body");
    }
    try {
      proxy.apply(config);
    } catch (ConfigRejectedException e) {
      throw new HttpError(status(e.reason()), e.getMessage());
    }
    send(exchange, 200, JSON, json.writeValueAsString(proxy.config()));
  }

  private static int status(ConfigRejectedException.Reason reason) {
    switch (reason) {
      case INVALID:
        return 400;
      case STALE_VERSION:
        return 409;
      case STOPPING:
        return 503;
      default:
        return 500;
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException, HttpError {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new HttpError(413, "config larger than " + MAX_BODY_BYTES + " bytes");
      }
      return body;
    }
  }

  private static void requireGet(HttpExchange exchange, String method, String allow)
      throws HttpError {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", allow);
      throw new HttpError(405, "method " + method + " not allowed");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** An error answered with its status and message. */
  private static final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
