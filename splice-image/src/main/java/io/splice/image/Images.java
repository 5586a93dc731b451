package io.splice.image;

import io.splice.image.build.BuildRunner;
import io.splice.image.store.LocalImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The image engine's entry points.
 *
 * <pre>{@code
 * BuildResult result = Images.build(
 *     BuildRequest.builder(Path.of("catalog")).tag("catalog:1").storeDir(stateDir.resolve("images")).build());
 * System.out.println(result.manifestDigest());
 * }</pre>
 */
public final class Images {
  private Images() {}

  /** Builds an image from a Dockerfile without a daemon. */
  public static BuildResult build(BuildRequest request) throws ImageException {
    return BuildRunner.run(request);
  }

  /** The images of the local store in {@code storeDir}, sorted by name. */
  public static List<StoredImageSummary> list(Path storeDir) throws ImageException {
    try {
      return LocalImageStore.open(storeDir).list().stream()
          .map(e -> new StoredImageSummary(e.name(), e.digest(), e.size()))
          .toList();
    } catch (IOException e) {
      throw new ImageException("cannot read the image store: " + e.getMessage(), e);
    }
  }
}
