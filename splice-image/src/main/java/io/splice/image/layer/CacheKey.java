package io.splice.image.layer;

import io.splice.image.oci.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Builds a layer's cache key: a SHA-256 over its parent's key, the instruction as it was
 * expanded, and the digests of its inputs. Each part is length-prefixed, so that no two
 * different lists of parts give the same bytes.
 *
 * <pre>{@code
 * String key = new CacheKey().add(parentKey).add("COPY app.jar /app/").add(inputsDigest).build();
 * }</pre>
 */
public final class CacheKey {
  /** The version of the key's recipe; raising it invalidates every cached layer. */
  private static final String RECIPE = "splice-layer-v1";

  private final MessageDigest digest = Digests.sha256();

  public CacheKey() {
    add(RECIPE);
  }

  /** Adds one part. */
  public CacheKey add(String part) {
    byte[] bytes = (part == null ? "\0null" : part).getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
    return this;
  }

  /** The key, as {@code sha256:HEX}. */
  public String build() {
    return Digests.format(digest);
  }
}
