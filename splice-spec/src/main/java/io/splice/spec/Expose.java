package io.splice.spec;

import java.util.Objects;

/**
 * A public listener on the proxy.
 *
 * @param host the address to bind ({@value #DEFAULT_HOST} unless the spec gives one)
 * @param port the port to bind
 */
public record Expose(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";

  public Expose {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
    }
  }
}
