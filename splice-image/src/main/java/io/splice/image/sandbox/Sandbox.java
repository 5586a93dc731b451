package io.splice.image.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.splice.image.core.ImageFailure;
import io.splice.image.layer.LayerEntry;
import io.splice.image.oci.OciJson;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  /** How many of the command's last output lines an outcome keeps. */
  public static final int TAIL_LINES = 20;

  private static final long STOP_SECONDS = 10;

  private final String runtime;

  private Sandbox(String runtime) {
    this.runtime = runtime;
  }

  /** What a command did. */
  public record Outcome(int exitCode, List<String> lastLines, List<LayerEntry> changes) {}

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
    UserResolver.Identity who;
    try {
      who = UserResolver.resolve(spec.user(), root);
    } catch (IllegalArgumentException e) {
      throw new ImageFailure(e.getMessage());
    }
    Path bundle = Files.createDirectories(work.resolve("bundle"));
    Path state = Files.createDirectories(work.resolve("state"));
    Map<String, Path> scripts = new LinkedHashMap<>();
    for (Map.Entry<String, String> script : spec.scripts().entrySet()) {
      Path file = bundle.resolve("script-" + scripts.size());
      Files.writeString(file, script.getValue(), StandardCharsets.UTF_8);
      Files.setAttribute(file, "unix:mode", 0755);
      scripts.put(script.getKey(), file);
    }
    Files.write(bundle.resolve("config.json"), BundleConfig.write(root.dir(), spec, who, env(spec, who), scripts));
    FsSnapshot before = FsSnapshot.take(root.dir());
    Path cwd = root.resolveParent(spec.cwd());
    if (!Files.exists(cwd)) {
      Files.createDirectories(cwd);
    }
    String id = "splice-" + UUID.randomUUID();
    ArrayDeque<String> tail = new ArrayDeque<>();
    Path log = work.resolve("runtime.log");
    int exit = execute(List.of(runtime, "--root", state.toString(), "--log", log.toString(), "--log-format", "json",
        "run", "--bundle", bundle.toString(), id), state, id, tail, output);
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

  private int execute(List<String> command, Path state, String id, ArrayDeque<String> tail, Consumer<String> output)
      throws IOException {
    Process process = new ProcessBuilder(command)
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
        JsonNode entry = OciJson.mapper().readTree(line);
        if ("error".equals(entry.path("level").asText()) || "fatal".equals(entry.path("level").asText())) {
          error = entry.path("msg").asText();
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
