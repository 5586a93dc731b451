package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.image.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's garbage: {@link Images#prune} deletes what no tagged image needs, and each build
 * trims the layers unpacked for RUN (snapshots) to the most recently used. Real builds with runc
 * (Debian packages {@code runc} and {@code busybox-static}), real files.
 */
class StoreGarbageTest {
  private static final String BASE = "busybox:test";

  @TempDir Path tmp;
  private Path store;

  @BeforeEach
  void buildBase() throws Exception {
    store = tmp.resolve("store");
    Busybox.buildBase(tmp.resolve("base"), store, BASE);
  }

  @Test
  void prune_afterARebuild_deletesTheOldLayersAndSnapshots_keepsTheTaggedImage() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "v.txt", "1");
    write(ctx, "Dockerfile", "FROM " + BASE + "\nCOPY v.txt /v.txt\nRUN cp /v.txt /w.txt && seq 1 20000 > /n\nRUN cat /w.txt /n > /both\n");
    BuildResult old = Images.build(request(ctx, store).tag("app:1").build());
    write(ctx, "v.txt", "2");
    BuildResult current = Images.build(request(ctx, store).tag("app:1").build());
    Set<String> oldOnly = hexes(old);
    oldOnly.removeAll(hexes(current));
    Set<String> oldLayers = layerHexes(old);
    oldLayers.retainAll(oldOnly);
    assertThat(oldOnly).hasSize(5);
    assertThat(oldLayers).hasSize(3);
    assertThat(snapshots()).containsAll(oldLayers);
    long before = storeBytes();

    PruneResult pruned = Images.prune(store);

    long after = storeBytes();
    assertThat(pruned.blobs()).isEqualTo(5); // the old manifest, config and three layers
    assertThat(pruned.snapshots()).isEqualTo(3);
    assertThat(pruned.totalBytes()).isEqualTo(before - after).isPositive();
    assertThat(pruned.otherBytes()).isPositive(); // the old RUN layers' kept headers
    assertThat(snapshots()).doesNotContainAnyElementsOf(oldOnly).isNotEmpty();
    for (String hex : hexes(old)) {
      assertThat(Files.exists(blob(hex))).as(hex).isEqualTo(!oldOnly.contains(hex));
    }
    BuildResult again = Images.build(request(ctx, store).tag("app:1").build());
    assertThat(again.manifestDigest()).isEqualTo(current.manifestDigest());
    assertThat(again.layers()).allMatch(LayerResult::cached);
    assertThat(Images.list(store)).extracting(StoredImageSummary::name).containsExactly("app:1", BASE);
    assertThat(Images.prune(store).totalBytes()).isZero();
  }

  @Test
  void prune_removesTheLayersOfBuildStagesAndOfUntaggedBuilds() throws Exception {
    Path ctx = tmp.resolve("app");
    write(ctx, "Dockerfile", "FROM " + BASE + " AS build\nRUN echo built > /out && echo more > /more\nFROM scratch\nCOPY --from=build /out /out\n");
    BuildResult result = Images.build(request(ctx, store).tag("app:1").build());
    Path untagged = tmp.resolve("untagged");
    write(untagged, "Dockerfile", "FROM " + BASE + "\nRUN echo nobody > /tag\n");
    Images.build(request(untagged, store).build());

    PruneResult pruned = Images.prune(store);

    assertThat(pruned.snapshots()).isEqualTo(2); // the two RUN layers
    Set<String> kept = hexes(result);
    kept.addAll(hexesOf(BASE));
    try (Stream<Path> blobs = Files.list(store.resolve("blobs/sha256"))) {
      assertThat(blobs.map(p -> p.getFileName().toString())).allMatch(kept::contains);
    }
    assertThat(snapshots()).isSubsetOf(kept);
  }

  @Test
  void prune_whileABuildHoldsTheStore_failsAndDeletesNothing() throws Exception {
    long blobs = bytes(store.resolve("blobs"));
    try (StoreLock build = StoreLock.shared(store)) {
      assertThatThrownBy(() -> Images.prune(store))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("a build is using the image store");
    }
    assertThat(bytes(store.resolve("blobs"))).isEqualTo(blobs);
  }

  @Test
  void build_trimsSnapshotsToTheMostRecentlyUsed_sparingItsOwnAndRecentOnes() throws Exception {
    Path a = tmp.resolve("a");
    write(a, "Dockerfile", "FROM " + BASE + "\nRUN echo a > /a\nRUN echo a2 > /a2\n");
    BuildResult first = Images.build(request(a, store).tag("a:1").build());
    assertThat(snapshots()).containsExactlyInAnyOrderElementsOf(layerHexes(first));
    // a2's layer was used an hour ago, the one of /a two hours ago; the base layer as long ago.
    List<String> runs = first.layers().stream().skip(1).map(l -> hex(l.digest())).toList();
    age(runs.get(0), Duration.ofHours(2));
    age(runs.get(1), Duration.ofHours(1));
    age(hex(first.layers().get(0).digest()), Duration.ofHours(3));

    Path b = tmp.resolve("b");
    write(b, "Dockerfile", "FROM " + BASE + "\nRUN echo b > /b\n");
    BuildResult second = Images.build(request(b, store).tag("b:1").keepSnapshots(3).build());

    // b's two layers (used now) and a2's (the most recent of the rest) fill the three places.
    assertThat(snapshots()).containsExactlyInAnyOrderElementsOf(union(layerHexes(second), Set.of(runs.get(1))));

    Path c = tmp.resolve("c");
    write(c, "Dockerfile", "FROM " + BASE + "\nRUN echo c > /c\n");
    BuildResult third = Images.build(request(c, store).tag("c:1").keepSnapshots(0).build());

    // b's layer was used minutes ago, perhaps by a build still running: it stays.
    assertThat(snapshots()).containsExactlyInAnyOrderElementsOf(union(layerHexes(third), layerHexes(second)));
  }

  private void age(String hex, Duration by) {
    try {
      Files.setLastModifiedTime(store.resolve("snapshots/.used").resolve(hex), FileTime.from(Instant.now().minus(by)));
    } catch (IOException e) {
      throw new AssertionError("no use recorded for " + hex, e);
    }
  }

  private Set<String> snapshots() throws IOException {
    try (Stream<Path> dirs = Files.list(store.resolve("snapshots"))) {
      return dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).collect(Collectors.toSet());
    }
  }

  /** The hex digests of an image's manifest, config and layers. */
  private static Set<String> hexes(BuildResult result) {
    Set<String> out = new HashSet<>();
    out.add(hex(result.manifestDigest()));
    out.add(hex(result.configDigest()));
    result.layers().forEach(l -> out.add(hex(l.digest())));
    return out;
  }

  private static Set<String> layerHexes(BuildResult result) {
    return result.layers().stream().map(l -> hex(l.digest())).collect(Collectors.toCollection(HashSet::new));
  }

  private Set<String> hexesOf(String tag) throws IOException {
    Set<String> out = new HashSet<>();
    var image = TestContexts.read(store, tag);
    out.add(hex(image.digest()));
    out.add(hex(image.manifest().config().digest()));
    image.manifest().layers().forEach(l -> out.add(hex(l.digest())));
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  private Path blob(String hex) {
    return store.resolve("blobs/sha256").resolve(hex);
  }

  private static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }

  /** What a prune may free: blobs, unpacked layers and the layers' kept headers. */
  private long storeBytes() throws IOException {
    return bytes(store.resolve("blobs")) + bytes(store.resolve("snapshots")) + bytes(store.resolve("headers"));
  }

  /** The bytes of the regular files under {@code dir}, each hard-linked file once. */
  private static long bytes(Path dir) throws IOException {
    Set<Object> seen = new HashSet<>();
    long total = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile() && seen.add(a.fileKey())) {
          total += a.size();
        }
      }
    }
    return total;
  }
}
