package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code splice images prune} through the real jar, on a real store. */
class ImagesPruneIT {
  private static final Pattern FREED = Pattern.compile("Freed (\\d+) bytes");

  @TempDir Path dir;

  @Test
  void prune_afterARebuild_freesTheOldLayer_andTheImageStillBuildsFromCache() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY data.txt /data.txt\n");
    Files.writeString(context.resolve("data.txt"), "x".repeat(50_000));
    Splice splice = new Splice(dir.resolve("state"), Map.of());
    assertThat(splice.run("build", context.toString(), "-t", "demo:1").exit()).isZero();
    Files.writeString(context.resolve("data.txt"), "y".repeat(50_000));
    assertThat(splice.run("build", context.toString(), "-t", "demo:1").exit()).isZero();
    Path blobs = dir.resolve("state/images/blobs/sha256");
    Path headers = dir.resolve("state/images/headers"); // each layer's tar headers, kept
    long before = size(blobs) + size(headers);

    Splice.Result prune = splice.run("images", "prune");
    Splice.Result again = splice.run("images", "prune");
    Splice.Result rebuild = splice.run("build", context.toString(), "-t", "demo:1");

    assertThat(prune.exit()).as(prune.all()).isZero();
    assertThat(prune.out()).contains("Deleted 3 blobs"); // the old layer, config and manifest
    assertThat(freed(prune.out())).isEqualTo(before - size(blobs) - size(headers)).isPositive();
    assertThat(freed(again.out())).isZero();
    assertThat(rebuild.out()).contains("Built 1 layers (1 from cache)");
    assertThat(splice.run("images").out()).contains("demo:1");
  }

  @Test
  void prune_help_saysWhatItDeletes() throws Exception {
    Splice.Result help = new Splice(dir.resolve("state"), Map.of()).run("images", "prune", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("what no tagged image needs", "64 most recently used");
  }

  private static long freed(String out) {
    Matcher m = FREED.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static long size(Path dir) throws Exception {
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        total += Files.size(f);
      }
    }
    return total;
  }
}
