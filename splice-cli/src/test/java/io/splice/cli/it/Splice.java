package io.splice.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code splice} jar as a user would, against one state directory. */
final class Splice {
  static final Path JAR = Path.of("target", "splice.jar").toAbsolutePath();
  static final Path EXAMPLES = Path.of("..", "examples", "shop").toAbsolutePath().normalize();

  final Path stateDir;
  final Map<String, String> env;

  Splice(Path stateDir, Map<String, String> env) {
    this.stateDir = stateDir;
    this.env = env;
  }

  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(Duration.ofMinutes(3), args);
  }

  Result run(Duration timeout, String... args) throws IOException, InterruptedException {
    Process process = start(args);
    byte[][] output = new byte[2][];
    Thread errReader = new Thread(() -> {
      try {
        output[1] = process.getErrorStream().readAllBytes();
      } catch (IOException e) {
        output[1] = new byte[0];
      }
    });
    errReader.start();
    output[0] = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("splice " + String.join(" ", args) + " did not finish within " + timeout);
    }
    errReader.join();
    return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8), new String(output[1], StandardCharsets.UTF_8));
  }

  Process start(String... args) throws IOException {
    return start(false, args);
  }

  /** Starts the CLI with stderr merged into stdout, for commands followed line by line. */
  Process startMerged(String... args) throws IOException {
    return start(true, args);
  }

  private Process start(boolean merged, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaPath(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
    // Global options belong to the verb: after "up", or after "daemon status".
    int verbWords = args[0].equals("daemon") ? 2 : 1;
    command.addAll(List.of(args).subList(0, verbWords));
    command.addAll(List.of("--state-dir", stateDir.toString()));
    command.addAll(List.of(args).subList(verbWords, args.length));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(merged);
    builder.environment().putAll(env);
    return builder.start();
  }

  /**
   * Kills, by PID, every process that this state directory's daemon started (they inherit
   * {@code SPLICE_HOME}), so that a failed test leaves nothing running.
   */
  void killAll() throws IOException {
    String marker = "SPLICE_HOME=" + stateDir.toAbsolutePath().normalize();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
          if (List.of(environ.split("\u0000")).contains(marker)) {
            ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
          }
        } catch (IOException e) {
          // gone meanwhile, or not ours to read
        }
      }
    }
  }

  /** A client of this state directory's running daemon. */
  io.splice.api.SpliceClient client() throws IOException {
    io.splice.api.StateDir state = new io.splice.api.StateDir(stateDir);
    return new io.splice.api.SpliceClient(state.daemonInfo().orElseThrow().port(), state.token());
  }

  /** Takes every app down and stops the daemon; then kills whatever is left, so that a failed test leaves nothing. */
  void tearDown() throws IOException, InterruptedException {
    try {
      run("down");
      run("daemon", "stop");
    } finally {
      killAll();
    }
  }

  static String javaPath() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Writes a spec of the example shop into {@code dir}, with the gateway exposed on {@code gatewayPort}. */
  static Path shopSpec(Path dir, int gatewayPort, int catalogReplicas) throws IOException {
    String jvm = "\"java\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xss512k\", \"-Xmx64m\", \"-jar\"";
    String spec = """
        app: shop
        services:
          gateway:
            command: [%1$s, "%2$s/gateway/target/gateway.jar"]
            replicas: 2
            expose: %3$d
            depends_on: [catalog, orders]
            health: { http: /healthz, interval: 500ms, start_period: 5s }
          catalog:
            command: [%1$s, "%2$s/catalog/target/catalog.jar"]
            replicas: %4$d
            health: { http: /healthz, interval: 500ms, start_period: 5s }
          orders:
            command: [%1$s, "%2$s/orders/target/orders.jar"]
            replicas: 2
            health: { http: /healthz, interval: 500ms, start_period: 5s }
        """.formatted(jvm, EXAMPLES, gatewayPort, catalogReplicas);
    Path file = dir.resolve("splice.yaml");
    Files.writeString(file, spec);
    return file;
  }
}
