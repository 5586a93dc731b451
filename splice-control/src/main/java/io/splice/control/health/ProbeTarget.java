package io.splice.control.health;

import java.nio.file.Path;

/**
 * Where a replica's HTTP or TCP check goes, and how it speaks.
 *
 * @param port the replica's TCP port on 127.0.0.1 (ignored when {@code socket} is set)
 * @param socket the Unix domain socket the replica listens on, or null for {@code port}
 * @param h2c whether an HTTP check speaks HTTP/2 in clear text, as the replica's clients do
 */
public record ProbeTarget(int port, Path socket, boolean h2c) {

  /** HTTP/1.1 or a TCP connect on {@code port}: what most replicas get. */
  public static ProbeTarget port(int port) {
    return new ProbeTarget(port, null, false);
  }

  /** Whether the JDK's HTTP client can run the check: HTTP/1.1 over TCP. */
  boolean plain() {
    return socket == null && !h2c;
  }
}
