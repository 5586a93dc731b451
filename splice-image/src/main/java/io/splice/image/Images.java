package io.splice.image;

import io.splice.image.build.BuildOutput;
import io.splice.image.build.BuildRunner;
import io.splice.image.build.BuildSpec;
import io.splice.image.build.StepProgress;
import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.DockerfileParser;
import io.splice.image.layer.Compression;
import io.splice.image.lint.DockerfileJson;
import io.splice.image.lint.Finding;
import io.splice.image.lint.Linter;
import io.splice.image.registry.DockerConfig;
import io.splice.image.registry.RegistryAccess;
import io.splice.image.store.ImageName;
import io.splice.image.store.LocalImageStore;
import io.splice.image.store.StorePrune;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The image engine's entry points. They translate between the public types of this package and
 * the internal packages, which never see this package.
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
    try {
      return result(BuildRunner.run(spec(request)));
    } catch (ImageFailure e) {
      throw translate(e);
    }
  }

  /**
   * Parses and lints a Dockerfile without building it. The result's {@code json} has the shape
   *
   * <pre>{@code
   * {"file": "Dockerfile",
   *  "globalArgs": [ ...instructions before the first FROM... ],
   *  "stages": [{"name": "build", "index": 0, "instructions": [
   *     {"line": 3, "endLine": 4, "name": "RUN", "flags": {}, "arguments": ["make"], "form": "shell"}]}],
   *  "findings": [{"line": 9, "rule": "runs-as-root", "message": "..."}]}
   * }</pre>
   *
   * @throws ImageException when the file cannot be read or parsed; the message names file:line
   */
  public static CheckResult check(Path dockerfile) throws ImageException {
    try {
      return checkResult(DockerfileParser.parse(dockerfile));
    } catch (ImageFailure e) {
      throw translate(e);
    }
  }

  /** Like {@link #check(Path)}, for a Dockerfile's text; {@code name} is how findings name the file. */
  public static CheckResult check(String name, String text) throws ImageException {
    try {
      return checkResult(DockerfileParser.parse(name, text));
    } catch (ImageFailure e) {
      throw translate(e);
    }
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

  /**
   * Deletes from the local store what no tagged image needs: the blobs of earlier builds and of
   * build stages, layers unpacked for {@code RUN}, and what builds that died left behind. Later
   * builds of those layers build them again.
   *
   * @throws ImageException when a build is using the store (nothing is deleted then), or the
   *     store cannot be read
   */
  public static PruneResult prune(Path storeDir) throws ImageException {
    try {
      StorePrune.Report r = StorePrune.run(storeDir);
      return new PruneResult(r.blobs(), r.blobBytes(), r.snapshots(), r.snapshotBytes(), r.otherBytes());
    } catch (StorePrune.Busy e) {
      throw new ImageException(e.getMessage());
    } catch (IOException e) {
      throw new ImageException("cannot prune the image store: " + e.getMessage(), e);
    }
  }

  /**
   * The health check, exposed ports and stop signal of an image in the local store, for a service
   * that runs it.
   *
   * @param image the name as {@code splice build -t} gave it ({@code NAME[:TAG]}, {@code latest}
   *     when no tag is given), or a registry image a build pulled ({@code HOST[:PORT]/NAME[:TAG]})
   * @throws ImageException when the store has no such image or cannot be read
   */
  public static ServiceDefaults serviceDefaults(Path storeDir, String image) throws ImageException {
    ImageName name;
    try {
      name = ImageName.parse(image);
    } catch (IllegalArgumentException e) {
      throw new ImageException(e.getMessage());
    }
    try {
      StoredImage stored = LocalImageStore.open(storeDir).find(name).orElseThrow(() ->
          new ImageException("image " + name + " is not in the local store " + storeDir + " (build it first)"));
      return ServiceDefaults.of(stored.config().config());
    } catch (IOException e) {
      throw new ImageException("cannot read the image store: " + e.getMessage(), e);
    }
  }

  private static BuildSpec spec(BuildRequest r) {
    Consumer<BuildEvent> listener = r.progress();
    return new BuildSpec(
        r.contextDir(),
        r.dockerfile(),
        r.tags(),
        r.target(),
        r.buildArgs(),
        r.noCache(),
        r.ociLayout(),
        r.dockerArchive(),
        r.storeDir(),
        r.sourceDateEpoch(),
        registryAccess(r),
        r.push(),
        r.compression() == LayerCompression.ZSTD ? Compression.ZSTD : Compression.GZIP,
        r.dockerConfig() != null
            ? r.dockerConfig().resolve("config.json")
            : DockerConfig.defaultFile(System.getenv(), System.getProperty("user.home")),
        r.keepSnapshots(),
        p -> listener.accept(new BuildEvent(kind(p.kind()), p.step(), p.steps(), p.stage(), p.text())));
  }

  private static RegistryAccess registryAccess(BuildRequest r) {
    Map<String, RegistryAccess.Credentials> credentials = new LinkedHashMap<>();
    r.logins().forEach((registry, login) ->
        credentials.put(registry, new RegistryAccess.Credentials(login.username(), login.password())));
    return new RegistryAccess(r.insecureRegistries(), credentials);
  }

  private static BuildEvent.Kind kind(StepProgress.Kind kind) {
    switch (kind) {
      case STARTED:
        return BuildEvent.Kind.STEP_STARTED;
      case CACHED:
        return BuildEvent.Kind.STEP_CACHED;
      case DONE:
        return BuildEvent.Kind.STEP_DONE;
      case OUTPUT:
        return BuildEvent.Kind.OUTPUT;
      default:
        return BuildEvent.Kind.WARNING;
    }
  }

  private static BuildResult result(BuildOutput out) {
    List<LayerResult> layers = out.layers().stream()
        .map(l -> new LayerResult(l.digest(), l.diffId(), l.size(), l.cached(), l.createdBy()))
        .toList();
    return new BuildResult(out.manifestDigest(), out.configDigest(), layers, out.size(), out.tags(), out.warnings(),
        ServiceDefaults.of(out.config()));
  }

  private static CheckResult checkResult(Dockerfile file) {
    List<Finding> findings = Linter.lint(file);
    List<CheckFinding> out = findings.stream()
        .map(f -> new CheckFinding(f.line(), f.rule(), f.message()))
        .toList();
    return new CheckResult(file.name(), file.stages().size(), out, DockerfileJson.write(file, findings));
  }

  private static ImageException translate(ImageFailure failure) {
    return failure.getCause() == null
        ? new ImageException(failure.getMessage())
        : new ImageException(failure.getMessage(), failure.getCause());
  }
}
