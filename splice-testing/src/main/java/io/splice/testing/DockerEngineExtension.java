package io.splice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Docker Engine for one test class. When an engine already answers where the environment
 * points ({@code DOCKER_HOST}, else the default socket) it is used as it is; otherwise {@code
 * dockerd} (Debian package {@code docker.io}) is started with its own data root, exec root,
 * pidfile and socket under a temporary folder, awaited with {@code docker info}, and afterwards
 * stopped by its PID (with whatever it started, such as its containerd) and the folder removed.
 * When the engine cannot run, {@link #beforeAll} fails with the reason: these tests are never
 * skipped.
 *
 * <p>The test class chooses the network: {@code new DockerEngineExtension()} starts the engine
 * without a bridge or iptables rules (containers run with {@code --network none} or {@code host}),
 * {@link #withBridge()} with the default bridge {@code docker0} and iptables rules, so that
 * containers can publish ports ({@code -p 127.0.0.1:HOST:CONTAINER}). Engines with a bridge share
 * the host's iptables chains: do not run two of them at once.
 *
 * <pre>{@code
 * @RegisterExtension static final DockerEngineExtension engine = DockerEngineExtension.withBridge();
 * }</pre>
 */
public final class DockerEngineExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final boolean bridge;
  private Path dir;
  private Process daemon;
  private String host;
  private Thread shutdownHook;

  /** An engine without a bridge network. */
  public DockerEngineExtension() {
    this(false);
  }

  private DockerEngineExtension(boolean bridge) {
    this.bridge = bridge;
  }

  /** An engine with the default bridge network, so that containers can publish ports. */
  public static DockerEngineExtension withBridge() {
    return new DockerEngineExtension(true);
  }

  /** Runs {@code docker ARGS...} against this engine; returns its output (stdout and stderr). */
  public Result docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    environment(builder.environment());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), out);
  }

  /** Like {@link #docker}, but fails unless the command exits with 0; returns its trimmed output. */
  public String dockerOk(String... args) throws IOException, InterruptedException {
    Result result = docker(args);
    if (result.exitCode() != 0) {
      throw new IOException("docker " + String.join(" ", args) + " exited with " + result.exitCode() + ": " + result.output());
    }
    return result.output().trim();
  }

  /** A finished command. */
  public record Result(int exitCode, String output) {}

  /** {@code DOCKER_HOST} for this engine, or null for the one the environment points at. */
  public String host() {
    return host;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (docker("info").exitCode() == 0) {
      if (bridge && docker("network", "inspect", "bridge").exitCode() != 0) {
        throw new IllegalStateException("the running Docker Engine has no bridge network, which this test class needs");
      }
      return;
    }
    dir = Files.createTempDirectory("dockerd");
    host = "unix://" + dir.resolve("docker.sock");
    shutdownHook = new Thread(this::stopQuietly, "dockerd-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      startDaemon();
    } catch (Exception | Error e) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      stopQuietly();
      throw e;
    }
  }

  private void startDaemon() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dockerd",
        "--data-root", dir.resolve("data").toString(),
        "--exec-root", dir.resolve("exec").toString(),
        "--pidfile", dir.resolve("docker.pid").toString(),
        "--host", host,
        "--shutdown-timeout", "5"));
    if (!bridge) {
      command.addAll(List.of("--bridge", "none", "--iptables=false"));
    }
    try {
      daemon = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("dockerd cannot be started (install Debian's docker.io): " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Result info = null;
    while (System.nanoTime() < deadline) {
      if (!daemon.isAlive()) {
        throw new IllegalStateException("dockerd exited with " + daemon.exitValue() + ":\n" + log());
      }
      info = docker("info");
      if (info.exitCode() == 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("dockerd did not answer docker info within " + START_TIMEOUT + ": "
        + (info == null ? "" : info.output()) + "\n" + log());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (dir == null) {
      return;
    }
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
    stop();
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (Exception e) {
      System.err.println("cannot stop the test dockerd: " + e.getMessage());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Removes the engine's containers, stops dockerd by its PID (TERM, then KILL) together with the
   * processes it started, unmounts what it left mounted under the folder (such as its network
   * namespace), and removes the folder.
   */
  private synchronized void stop() throws IOException, InterruptedException {
    if (dir == null) {
      return;
    }
    if (daemon != null && daemon.isAlive()) {
      Result containers = docker("ps", "-aq");
      if (containers.exitCode() == 0 && !containers.output().isBlank()) {
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(List.of(containers.output().trim().split("\\s+")));
        docker(rm.toArray(String[]::new));
      }
      List<ProcessHandle> children = daemon.descendants().toList();
      daemon.destroy();
      if (!daemon.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      // A dockerd that had to be killed leaves its containerd behind: stop it by its PID too (a
      // ProcessHandle checks the start time, so a recycled PID is left alone).
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (child.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
    }
    unmountUnder(dir);
    run("rm", "-rf", dir.toString());
    if (Files.exists(dir)) {
      throw new IOException("cannot remove " + dir);
    }
    dir = null;
  }

  /** Unmounts every mount point at or below {@code root}, deepest first. */
  private static void unmountUnder(Path root) throws IOException, InterruptedException {
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // Field 5 is the mount point, with spaces and such escaped as octal (\040).
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        String point = fields[4].replace("\\040", " ");
        if (Path.of(point).startsWith(root)) {
          points.add(point);
        }
      }
    }
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      if (run("umount", point) != 0) {
        run("umount", "-l", point);
      }
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private void environment(Map<String, String> env) {
    if (host != null) {
      env.put("DOCKER_HOST", host);
    }
  }

  private String log() throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
