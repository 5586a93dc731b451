package io.splice.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/**
 * The TLS side of a listener: its certificate and key read from PEM files, and ALPN offering
 * {@code h2} then {@code http/1.1}. Immutable; a push that re-reads the files makes a new one, which
 * new connections use while open ones keep theirs.
 *
 * <pre>{@code
 * ListenerTls tls = ListenerTls.load(Path.of("catalog.crt"), Path.of("catalog.key"));
 * }</pre>
 */
public final class ListenerTls {

  private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS8_END = "-----END PRIVATE KEY-----";

  private final SslContext context;
  private final String description;

  private ListenerTls(SslContext context, String description) {
    this.context = context;
    this.description = description;
  }

  /**
   * Reads a certificate chain and its private key (PKCS#8, unencrypted).
   *
   * @throws IOException naming the file and what is wrong with it: missing, unreadable, not PEM,
   *     or a key that does not match the certificate
   */
  public static ListenerTls load(Path certFile, Path keyFile) throws IOException {
    requireNonNull(certFile, "certFile");
    requireNonNull(keyFile, "keyFile");
    byte[] cert = read(certFile, "certificate");
    byte[] key = read(keyFile, "key");
    checkPair(cert, key, certFile, keyFile);
    SslContext context;
    try (InputStream certIn = new ByteArrayInputStream(cert);
        InputStream keyIn = new ByteArrayInputStream(key)) {
      context =
          SslContextBuilder.forServer(certIn, keyIn)
              .sslProvider(SslProvider.JDK)
              .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      ApplicationProtocolNames.HTTP_2,
                      ApplicationProtocolNames.HTTP_1_1))
              .build();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot use certificate "
              + certFile
              + " with key "
              + keyFile
              + ": "
              + describe(e)
              + " (expected: a PEM certificate chain and its unencrypted PKCS#8 PEM private key)",
          e);
    }
    return new ListenerTls(context, certFile.toString());
  }

  /** A TLS handler for a new client connection, failing a handshake slower than {@code timeout}. */
  SslHandler newHandler(ByteBufAllocator alloc, Duration timeout) {
    SslHandler handler = context.newHandler(alloc);
    handler.setHandshakeTimeoutMillis(Math.max(1, timeout.toMillis()));
    return handler;
  }

  @Override
  public String toString() {
    return "ListenerTls[" + description + "]";
  }

  /**
   * Fails when the key is PKCS#8 and does not belong to the first certificate: a signature made with
   * it must verify with the certificate's public key. Other key formats are left to the TLS library.
   */
  private static void checkPair(byte[] cert, byte[] key, Path certFile, Path keyFile)
      throws IOException {
    X509Certificate leaf;
    try {
      leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(cert));
    } catch (CertificateException | RuntimeException e) {
      throw new IOException(
          "certificate file " + certFile + ": " + describe(e) + " (expected: a PEM certificate)", e);
    }
    String pem = new String(key, StandardCharsets.US_ASCII);
    int begin = pem.indexOf(PKCS8_BEGIN);
    int end = pem.indexOf(PKCS8_END);
    if (begin < 0 || end < begin) {
      return;
    }
    PrivateKey privateKey;
    try {
      byte[] der =
          Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end).strip());
      privateKey =
          KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(
          "key file "
              + keyFile
              + ": "
              + describe(e)
              + " (expected: the "
              + leaf.getPublicKey().getAlgorithm()
              + " private key of "
              + certFile
              + ")",
          e);
    }
    boolean matches;
    try {
      String algorithm = signatureAlgorithm(privateKey.getAlgorithm());
      byte[] probe = "splice-proxy key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return; // an algorithm this check does not know: the TLS library decides
    }
    if (!matches) {
      throw new IOException(
          "key file "
              + keyFile
              + " does not belong to the certificate in "
              + certFile
              + " ("
              + leaf.getSubjectX500Principal().getName()
              + ")");
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    switch (keyAlgorithm) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        return "SHA256withECDSA";
      default:
        return keyAlgorithm; // Ed25519, Ed448, EdDSA sign under their own names
    }
  }

  private static byte[] read(Path file, String what) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException("cannot read " + what + " file " + file + ": " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message;
  }
}
