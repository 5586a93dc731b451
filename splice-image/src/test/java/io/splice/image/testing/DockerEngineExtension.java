package io.splice.image.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Docker Engine for one test class. When a daemon already answers on the default socket it
 * is used as it is; otherwise {@code dockerd} (Debian package {@code docker.io}) is started with
 * its own data root, exec root, pidfile and socket under a temporary folder, without a bridge or
 * iptables rules (containers run with {@code --network none}), awaited with {@code docker info},
 * and stopped by its PID afterwards. When the engine cannot run, {@link #beforeAll} fails with
 * the reason: these tests are never skipped.
 */
public final class DockerEngineExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private Path dir;
  private Process daemon;
  private String host;

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

  /** A finished command. */
  public record Result(int exitCode, String output) {}

  /** {@code DOCKER_HOST} for this engine, or null for the default socket. */
  public String host() {
    return host;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (docker("info").exitCode() == 0) {
      return;
    }
    dir = Files.createTempDirectory("dockerd");
    host = "unix://" + dir.resolve("docker.sock");
    List<String> command = List.of("dockerd",
        "--data-root", dir.resolve("data").toString(),
        "--exec-root", dir.resolve("exec").toString(),
        "--pidfile", dir.resolve("docker.pid").toString(),
        "--host", host,
        "--bridge", "none",
        "--iptables=false");
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
    if (daemon == null) {
      return;
    }
    daemon.destroy();
    if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
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
