package io.splice.image.sandbox;

import io.splice.image.core.ImageFailure;
import io.splice.image.layer.LayerEntry;
import io.splice.image.oci.OciJson;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@code RUN} command with {@code runc} over a root filesystem directory and returns what
 * it changed as layer entries. The command gets its own pid, mount, ipc, uts and network
 * namespaces: it sees only a loopback interface, so it has no network.
 *
 * <pre>{@code
 * Sandbox sandbox = Sandbox.locate();
 * Sandbox.Outcome out = sandbox.run(root, new RunSpec(List.of("/bin/sh", "-c", "echo hi > /x"),
 *     List.of(), "/", null, Map.of()), scratch, line -> {});
 * // out.exitCode() == 0, out.changes() holds the entry "x"
 * }</pre>
 *
 * <p>The runtime is {@code runc} from the {@code PATH}, or the program named by the system
 * property {@value #RUNTIME_PROPERTY}. It runs as root (no rootless mode).
 */
public final class Sandbox {
  /** The system property that names the runtime program, overriding the {@code PATH} search. */
  public static final String RUNTIME_PROPERTY = "splice.runc";
  /** The system property that turns the overlay mount for RUN off ({@code false}). */
  public static final String OVERLAY_PROPERTY = "splice.overlay";
  /** How many of the command's last output lines an outcome keeps. */
  public static final int TAIL_LINES = 20;

  private static final long STOP_SECONDS = 10;
  /** How runc reports that it could not mount the overlay (then nothing ran). */
  private static final String OVERLAY_MOUNT_ERROR = "error mounting \"overlay\" to rootfs";
  /** The kernel reads mount options from one page; a little is kept free. */
  private static final int MAX_OPTIONS = 4000;

  private final String runtime;

  private Sandbox(String runtime) {
    this.runtime = runtime;
  }

  /**
   * What a command did.
   *
   * @param upper for {@link #runOverlay}, the upper directory, which the changes' files are in
   *     and which can become the layer's directory ({@link LayerDirs#adopt}); else null
   */
  public record Outcome(int exitCode, List<String> lastLines, List<LayerEntry> changes, Path upper) {
    public Outcome(int exitCode, List<String> lastLines, List<LayerEntry> changes) {
      this(exitCode, lastLines, changes, null);
    }
  }

  /** The sandbox, or a failure that says what is missing and how to get it. */
  public static Sandbox locate() throws ImageFailure {
    String configured = System.getProperty(RUNTIME_PROPERTY);
    Path runtime = configured != null ? Path.of(configured) : onPath("runc");
    if (runtime == null || !Files.isExecutable(runtime)) {
      throw new ImageFailure("running a command needs the runc container runtime (its sandbox), and "
          + (configured != null ? configured + " is not an executable file" : "runc is not on the PATH")
          + " (install it, for example with apt-get install runc, or build without RUN)");
    }
    int uid = currentUid();
    if (uid != 0) {
      throw new ImageFailure("running a command needs root (its sandbox is runc without rootless mode),"
          + " and this process runs as uid " + uid);
    }
    return new Sandbox(runtime.toString());
  }

  /**
   * Runs {@code spec} over {@code root}, which the command changes in place.
   *
   * @param work a directory for the bundle and the runtime's state, which this call empties
   * @param output receives each line the command prints
   * @return the exit code, the last output lines and, when the command succeeded, the changes
   */
  public Outcome run(RootfsDir root, RunSpec spec, Path work, Consumer<String> output)
      throws IOException, ImageFailure {
    UserResolver.Identity who = identity(spec, root::find);
    Path bundle = bundle(root.dir(), spec, who, work);
    Path state = Files.createDirectories(work.resolve("state"));
    FsSnapshot before = FsSnapshot.take(root.dir());
    Path cwd = root.resolveParent(spec.cwd());
    if (!Files.exists(cwd)) {
      Files.createDirectories(cwd);
    }
    String id = "splice-" + UUID.randomUUID();
    ArrayDeque<String> tail = new ArrayDeque<>();
    Path log = work.resolve("runtime.log");
    int exit = execute(runtimeCommand(state, log, bundle, id), null, state, id, tail, output);
    String runtimeError = runtimeError(log);
    if (runtimeError != null) {
      throw new ImageFailure("the sandbox could not run the command: " + runtimeError);
    }
    if (exit != 0) {
      return new Outcome(exit, List.copyOf(tail), List.of());
    }
    FsSnapshot after = FsSnapshot.take(root.dir());
    return new Outcome(0, List.copyOf(tail), FsDiff.between(before, after, Set.copyOf(BundleConfig.MOUNT_POINTS)));
  }

  /**
   * Whether {@link #runOverlay} can be tried: this process runs as root, overlayfs is known to the
   * kernel, and the system property {@value #OVERLAY_PROPERTY} is not {@code false}.
   */
  public static boolean overlayAvailable() {
    if ("false".equals(System.getProperty(OVERLAY_PROPERTY)) || currentUid() != 0) {
      return false;
    }
    try {
      return Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code spec} over an overlayfs mount of {@code layers} (unpacked layer directories, the
   * top layer first; see {@link LayerDirs}) with a new upper directory, which then holds exactly
   * what the command changed. The runtime mounts the overlay as the container's root, inside the
   * container's mount namespace, which ends with the command: nothing stays mounted, whatever
   * happens to this process, and no process but the runtime is started.
   *
   * @param work a directory for the bundle, the upper directory ({@link Outcome#upper()}) and the
   *     runtime's state
   * @throws OverlayUnavailable when the mount failed; nothing ran, and the caller may fall back
   *     to {@link #run}
   */
  public Outcome runOverlay(List<Path> layers, RunSpec spec, Path work, Consumer<String> output)
      throws IOException, ImageFailure {
    UserResolver.Identity who = identity(spec, relative -> LayerDirs.find(layers, relative));
    Path merged = Files.createDirectories(work.resolve("merged"));
    Path upper = Files.createDirectories(work.resolve("upper"));
    Files.setAttribute(upper, "unix:mode", 0755);
    Path overlayWork = Files.createDirectories(work.resolve("overlay-work"));
    List<String> options = overlayOptions(layers, upper, overlayWork, work);
    Path bundle = bundle(merged, options, spec, who, work);
    Path state = Files.createDirectories(work.resolve("state"));
    String id = "splice-" + UUID.randomUUID();
    Path log = work.resolve("runtime.log");
    ArrayDeque<String> tail = new ArrayDeque<>();
    int exit = execute(runtimeCommand(state, log, bundle, id), null, state, id, tail, output);
    String runtimeError = runtimeError(log);
    if (runtimeError != null && runtimeError.contains(OVERLAY_MOUNT_ERROR)) {
      throw new OverlayUnavailable(runtimeError);
    }
    if (runtimeError != null) {
      throw new ImageFailure("the sandbox could not run the command: " + runtimeError);
    }
    if (exit != 0) {
      return new Outcome(exit, List.copyOf(tail), List.of(), upper);
    }
    UpperDiff.Result diff = UpperDiff.of(upper, Set.copyOf(BundleConfig.MOUNT_POINTS), path -> {
      for (Path layer : layers) {
        Path p = layer.resolve(path);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          return p;
        }
      }
      return null;
    });
    for (Path runtimeDir : diff.mountPoints()) {
      Files.delete(runtimeDir);
    }
    return new Outcome(0, List.copyOf(tail), diff.entries(), upper);
  }

  /** The overlay mount could not be made; nothing ran. */
  public static final class OverlayUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    OverlayUnavailable(String message) {
      super(message.isEmpty() ? "mount -t overlay failed" : message);
    }
  }

  /**
   * The overlay's mount options, with absolute paths (the runtime mounts from inside the
   * container's namespaces), the lower directories through short symlinks when their names would
   * not fit in the one page the kernel takes for options.
   */
  private static List<String> overlayOptions(List<Path> layers, Path upper, Path overlayWork, Path work)
      throws IOException {
    List<Path> lower = layers;
    List<String> options = options(lower, upper, overlayWork);
    if (String.join(",", options).length() > MAX_OPTIONS) {
      Path links = Files.createDirectories(work.resolve("l"));
      lower = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        lower.add(Files.createSymbolicLink(links.resolve(Integer.toString(i, 36)), layers.get(i)));
      }
      options = options(lower, upper, overlayWork);
      if (String.join(",", options).length() > MAX_OPTIONS) {
        throw new OverlayUnavailable("too many layers (" + layers.size() + ") for one overlay mount");
      }
    }
    for (Path p : union(lower, List.of(upper, overlayWork))) {
      if (p.toString().matches(".*[\\\\\n,:].*")) {
        throw new OverlayUnavailable("the path " + p + " holds a character the mount options cannot carry");
      }
    }
    return options;
  }

  private static List<String> options(List<Path> lower, Path upper, Path overlayWork) {
    List<String> names = lower.stream().map(p -> p.toAbsolutePath().toString()).toList();
    return List.of("userxattr", "lowerdir=" + String.join(":", names), "upperdir=" + upper.toAbsolutePath(),
        "workdir=" + overlayWork.toAbsolutePath());
  }

  private static List<Path> union(List<Path> a, List<Path> b) {
    List<Path> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static UserResolver.Identity identity(RunSpec spec, UserResolver.Files files) throws IOException, ImageFailure {
    try {
      return UserResolver.resolve(spec.user(), files);
    } catch (IllegalArgumentException e) {
      throw new ImageFailure(e.getMessage());
    }
  }

  /** Writes the bundle's config (and the heredoc scripts) for a root at {@code rootPath}. */
  private static Path bundle(Path rootPath, RunSpec spec, UserResolver.Identity who, Path work) throws IOException {
    return bundle(rootPath, null, spec, who, work);
  }

  /**
   * Writes the bundle's config (and the heredoc scripts) for a root at {@code rootPath}, onto
   * which the runtime mounts an overlay with {@code overlay} options unless they are null.
   */
  private static Path bundle(Path rootPath, List<String> overlay, RunSpec spec, UserResolver.Identity who, Path work)
      throws IOException {
    Path bundle = Files.createDirectories(work.resolve("bundle"));
    Map<String, Path> scripts = new LinkedHashMap<>();
    for (Map.Entry<String, String> script : spec.scripts().entrySet()) {
      Path file = bundle.resolve("script-" + scripts.size());
      Files.writeString(file, script.getValue(), StandardCharsets.UTF_8);
      Files.setAttribute(file, "unix:mode", 0755);
      scripts.put(script.getKey(), file);
    }
    Files.write(bundle.resolve("config.json"), BundleConfig.write(rootPath, overlay, spec, who, env(spec, who), scripts));
    return bundle;
  }

  private List<String> runtimeCommand(Path state, Path log, Path bundle, String id) {
    return List.of(runtime, "--root", state.toString(), "--log", log.toString(), "--log-format", "json",
        "run", "--bundle", bundle.toString(), id);
  }

  private int execute(List<String> command, Path directory, Path state, String id, ArrayDeque<String> tail,
      Consumer<String> output) throws IOException {
    Process process = new ProcessBuilder(command)
        .directory(directory == null ? null : directory.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (tail.size() == TAIL_LINES) {
          tail.removeFirst();
        }
        tail.addLast(line);
        output.accept(line);
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(state, id, process);
      throw new IOException("interrupted while the command ran; it was stopped");
    }
  }

  private void stop(Path state, String id, Process process) {
    try {
      new ProcessBuilder(runtime, "--root", state.toString(), "kill", id, "KILL")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      new ProcessBuilder(runtime, "--root", state.toString(), "delete", "--force", id)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }

  /** The last error the runtime logged, or null: then the exit code is the command's. */
  private static String runtimeError(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      return null;
    }
    String error = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      try {
        if (OciJson.parse(line.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?> entry
            && ("error".equals(entry.get("level")) || "fatal".equals(entry.get("level")))) {
          error = String.valueOf(entry.get("msg"));
        }
      } catch (IOException e) {
        // a line that is not JSON is not an error entry
      }
    }
    return error;
  }

  private static List<String> env(RunSpec spec, UserResolver.Identity who) {
    List<String> env = new ArrayList<>(spec.env());
    Set<String> names = new HashSet<>();
    env.forEach(kv -> names.add(kv.substring(0, Math.max(0, kv.indexOf('=')))));
    if (!names.contains("PATH")) {
      env.add("PATH=" + BundleConfig.DEFAULT_PATH);
    }
    if (!names.contains("HOME")) {
      env.add("HOME=" + who.home());
    }
    if (!names.contains("HOSTNAME")) {
      env.add("HOSTNAME=" + BundleConfig.HOSTNAME);
    }
    return env;
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
