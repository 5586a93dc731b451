package io.splice.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.LoadResponseItem;
import io.splice.runtime.RuntimeDriverException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Loads a docker-archive tar into the Engine ({@code docker load}) and names what it loaded. */
final class ImageArchive {
  private static final String LOADED_TAG = "Loaded image: ";
  private static final String LOADED_ID = "Loaded image ID: ";

  private ImageArchive() {}

  /** See {@link DockerDriver#load}: returns the one loaded image's id. */
  static String load(DockerClient api, DockerClient streams, String host, InputStream archive) throws RuntimeDriverException {
    Progress progress = new Progress();
    try {
      streams.loadImageAsyncCmd(archive).exec(progress).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeDriverException("loading an image archive was interrupted");
    } catch (RuntimeException e) {
      throw EngineCalls.translate(host, "cannot load the image archive", e);
    }
    if (!progress.errors.isEmpty()) {
      throw new RuntimeDriverException("cannot load the image archive: " + String.join("; ", progress.errors));
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String ref : progress.loaded) {
      ids.add(EngineCalls.run(host, "cannot look up loaded image " + ref, () -> api.inspectImageCmd(ref).exec().getId()));
    }
    if (ids.size() != 1) {
      throw new RuntimeDriverException("the image archive held " + ids.size() + " images" + (ids.isEmpty() ? "" : " " + ids)
          + " (expected: one)");
    }
    return ids.iterator().next();
  }

  /**
   * The Engine answers a load with lines such as {@code Loaded image: catalog:1} (one per tag) or
   * {@code Loaded image ID: sha256:…} (an archive without tags). The lists are read only after
   * the load completed, which orders them after the stream thread's writes.
   */
  private static final class Progress extends ResultCallback.Adapter<LoadResponseItem> {
    final List<String> loaded = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    @Override
    public void onNext(LoadResponseItem item) {
      if (item.isErrorIndicated()) {
        errors.add(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
      } else if (item.getStream() != null) {
        item.getStream().lines().forEach(line -> {
          if (line.startsWith(LOADED_ID)) {
            loaded.add(line.substring(LOADED_ID.length()).strip());
          } else if (line.startsWith(LOADED_TAG)) {
            loaded.add(line.substring(LOADED_TAG.length()).strip());
          }
        });
      }
    }
  }
}
