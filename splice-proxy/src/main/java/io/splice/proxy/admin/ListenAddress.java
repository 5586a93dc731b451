package io.splice.proxy.admin;

/**
 * A local address a service accepts clients on.
 *
 * @param host an IP literal or name of a local interface, {@code "0.0.0.0"} for all
 * @param port 1..65535
 */
public record ListenAddress(String host, int port) {

  @Override
  public String toString() {
    return host != null && host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
