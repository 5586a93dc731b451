package io.splice.proxy.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A local address a service accepts clients on, in clear text or, given a certificate and its key,
 * over TLS.
 *
 * <pre>{@code
 * {"host": "127.0.0.1", "port": 8081}
 * {"host": "0.0.0.0", "port": 8443,
 *  "certFile": "/etc/splice/tls/catalog.crt", "keyFile": "/etc/splice/tls/catalog.key"}
 * }</pre>
 *
 * <p>An HTTP listener speaks HTTP/1.1 and HTTP/2: in clear text, HTTP/2 with prior knowledge or
 * through an {@code Upgrade: h2c} request; over TLS, whichever of {@code h2} and {@code http/1.1}
 * the client picks by ALPN (HTTP/1.1 when it offers neither).
 *
 * @param host an IP literal or name of a local interface, {@code "0.0.0.0"} for all
 * @param port 1..65535
 * @param certFile path of a PEM file with the listener's certificate chain, leaf first; with {@code
 *     keyFile}, the listener serves TLS (added later: null, or left out, for clear text). Only on
 *     HTTP services. The files are read again at every push, so a push after replacing them
 *     rotates the certificate for new connections.
 * @param keyFile path of a PEM file with the certificate's private key (PKCS#8, {@code BEGIN
 *     PRIVATE KEY}), unencrypted; given together with {@code certFile}
 */
public record ListenAddress(String host, int port, String certFile, String keyFile) {

  public ListenAddress {
    certFile = certFile == null || certFile.isBlank() ? null : certFile;
    keyFile = keyFile == null || keyFile.isBlank() ? null : keyFile;
  }

  /** A clear-text listener (the shape before TLS). */
  public ListenAddress(String host, int port) {
    this(host, port, null, null);
  }

  /** Whether the listener is given a certificate or a key (it serves TLS when given both). */
  @JsonIgnore
  public boolean tls() {
    return certFile != null || keyFile != null;
  }

  @Override
  public String toString() {
    return host != null && host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
