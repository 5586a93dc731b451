package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.image.oci.Descriptor;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached {@code COPY --from} does not read its source: the source's layers may even be gone. */
class CopyFromCacheTest {
  private static final String APP = String.join("\n",
      "FROM scratch AS build",
      "COPY gen/ /out/",
      "FROM scratch",
      "COPY --from=src:1 /data/a.txt /copied/a.txt",
      "COPY --from=build /out/ /app/",
      "");

  @TempDir Path tmp;

  @Test
  void rebuild_copyFromImageWithoutItsLayerBlobs_hitsTheCacheAndGivesTheSameImage() throws Exception {
    Path store = tmp.resolve("store");
    Path src = tmp.resolve("src");
    write(src, "data/a.txt", "from the image\n");
    write(src, "Dockerfile", "FROM scratch\nCOPY data/ /data/\n");
    Images.build(request(src, store).tag("src:1").build());
    Path app = tmp.resolve("app");
    write(app, "gen/b.txt", "from the stage\n");
    write(app, "Dockerfile", APP);
    BuildResult first = Images.build(request(app, store).tag("app:1").build());

    // Without its layers the source image cannot be read, let alone extracted.
    int deleted = deleteLayerBlobs(store, "src:1");
    BuildResult second = Images.build(request(app, store).tag("app:1").build());

    assertThat(deleted).isEqualTo(1);
    assertThat(first.layers()).extracting(LayerResult::cached).containsExactly(false, false);
    assertThat(second.layers()).extracting(LayerResult::cached).containsExactly(true, true);
    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
  }

  @Test
  void rebuild_changedSource_copiesTheNewContent_andLaterLayersFollow() throws Exception {
    Path store = tmp.resolve("store");
    Path src = tmp.resolve("src");
    write(src, "data/a.txt", "one\n");
    write(src, "Dockerfile", "FROM scratch\nCOPY data/ /data/\n");
    Images.build(request(src, store).tag("src:1").build());
    Path app = tmp.resolve("app");
    write(app, "gen/b.txt", "stage\n");
    write(app, "Dockerfile", APP);
    Images.build(request(app, store).tag("app:1").build());

    write(src, "data/a.txt", "two\n");
    Images.build(request(src, store).tag("src:1").build());
    Path oci = tmp.resolve("oci");
    BuildResult second = Images.build(request(app, store).tag("app:1").ociLayout(oci).build());

    assertThat(second.layers()).extracting(LayerResult::cached).containsExactly(false, false);
    assertThat(TestContexts.fileContent(oci, "1", "copied/a.txt")).isEqualTo("two\n");
    assertThat(TestContexts.fileContent(oci, "1", "app/b.txt")).isEqualTo("stage\n");
  }

  @Test
  void rebuild_sourceChangedBackToTheSameFiles_hitsThroughTheContentKey() throws Exception {
    Path store = tmp.resolve("store");
    Path src = tmp.resolve("src");
    write(src, "data/a.txt", "same\n");
    write(src, "data/other.txt", "one\n");
    write(src, "Dockerfile", "FROM scratch\nCOPY data/ /data/\n");
    Images.build(request(src, store).tag("src:1").build());
    Path app = tmp.resolve("app");
    write(app, "gen/b.txt", "stage\n");
    write(app, "Dockerfile", APP);
    BuildResult first = Images.build(request(app, store).tag("app:1").build());

    write(src, "data/other.txt", "two\n"); // a file the COPY does not take
    Images.build(request(src, store).tag("src:1").build());
    BuildResult second = Images.build(request(app, store).tag("app:1").build());

    assertThat(second.layers()).extracting(LayerResult::cached).containsExactly(true, true);
    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
  }

  private static int deleteLayerBlobs(Path store, String tag) throws Exception {
    OciLayout layout = OciLayout.open(store);
    StoredImage image = layout.read(layout.find(tag).orElseThrow());
    int deleted = 0;
    for (Descriptor layer : image.manifest().layers()) {
      if (Files.deleteIfExists(layout.blobs().path(layer.digest()))) {
        deleted++;
      }
    }
    return deleted;
  }
}
