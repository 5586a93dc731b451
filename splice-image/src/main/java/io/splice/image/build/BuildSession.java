package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.DockerIgnore;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.WordExpander;
import io.splice.image.layer.FileDigests;
import io.splice.image.layer.LayerCache;
import io.splice.image.layer.LayerHeaders;
import io.splice.image.layer.RootFs;
import io.splice.image.oci.Descriptor;
import io.splice.image.registry.RegistryAccess;
import io.splice.image.sandbox.LayerDirs;
import io.splice.image.sandbox.Sandbox;
import io.splice.image.store.LocalImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every step of one build shares: the request, the parsed file, the store and progress. */
final class BuildSession {
  final BuildSpec request;
  final Dockerfile dockerfile;
  final LocalImageStore store;
  final LayerCache cache;
  final Path scratch;
  final Instant epoch;
  final WordExpander expander;
  final DockerIgnore ignore;
  final Map<String, String> globalArgs;
  final Set<String> usedBuildArgs = new HashSet<>();
  final List<String> warnings = new ArrayList<>();
  final Map<Integer, StageState> built = new HashMap<>();
  /** Images that FROM and COPY --from named, by the name as written. */
  final Map<String, ImageSource.Resolved> images = new HashMap<>();
  /** The file systems of those images, by manifest digest. */
  final Map<String, RootFs> imageFileSystems = new HashMap<>();
  /** The build context, absolute. */
  final Path contextRoot;
  /** The digests of context files, remembered between builds. */
  final FileDigests fileDigests;
  /** The layers unpacked for RUN, kept in the store between builds. */
  final LayerDirs layerDirs;
  /** The tar headers of layers, kept in the store between builds. */
  final LayerHeaders layerHeaders;
  /** Whether RUN mounts the layers with overlayfs; false once that failed in this build. */
  boolean overlay = Sandbox.overlayAvailable();
  /** How registries are reached: the request's settings and credentials, and Docker's logins. */
  final RegistryAccess registry;
  final int steps;
  private int step;
  private Sandbox sandbox;
  private String currentStage = "";

  BuildSession(
      BuildSpec request,
      Dockerfile dockerfile,
      LocalImageStore store,
      Path scratch,
      Instant epoch,
      DockerIgnore ignore,
      Map<String, String> globalArgs,
      int steps,
      RegistryAccess registry) {
    this.request = request;
    this.dockerfile = dockerfile;
    this.store = store;
    this.cache = new LayerCache(store.cacheDir(), d -> store.layout().blobs().has(d));
    this.scratch = scratch;
    this.epoch = epoch;
    this.expander = new WordExpander(dockerfile.escape());
    this.ignore = ignore;
    this.globalArgs = globalArgs;
    this.steps = steps;
    this.registry = registry;
    this.layerDirs = new LayerDirs(store.snapshotsDir());
    this.layerHeaders = new LayerHeaders(store.headersDir());
    this.contextRoot = request.contextDir().toAbsolutePath().normalize();
    this.fileDigests = FileDigests.load(store.cacheDir().resolve("context-digests"));
  }

  /** Puts a layer of the store on top of {@code fs}, from its kept headers when it was read before. */
  void applyLayer(RootFs fs, String digest) throws IOException {
    Path blob = store.layout().blobs().path(digest);
    fs.applyLayer(blob, layerHeaders.of(blob));
  }

  /** Starts unpacking a stage's layers in the background, for a RUN to come. */
  void prefetch(StageState state) {
    if (!overlay) {
      return;
    }
    List<LayerDirs.Layer> layers = new ArrayList<>();
    for (Descriptor layer : state.layers) {
      layers.add(new LayerDirs.Layer(layer.digest(), store.layout().blobs().path(layer.digest())));
    }
    layerDirs.prefetch(layers);
  }

  void startStep(String stage, Instruction instruction) {
    step++;
    currentStage = stage;
    emit(StepProgress.Kind.STARTED, instruction.text());
  }

  void endStep(Instruction instruction, boolean cached) {
    emit(cached ? StepProgress.Kind.CACHED : StepProgress.Kind.DONE, instruction.text());
  }

  void warn(String warning) {
    warnings.add(warning);
    request.progress().accept(new StepProgress(StepProgress.Kind.WARNING, 0, steps, currentStage, warning));
  }

  /** A line the current step's command printed. */
  void output(String line) {
    emit(StepProgress.Kind.OUTPUT, line);
  }

  /** The sandbox for RUN, found on first use; the failure says what is missing. */
  Sandbox sandbox(Instruction instruction) throws ImageFailure {
    if (sandbox == null) {
      try {
        sandbox = Sandbox.locate();
      } catch (ImageFailure e) {
        throw error(instruction, e.getMessage());
      }
    }
    return sandbox;
  }

  private void emit(StepProgress.Kind kind, String text) {
    request.progress().accept(new StepProgress(kind, step, steps, currentStage, text));
  }

  /** An error at an instruction: {@code Dockerfile:7: COPY: message}. */
  ImageFailure error(Instruction instruction, String message) {
    return ImageFailure.at(dockerfile.name(), instruction.lines().first(), instruction.keyword(), message);
  }

  ImageFailure error(Instruction instruction, String message, Throwable cause) {
    return ImageFailure.at(dockerfile.name(), instruction.lines().first(), instruction.keyword(), message, cause);
  }

  /** One word with the stage's variables substituted; errors name the instruction. */
  String expand(Instruction instruction, String word, Map<String, String> env) throws ImageFailure {
    try {
      return expander.expand(word, env);
    } catch (IllegalArgumentException e) {
      throw error(instruction, e.getMessage());
    }
  }

  List<String> expandWords(Instruction instruction, String text, Map<String, String> env) throws ImageFailure {
    try {
      return expander.expandWords(text, env);
    } catch (IllegalArgumentException e) {
      throw error(instruction, e.getMessage());
    }
  }
}
