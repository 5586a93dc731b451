package io.splice.cli.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Small HTTP helpers and a bounded background load for the integration tests. */
final class Http {
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private Http() {}

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A port nothing listens on now, outside the ranges the daemon allocates from. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Sends GETs one after another until stopped (at most {@code maxRequests}), counting failures:
   * any status other than 200, or a socket error.
   */
  static final class Load implements AutoCloseable {
    final AtomicLong sent = new AtomicLong();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    final java.util.Queue<Long> latenciesNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private final Thread thread;
    private final String url;

    Load(String url, long maxRequests) {
      this.url = url;
      thread = new Thread(() -> {
        while (running && sent.get() < maxRequests) {
          sent.incrementAndGet();
          long started = System.nanoTime();
          try {
            HttpResponse<String> response = get(url);
            latenciesNanos.add(System.nanoTime() - started);
            if (response.statusCode() != 200) {
              fail("HTTP " + response.statusCode() + ": " + response.body());
            }
          } catch (IOException e) {
            fail(e.toString());
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "load");
      thread.start();
    }

    /** The latency below which {@code share} of the answered requests fell, in milliseconds. */
    double percentileMillis(double share) {
      long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length == 0) {
        return 0;
      }
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] / 1e6;
    }

    private void fail(String why) {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, why);
    }

    @Override
    public void close() throws InterruptedException {
      if (!running) {
        return;
      }
      running = false;
      thread.join(15_000);
      System.out.println("load on " + url + ": " + sent.get() + " requests, " + failed.get() + " failed");
    }
  }
}
