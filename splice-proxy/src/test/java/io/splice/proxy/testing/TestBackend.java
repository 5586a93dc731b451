package io.splice.proxy.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.splice.proxy.admin.UpstreamTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on the JDK's HTTP server, on an ephemeral port of 127.0.0.1.
 *
 * <ul>
 *   <li>{@code /} answers its id
 *   <li>{@code /echo} answers the request body
 *   <li>{@code /headers} answers the request headers, one {@code name: value} line each, names in
 *       lower case
 *   <li>{@code /fail} answers 500
 *   <li>{@code /health} answers 200, or 503 after {@link #healthy healthy(false)}
 *   <li>{@code /count} reads the request body as it comes and answers {@code "BYTES CRC32"} of it
 *   <li>{@code /bytes?n=N} answers N bytes of {@link Pattern} with a {@code Content-Length},
 *       generated as they are sent
 *   <li>{@code /slow} waits until {@link #releaseSlow()} (at most 30 s), then answers its id
 * </ul>
 */
public final class TestBackend implements AutoCloseable {

  static {
    // The JDK server writes a response head and body separately; without TCP_NODELAY each
    // response waits for a delayed ACK (about 40 ms). Read once, when the server class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final String id;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger slowArrived = new AtomicInteger();
  private final CountDownLatch slowRelease = new CountDownLatch(1);
  private volatile boolean stopped;
  private volatile boolean healthy = true;
  private volatile boolean failing;

  private TestBackend(String id) throws IOException {
    this.id = id;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static TestBackend start(String id) throws IOException {
    return new TestBackend(id);
  }

  public String id() {
    return id;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public UpstreamTarget target() {
    return new UpstreamTarget(id, "127.0.0.1", port(), 1);
  }

  /** This backend as an upstream of traffic group {@code group}. */
  public UpstreamTarget target(String group) {
    return new UpstreamTarget(id, "127.0.0.1", port(), 1, group);
  }

  /** Requests received, all paths. */
  public int requests() {
    return requests.get();
  }

  /** Requests to {@code /slow} that arrived and are waiting (or were). */
  public int slowArrived() {
    return slowArrived.get();
  }

  /** What {@code /health} answers from now on: 200 when true, else 503. */
  public void healthy(boolean healthy) {
    this.healthy = healthy;
  }

  /** When true, every request from now on (whatever its path) is answered 500 with the id. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  public void releaseSlow() {
    slowRelease.countDown();
  }

  /** Stops at once: the port refuses connections and open connections are closed. */
  public void stop() {
    if (!stopped) {
      stopped = true;
      releaseSlow();
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (failing) {
        readAll(exchange.getRequestBody());
        respond(exchange, 500, id.getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/count")) {
        respond(exchange, Pattern.count(exchange.getRequestBody()).getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (path.equals("/bytes")) {
        long n = Long.parseLong(exchange.getRequestURI().getQuery().substring("n=".length()));
        readAll(exchange.getRequestBody());
        exchange.sendResponseHeaders(200, n);
        try (OutputStream out = exchange.getResponseBody()) {
          Pattern.stream(n).transferTo(out);
        }
        return;
      }
      byte[] body = readAll(exchange.getRequestBody());
      switch (path) {
        case "/echo":
          respond(exchange, body);
          break;
        case "/headers":
          respond(exchange, headers(exchange.getRequestHeaders()).getBytes(StandardCharsets.UTF_8));
          break;
        case "/health":
          respond(exchange, healthy ? 200 : 503, id.getBytes(StandardCharsets.UTF_8));
          break;
        case "/fail":
          respond(exchange, 500, id.getBytes(StandardCharsets.UTF_8));
          break;
        case "/slow":
          slowArrived.incrementAndGet();
          awaitRelease();
          respond(exchange, id.getBytes(StandardCharsets.UTF_8));
          break;
        default:
          respond(exchange, id.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void awaitRelease() {
    try {
      slowRelease.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void respond(HttpExchange exchange, byte[] body) throws IOException {
    respond(exchange, 200, body);
  }

  private void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.getResponseHeaders().set("X-Backend", id);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String headers(Headers headers) {
    Map<String, List<String>> sorted = new TreeMap<>();
    headers.forEach((name, values) -> sorted.put(name.toLowerCase(Locale.ROOT), values));
    StringBuilder out = new StringBuilder();
    sorted.forEach(
        (name, values) ->
            values.forEach(v -> out.append(name).append(": ").append(v).append('\n')));
    return out.toString();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Override
  public String toString() {
    return "TestBackend[" + id + " on " + port() + "]";
  }
}
