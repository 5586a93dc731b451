package io.splice.examples.shop.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plumbing every shop service shares: reading {@code PORT}, the replica id, answering
 * {@code /healthz}, JSON responses and a graceful stop on SIGTERM.
 *
 * <p>Each service module keeps its own copy of this class so that the three jars stay
 * independent, with no dependency but the JDK.
 */
public final class Service {

  private static final int DEFAULT_THREADS = 16;
  private static final int BACKLOG = 128;
  private static final int STOP_DELAY_SECONDS = 2;
  /** Time for a request already read, but not yet handed to a handler, to show up in flight. */
  private static final long STOP_GRACE_MILLIS = 100;

  public final String name;
  /** {@code <service>-<pid>}: sent as {@code X-Replica} and in every JSON body. */
  public final String replica;
  /** The deployed version, from {@code VERSION} (default 1): sent as {@code X-Version}, so rollouts can be watched. */
  public final String version;
  private final String host;
  private final int port;
  private final boolean failHealth;
  /** {@code FAIL_REQUESTS=1}: healthy, but every other request answers 500; a broken version for canary demos. */
  private final boolean failRequests;
  /** {@code THREADS=N}: requests served at once (default 16); 1 makes latency grow with the queue, for autoscaling demos. */
  private final int threads;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** Reads the environment; exits with a one-line message when it is not usable. */
  public Service(String name) {
    this.name = name;
    this.replica = name + "-" + ProcessHandle.current().pid();
    this.host = env("HOST", "127.0.0.1");
    this.version = env("VERSION", "1");
    this.port = port(name, System.getenv("PORT"));
    this.failHealth = "1".equals(System.getenv("FAIL_HEALTH"));
    this.failRequests = "1".equals(System.getenv("FAIL_REQUESTS"));
    this.threads = threads(name, env("THREADS", Integer.toString(DEFAULT_THREADS)));
  }

  /** Binds, serves {@code routes} and registers the graceful stop. */
  public void start(HttpHandler routes) {
    HttpServer server;
    try {
      // The JDK server writes headers and body separately; without TCP_NODELAY the body waits
      // for the peer's delayed ACK (40 ms) on every other keep-alive request.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
    } catch (IOException | RuntimeException e) {
      throw die(name + ": cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext("/", exchange -> dispatch(exchange, routes));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), name + "-stop"));
    System.out.println(name + " listening on " + host + ":" + port);
  }

  /**
   * On SIGTERM: stop accepting, let in-flight requests finish (at most {@code
   * STOP_DELAY_SECONDS}), then let the JVM exit. {@code HttpServer.stop} closes the listener at
   * once but, on JDK 17, waits out its whole delay even when nothing is in flight; so it runs on
   * its own thread and this hook returns as soon as the in-flight count reaches zero.
   */
  private void stop(HttpServer server) {
    new Thread(() -> server.stop(STOP_DELAY_SECONDS), name + "-http-stop").start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_DELAY_SECONDS);
    try {
      Thread.sleep(STOP_GRACE_MILLIS);
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.println(name + " stopped");
  }

  private void dispatch(HttpExchange exchange, HttpHandler routes) {
    inFlight.incrementAndGet();
    try {
      exchange.getResponseHeaders().set("X-Replica", replica);
      exchange.getResponseHeaders().set("X-Version", version);
      if (exchange.getRequestURI().getPath().equals("/healthz")) {
        if (allow(exchange, "GET")) {
          send(exchange, failHealth ? 503 : 200, "text/plain; charset=utf-8",
              failHealth ? "failing" : "ok");
        }
      } else if (failRequests) {
        error(exchange, 500, "this version is broken on purpose (FAIL_REQUESTS=1)");
      } else {
        routes.handle(exchange);
      }
    } catch (Exception e) {
      System.err.println(name + ": " + exchange.getRequestMethod() + " "
          + exchange.getRequestURI() + " failed: " + e);
      if (exchange.getResponseCode() == -1) {
        try {
          error(exchange, 500, "internal error");
        } catch (IOException ignored) {
          // the client is gone
        }
      }
    } finally {
      exchange.close();
      inFlight.decrementAndGet();
    }
  }

  /** True if the method is one of {@code methods} (HEAD counts as GET); else answers 405. */
  public boolean allow(HttpExchange exchange, String... methods) throws IOException {
    String method = exchange.getRequestMethod();
    for (String allowed : methods) {
      if (allowed.equals(method) || (allowed.equals("GET") && method.equals("HEAD"))) {
        return true;
      }
    }
    exchange.getResponseHeaders().set("Allow", String.join(", ", methods));
    error(exchange, 405, "method " + method + " not allowed (allowed: "
        + String.join(", ", methods) + ")");
    return false;
  }

  public void json(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json", json);
  }

  public void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, "{\"error\":" + quote(message) + ",\"replica\":" + quote(replica) + "}");
  }

  public void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  public void send(HttpExchange exchange, int status, String contentType, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (exchange.getRequestMethod().equals("HEAD") || bytes.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  public static String env(String variable, String fallback) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int port(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      throw die(name + ": environment variable PORT is not set (expected a TCP port, 1-65535)");
    }
    try {
      int port = Integer.parseInt(raw.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw die(name + ": PORT=" + raw + " is not a TCP port (expected 1-65535)");
  }

  private static int threads(String name, String raw) {
    try {
      int threads = Integer.parseInt(raw);
      if (threads >= 1 && threads <= 1024) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw die(name + ": THREADS=" + raw + " is not a thread count (expected 1-1024)");
  }

  /** Prints {@code message} on stderr and exits 1; returns only to let callers write throw. */
  public static IllegalStateException die(String message) {
    System.err.println(message);
    System.exit(1);
    return new IllegalStateException(message);
  }
}
