package io.splice.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A public listener on the proxy.
 *
 * @param host the address to bind ({@value #DEFAULT_HOST} unless the spec gives one)
 * @param port the port to bind
 * @param tls the certificate to serve TLS with, or null for clear text (left out of the JSON form then)
 */
public record Expose(String host, int port, @JsonInclude(JsonInclude.Include.NON_NULL) Tls tls) {
  public static final String DEFAULT_HOST = "127.0.0.1";

  public Expose {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
    }
  }

  /** A clear-text listener. */
  public Expose(String host, int port) {
    this(host, port, null);
  }
}
