package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.DockerIgnore;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.DockerfileParser;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import io.splice.image.registry.DockerConfig;
import io.splice.image.registry.ImageReference;
import io.splice.image.registry.Registries;
import io.splice.image.registry.RegistryAccess;
import io.splice.image.store.ImageName;
import io.splice.image.store.LocalImageStore;
import io.splice.image.store.StoreLock;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The build recipe: parse the Dockerfile, work out the stages the target needs, build each stage
 * step by step, write the image into the store and export it.
 */
public final class BuildRunner {
  /** The environment variable that fixes every time in the image, in seconds since 1970. */
  public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

  private static final Set<String> PREDEFINED_ARGS = Set.of(
      "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
      "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", SOURCE_DATE_EPOCH);

  private BuildRunner() {}

  public static BuildOutput run(BuildSpec request) throws ImageFailure {
    Dockerfile dockerfile = DockerfileParser.parse(request.dockerfile());
    List<ImageName> names = new ArrayList<>();
    for (String tag : request.tags()) {
      try {
        names.add(ImageName.parse(tag));
      } catch (IllegalArgumentException e) {
        throw new ImageFailure(e.getMessage());
      }
    }
    ImageReference push = null;
    if (request.push() != null) {
      try {
        push = ImageReference.parse(request.push());
      } catch (IllegalArgumentException e) {
        throw new ImageFailure("push: " + e.getMessage());
      }
    }
    Stage target = target(dockerfile, request.target());
    Map<String, String> globalArgs = GlobalArgs.resolve(dockerfile, request.buildArgs());
    List<Stage> stages = StagePlan.stagesFor(dockerfile, target, globalArgs);
    int steps = stages.stream().mapToInt(s -> 1 + s.instructions().size()).sum();
    Instant epoch = epoch(request);
    Path scratch = null;
    BuildSession session = null;
    StoreLock lock = null;
    try {
      lock = StoreLock.shared(request.storeDir());
      LocalImageStore store = LocalImageStore.open(request.storeDir());
      Path tmp = Files.createDirectories(request.storeDir().resolve("tmp"));
      scratch = Files.createTempDirectory(tmp, "build");
      String configWarning = null;
      RegistryAccess registry = request.registry();
      if (request.dockerConfig() != null) {
        try {
          registry = registry.withDockerConfig(DockerConfig.load(request.dockerConfig()));
        } catch (IOException e) {
          configWarning = "cannot read the registry logins in " + request.dockerConfig() + ": " + e.getMessage()
              + "; they are not used";
        }
      }
      session = new BuildSession(request, dockerfile, store, scratch, epoch,
          DockerIgnore.load(request.contextDir()), globalArgs, steps, registry);
      if (configWarning != null) {
        session.warn(configWarning);
      }
      session.usedBuildArgs.addAll(GlobalArgs.used(dockerfile, request.buildArgs()));
      dockerfile.warnings().forEach(session::warn);
      StageState last = null;
      for (Stage stage : stages) {
        last = buildStage(session, stage);
        session.built.put(stage.index(), last);
      }
      for (String arg : request.buildArgs().keySet()) {
        if (!session.usedBuildArgs.contains(arg) && !PREDEFINED_ARGS.contains(arg)) {
          session.warn("build arg " + arg + " was not consumed by any ARG of the built stages");
        }
      }
      session.fileDigests.save();
      StoredImage image = WriteImageStep.run(session, last);
      ExportStep.run(session, image, names);
      if (push != null) {
        Registries.push(store.layout(), image, push, session.registry);
      }
      return new BuildOutput(
          image.digest(),
          image.manifest().config().digest(),
          last.layerResults,
          image.size(),
          names.stream().map(ImageName::toString).toList(),
          session.warnings,
          image.config().config());
    } catch (IOException e) {
      throw new ImageFailure("build failed: " + e.getMessage(), e);
    } finally {
      if (session != null) {
        session.layerDirs.close();
        trimSnapshots(session);
      }
      deleteQuietly(scratch);
      unlock(lock);
    }
  }

