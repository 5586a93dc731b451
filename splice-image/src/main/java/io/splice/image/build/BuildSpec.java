package io.splice.image.build;

import io.splice.image.layer.Compression;
import io.splice.image.registry.RegistryAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What one build is asked to do, already checked by the façade's request builder.
 *
 * @param dockerfile the Dockerfile to read
 * @param target the stage to build, or null for the last one
 * @param ociLayout the OCI image layout directory to write, or null
 * @param dockerArchive the docker-archive tar to write, or null
 * @param storeDir the local image store, which also holds the layer cache
 * @param sourceDateEpoch the time of every file and of the config, or null for {@code
 *     SOURCE_DATE_EPOCH} or 0
 * @param registry how to reach registries, for {@code FROM} and the push
 * @param push the reference ({@code HOST[:PORT]/NAME[:TAG]}) to push the image to, or null
 * @param compression how new layers are compressed
 * @param dockerConfig Docker's client config file, whose logins are used for registries that
 *     {@code registry} has no credentials for; null for none
 * @param keepSnapshots how many unpacked layers the store keeps after the build (the most
 *     recently used)
 */
public record BuildSpec(
    Path contextDir,
    Path dockerfile,
    List<String> tags,
    String target,
    Map<String, String> buildArgs,
    boolean noCache,
    Path ociLayout,
    Path dockerArchive,
    Path storeDir,
    Instant sourceDateEpoch,
    RegistryAccess registry,
    String push,
    Compression compression,
    Path dockerConfig,
    int keepSnapshots,
    Consumer<StepProgress> progress) {
  public BuildSpec {
    Objects.requireNonNull(contextDir, "contextDir");
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(storeDir, "storeDir");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(progress, "progress");
    if (keepSnapshots < 0) {
      throw new IllegalArgumentException("keepSnapshots: " + keepSnapshots + " (expected: >= 0)");
    }
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
  }
}
