package io.splice.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String DIFF_ID = "sha256:" + "b".repeat(64);

  @Test
  void find_afterPut_hitsWhileTheBlobExists(@TempDir Path dir) throws Exception {
    Set<String> blobs = new HashSet<>(Set.of(DIGEST));
    LayerCache cache = new LayerCache(dir, blobs::contains);
    String key = new CacheKey().add("parent").add("COPY a /a").build();

    assertThat(cache.find(key)).isEmpty();
    cache.put(key, DIGEST, DIFF_ID, 42);
    assertThat(cache.find(key)).contains(new LayerCache.Hit(DIGEST, DIFF_ID, 42, null));
    blobs.clear();
    assertThat(cache.find(key)).isEmpty();
  }

  @Test
  void cacheKey_partsAreDelimited() {
    assertThat(new CacheKey().add("ab").add("c").build()).isNotEqualTo(new CacheKey().add("a").add("bc").build());
    assertThat(new CacheKey().add("x").build()).isEqualTo(new CacheKey().add("x").build());
  }
}