  /** Keeps the unpacked layers to the most recently used, so that the store does not grow without bound. */
  private static void trimSnapshots(BuildSession session) {
    try {
      session.layerDirs.trim(session.request.keepSnapshots());
    } catch (IOException e) {
      // the next build trims again; a concurrent one may be deleting the same folders
    }
  }

  private static void unlock(StoreLock lock) {
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        // closing the lock file releases the lock even when close reports an error
      }
    }
  }

  private static StageState buildStage(BuildSession session, Stage stage) throws ImageFailure {
    String name = stage.displayName();
    session.startStep(name, stage.from());
    StageState state = FromStep.run(session, stage);
    session.endStep(stage.from(), false);
    int lastRun = lastRun(stage);
    if (lastRun >= 0) {
      session.prefetch(state);
    }
    int index = 0;
    for (Instruction instruction : stage.instructions()) {
      int layersBefore = state.layers.size();
      session.startStep(name, instruction);
      boolean cached = false;
      if (instruction instanceof Instruction.Run) {
        cached = RunStep.run(session, state, (Instruction.Run) instruction);
      } else if (instruction instanceof Instruction.Copy || instruction instanceof Instruction.Add) {
        cached = copy(session, state, instruction);
      } else if (instruction instanceof Instruction.Workdir) {
        cached = WorkdirStep.run(session, state, (Instruction.Workdir) instruction);
      } else {
        ConfigStep.run(session, state, instruction);
      }
      session.endStep(instruction, cached);
      if (index < lastRun && !(instruction instanceof Instruction.Run) && state.layers.size() > layersBefore) {
        session.prefetch(state);
      }
      index++;
    }
    return state;
  }

  /** COPY and ADD; a COPY --from whose source is unchanged is found in the cache without reading the source. */
  private static boolean copy(BuildSession session, StageState state, Instruction instruction) throws ImageFailure {
    String linkKey = instruction instanceof Instruction.Copy copy ? CopyFromKey.of(session, state, copy) : null;
    if (linkKey == null) {
      return CommitLayerStep.run(session, state, instruction, CopyStep.entries(session, state, instruction));
    }
    return CommitLayerStep.runLinked(session, state, instruction, linkKey, () -> CopyStep.entries(session, state, instruction));
  }

  /** The index of the stage's last RUN, or -1. */
  static int lastRun(Stage stage) {
    int last = -1;
    for (int i = 0; i < stage.instructions().size(); i++) {
      if (stage.instructions().get(i) instanceof Instruction.Run) {
        last = i;
      }
    }
    return last;
  }

  private static Stage target(Dockerfile dockerfile, String target) throws ImageFailure {
    if (target == null) {
      return dockerfile.lastStage();
    }
    return dockerfile.stage(target).filter(s -> target.equalsIgnoreCase(s.name())).orElseThrow(() ->
        new ImageFailure("target stage " + target + " not found in " + dockerfile.name() + " (stages: "
            + String.join(", ", dockerfile.stages().stream().map(Stage::displayName).toList()) + ")"));
  }

  private static Instant epoch(BuildSpec request) throws ImageFailure {
    if (request.sourceDateEpoch() != null) {
      return request.sourceDateEpoch();
    }
    String text = request.buildArgs().get(SOURCE_DATE_EPOCH);
    if (text == null) {
      text = System.getenv(SOURCE_DATE_EPOCH);
    }
    if (text == null || text.isBlank()) {
      return Instant.EPOCH;
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Instant.ofEpochSecond(seconds);
    } catch (NumberFormatException e) {
      throw new ImageFailure(SOURCE_DATE_EPOCH + ": " + text + " (expected: seconds since 1970, >= 0)");
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover scratch directory is harmless; the next build uses a new one
    }
  }
}
