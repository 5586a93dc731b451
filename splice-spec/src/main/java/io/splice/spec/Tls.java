package io.splice.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate a public listener serves TLS with; clients then pick HTTP/2 or HTTP/1.1 by ALPN.
 * The proxy reads both files again on every configuration push, so replacing them and running {@code
 * splice deploy} (or restarting the daemon) rotates the certificate for new connections.
 *
 * @param certFile a PEM file with the certificate chain, leaf first (absolute)
 * @param keyFile a PEM file with the certificate's unencrypted PKCS#8 private key (absolute)
 */
public record Tls(Path certFile, Path keyFile) {
  public Tls {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
  }
}
