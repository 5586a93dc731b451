package io.splice.control.apply;

import io.splice.control.state.SpecCodec;
import io.splice.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A service's version: a short digest of everything in its spec that a replica runs with (not the
 * replica count, which scaling changes without replacing anyone), and of its deploy token.
 */
final class Versions {
  private static final int LENGTH = 10;

  private Versions() {}

  static String of(ServiceSpec service, int token) {
    String content = SpecCodec.encodeService(service.withReplicas(0)) + "#" + token;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
