package io.splice.image.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the {@code sha256:HEX} form OCI uses. */
public final class Digests {
  private Digests() {}

  /** A fresh SHA-256 message digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** {@code sha256:HEX} of a finished message digest. */
  public static String format(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /** {@code sha256:HEX} of some bytes. */
  public static String of(byte[] bytes) {
    MessageDigest md = sha256();
    md.update(bytes);
    return format(md);
  }

  /** {@code sha256:HEX} of a file's content. */
  public static String of(Path file) throws IOException {
    MessageDigest md = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return format(md);
  }

  /** The hex part of {@code sha256:HEX}, checked, so it can name a file safely. */
  public static String hex(String digest) {
    if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("digest: " + digest + " (expected: sha256: and 64 hex digits)");
    }
    return digest.substring("sha256:".length());
  }
}
