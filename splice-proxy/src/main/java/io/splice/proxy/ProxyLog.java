package io.splice.proxy;

import java.time.Instant;

/**
 * The proxy's log: one line per event on standard output, which the control plane redirects to a
 * file. Kept this small on purpose; per-request logs and metrics go through {@code /metrics}.
 */
final class ProxyLog {

  private ProxyLog() {}

  static void info(String message) {
    System.out.println(Instant.now() + " INFO  splice-proxy: " + message);
    System.out.flush();
  }

  static void warn(String message) {
    System.out.println(Instant.now() + " WARN  splice-proxy: " + message);
    System.out.flush();
  }
}
