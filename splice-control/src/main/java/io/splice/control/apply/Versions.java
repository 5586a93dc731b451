package io.splice.control.apply;

import io.splice.control.state.SpecCodec;
import io.splice.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's version: a short digest of everything in its spec that a replica runs with (not the
 * replica count, which scaling changes without replacing anyone), and of its deploy token.
 */
final class Versions {
  private static final int LENGTH = 10;
  private static final int CACHED = 256;

  private record Key(ServiceSpec service, int token) {}

  /** The loop asks for every service's version several times a second, and specs change rarely. */
  private static final Map<Key, String> CACHE = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
      return size() > CACHED;
    }
  });

  private Versions() {}

  static String of(ServiceSpec service, int token) {
    return CACHE.computeIfAbsent(new Key(service.withReplicas(0), token), Versions::digest);
  }

  private static String digest(Key key) {
    String content = SpecCodec.encodeService(key.service()) + "#" + key.token();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
