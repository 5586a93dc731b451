package io.splice.spec;

import java.util.List;
import java.util.Objects;

/**
 * How the proxy talks to a service's replicas.
 *
 * @param protocol what the replicas speak: {@value #HTTP} (HTTP/1.1 over pooled keep-alive
 *     connections, the default), {@value #H2C} (HTTP/2 in clear text with prior knowledge, such as a
 *     gRPC server: many requests share few connections) or {@value #TCP} (any other protocol: the
 *     proxy relays each client connection as bytes to one replica). Clients of an HTTP or h2c
 *     service may speak HTTP/1.1 or HTTP/2 whatever the replicas speak.
 * @param unixSocket whether each replica listens on the Unix domain socket named by its {@code
 *     SOCKET} variable instead of on {@code PORT}: the proxy and the health checks reach it there
 *     (process runtime only)
 */
public record Serving(String protocol, boolean unixSocket) {
  public static final String HTTP = "http";
  public static final String H2C = "h2c";
  public static final String TCP = "tcp";
  public static final List<String> PROTOCOLS = List.of(HTTP, H2C, TCP);

  /** HTTP/1.1 on {@code PORT}: what a service gets when it says nothing. */
  public static final Serving DEFAULT = new Serving(HTTP, false);

  public Serving {
    Objects.requireNonNull(protocol, "protocol");
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("protocol: " + protocol + " (expected: one of " + PROTOCOLS + ")");
    }
  }

  /** Whether the proxy routes HTTP requests (an {@value #HTTP} or {@value #H2C} service), not bytes. */
  public boolean http() {
    return !TCP.equals(protocol);
  }
}
