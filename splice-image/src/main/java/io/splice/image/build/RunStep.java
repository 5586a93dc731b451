package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Heredoc;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.layer.CacheKey;
import io.splice.image.layer.LayerEntry;
import io.splice.image.oci.Descriptor;
import io.splice.image.sandbox.LayerDirs;
import io.splice.image.sandbox.RootfsDir;
import io.splice.image.sandbox.RunSpec;
import io.splice.image.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code RUN}: runs the command in the sandbox over the stage's root filesystem and commits what
 * it changed as a layer. The shell form runs through the stage's {@code SHELL}; a lone heredoc
 * ({@code RUN <<EOF}) is the script, run by its {@code #!} line or by the shell; heredocs after a
 * command are handed to the shell with the command. {@code ARG} and {@code ENV} values are the
 * command's environment. The cache key is the parent chain, the command, its environment, user,
 * working directory and the build's time: the command's output is not known before it runs.
 */
final class RunStep {
  private static final Pattern LONE_HEREDOC = Pattern.compile("<<-?([\"']?)([A-Za-z0-9_.-]+)\\1");
  private static final Pattern NETWORK_TROUBLE = Pattern.compile(
      "(?i)resolv|name or service not known|network is unreachable|no route to host|bad address"
          + "|connection refused|connection timed out|failed to fetch|getaddrinfo|could not connect");
  private static final Pattern NETWORK_COMMAND = Pattern.compile(
      "\\b(apt-get|apt|apk|yum|dnf|pip3?|npm|yarn|curl|wget|git|go|mvn|gradle|gem|cargo)\\b");

  private RunStep() {}

  /** Returns whether the layer came from the cache. */
  static boolean run(BuildSession session, StageState state, Instruction.Run run) throws ImageFailure {
    checkFlags(session, run);
    Map<String, String> scripts = new TreeMap<>();
    List<String> argv = argv(state, run, scripts);
    List<String> env = new ArrayList<>();
    state.expansionEnv().forEach((k, v) -> env.add(k + "=" + v));
    RunSpec spec = new RunSpec(argv, env, "/" + LayerEntry.normalize(state.workdirOrRoot()), state.user, scripts);
    CacheKey key = new CacheKey()
        .add(state.chainKey)
        .add("RUN")
        .add(String.join("\0", argv))
        .add(String.join("\0", new TreeMap<>(state.expansionEnv()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
        .add(spec.user())
        .add(spec.cwd());
    scripts.forEach((name, content) -> key.add(name).add(content));
    key.add(Long.toString(session.epoch.getEpochSecond()));
    Path[] upper = new Path[1];
    boolean cached = CommitLayerStep.runKeyed(session, state, run, key.build(), () -> execute(session, state, run, spec, upper));
    if (!cached) {
      Descriptor layer = state.layers.get(state.layers.size() - 1);
      if (upper[0] != null) {
        try {
          session.layerDirs.adopt(layer.digest(), upper[0]);
        } catch (IOException e) {
          throw session.error(run, "cannot keep the layer's files: " + e.getMessage(), e);
        }
      } else {
        state.rootfs.assumeApplied(blob(session, layer));
      }
    }
    return cached;
  }

  /**
   * Runs the command over an overlay mount of the stage's unpacked layers; where overlayfs cannot
   * be used, over the stage's layers unpacked into one folder. {@code upper} receives the overlay's
   * upper directory, which becomes the new layer's directory.
   */
  private static List<LayerEntry> execute(BuildSession session, StageState state, Instruction.Run run, RunSpec spec,
      Path[] upper) throws ImageFailure, IOException {
    Sandbox sandbox = session.sandbox(run);
    if (session.overlay) {
      try {
        List<Path> layers = layerDirs(session, state);
        Sandbox.Outcome outcome;
        try {
          outcome = sandbox.runOverlay(layers, spec, Files.createTempDirectory(session.scratch, "run"), session::output);
        } catch (ImageFailure e) {
          throw session.error(run, e.getMessage());
        }
        if (outcome.exitCode() != 0) {
          throw session.error(run, failure(spec, outcome));
        }
        upper[0] = outcome.upper();
        return outcome.changes();
      } catch (LayerDirs.Unsupported | Sandbox.OverlayUnavailable e) {
        session.overlay = false;
        session.warn(session.dockerfile.name() + ":" + run.lines().first() + ": RUN: overlayfs cannot be used here ("
            + e.getMessage() + "); RUN unpacks each stage's root file system instead, which is slower");
      }
    }
    if (state.rootfs == null) {
      state.rootfs = RootfsDir.create(Files.createTempDirectory(session.scratch, "rootfs"));
    }
    List<Path> layers = new ArrayList<>();
    for (Descriptor layer : state.layers) {
      layers.add(blob(session, layer));
    }
    state.rootfs.catchUp(layers);
    Sandbox.Outcome outcome;
    try {
      outcome = sandbox.run(state.rootfs, spec, Files.createTempDirectory(session.scratch, "run"), session::output);
    } catch (ImageFailure e) {
      throw session.error(run, e.getMessage());
    }
    if (outcome.exitCode() != 0) {
      throw session.error(run, failure(spec, outcome));
    }
    return outcome.changes();
  }

  private static String failure(RunSpec spec, Sandbox.Outcome outcome) {
    StringBuilder message = new StringBuilder("the command ")
        .append(spec.argv())
        .append(" exited with code ")
        .append(outcome.exitCode());
    if (outcome.lastLines().isEmpty()) {
      message.append(" and printed nothing");
    } else {
      message.append("; its last lines:");
      outcome.lastLines().forEach(line -> message.append("\n  ").append(line));
    }
    String all = String.join("\n", outcome.lastLines());
    if (NETWORK_TROUBLE.matcher(all).find() || NETWORK_COMMAND.matcher(String.join(" ", spec.argv())).find()) {
      message.append("\nnote: RUN has no network (its sandbox has only a loopback interface); put what the"
          + " command downloads into the build context or the base image");
    }
    return message.toString();
  }

  private static List<String> argv(StageState state, Instruction.Run run, Map<String, String> scripts) {
    List<String> args = run.command().args();
    if (run.command().execForm()) {
      return args;
    }
    String text = args.get(0);
    List<String> argv = new ArrayList<>(state.shellOrDefault());
    List<Heredoc> heredocs = run.heredocs();
    if (heredocs.isEmpty()) {
      argv.add(text);
      return argv;
    }
    Heredoc first = heredocs.get(0);
    if (heredocs.size() == 1 && LONE_HEREDOC.matcher(text.strip()).matches()) {
      if (first.content().startsWith("#!")) {
        scripts.put(first.name(), first.content());
        return List.of(RunSpec.SCRIPT_DIR + "/" + first.name());
      }
      argv.add(first.content());
      return argv;
    }
    StringBuilder script = new StringBuilder(text).append('\n');
    for (Heredoc h : heredocs) {
      script.append(h.content()).append(h.name()).append('\n');
    }
    argv.add(script.toString());
    return argv;
  }

  private static void checkFlags(BuildSession session, Instruction.Run run) throws ImageFailure {
    String network = run.flags().get("network");
    if (network != null && !network.equals("none") && !network.equals("default")) {
      throw session.error(run, "--network=" + network + " is not supported: RUN has no network here"
          + " (expected: --network=none or default)");
    }
    if (run.flags().containsKey("mount")) {
      throw session.error(run, "--mount is not supported yet (put the files in the build context and COPY them)");
    }
    String security = run.flags().get("security");
    if (security != null && !security.equals("sandbox")) {
      throw session.error(run, "--security=" + security + " is not supported (expected: sandbox)");
    }
  }

  /** The stage's layers as overlayfs lower directories, the top layer first; unpacked where needed. */
  private static List<Path> layerDirs(BuildSession session, StageState state) throws IOException {
    List<Path> topFirst = new ArrayList<>();
    for (Descriptor layer : state.layers) {
      topFirst.add(0, session.layerDirs.ensure(layer.digest(), blob(session, layer), topFirst));
    }
    return topFirst;
  }

  private static Path blob(BuildSession session, Descriptor layer) {
    return session.store.layout().blobs().path(layer.digest());
  }
}
