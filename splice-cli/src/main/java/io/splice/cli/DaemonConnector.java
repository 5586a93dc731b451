package io.splice.cli;

import io.splice.api.ApiException;
import io.splice.api.SpliceClient;
import io.splice.api.StateDir;
import io.splice.control.host.JavaLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the running daemon of a state directory, or starts one detached from this terminal. */
public final class DaemonConnector {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** The daemon's JVM options. Override with {@code SPLICE_DAEMON_JVM_OPTS}. */
  private static final List<String> DAEMON_JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final StateDir dir;

  public DaemonConnector(StateDir dir) {
    this.dir = dir;
  }

  /** A client of the running daemon; empty when none answers. */
  public Optional<SpliceClient> find() {
    Optional<StateDir.DaemonInfo> info = dir.daemonInfo();
    if (info.isEmpty() || ProcessHandle.of(info.get().pid()).map(ProcessHandle::isAlive).orElse(false) == false) {
      return Optional.empty();
    }
    try {
      SpliceClient client = new SpliceClient(info.get().port(), dir.token());
      client.daemon();
      return Optional.of(client);
    } catch (IOException | ApiException e) {
      return Optional.empty();
    }
  }

  /** A client of the running daemon, or a failure that tells the user how to start one. */
  public SpliceClient connect() {
    return find().orElseThrow(() -> new CliException("no splice daemon is running for " + dir.root()
        + " (start one with 'splice up' or 'splice daemon start')"));
  }

  /** A client of the running daemon, starting one first when none runs. */
  public SpliceClient connectOrStart(boolean quiet) {
    Optional<SpliceClient> running = find();
    if (running.isPresent()) {
      return running.get();
    }
    if (!quiet) {
      System.out.println("Starting the splice daemon (state in " + dir.root() + ")");
    }
    Process process = spawn();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<StateDir.DaemonInfo> info = dir.daemonInfo();
      if (info.isPresent() && info.get().pid() == process.pid()) {
        Optional<SpliceClient> client = find();
        if (client.isPresent()) {
          return client.get();
        }
      }
      if (!process.isAlive()) {
        throw new CliException("the daemon exited at start; the end of " + dir.daemonLog() + ":", tail());
      }
      sleep(100);
    }
    throw new CliException("the daemon did not answer within " + START_TIMEOUT.toSeconds() + "s; see " + dir.daemonLog(), tail());
  }

  private Process spawn() {
    List<String> command = new ArrayList<>();
    command.add("setsid"); // its own session: Ctrl-C in this terminal must not reach the daemon
    String custom = System.getenv("SPLICE_DAEMON_JVM_OPTS");
    command.addAll(JavaLauncher.command(custom == null || custom.isBlank() ? DAEMON_JVM_OPTIONS : List.of(custom.trim().split("\\s+")),
        SpliceCli.class.getName(), List.of("daemon", "run", "--state-dir", dir.root().toString())));
    try {
      Files.createDirectories(dir.root());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectInput(new File("/dev/null"))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.daemonLog().toFile()));
      // Inherited by the proxy and every replica: says which state directory's daemon owns a process.
      builder.environment().put(StateDir.ENV, dir.root().toString());
      return builder.start();
    } catch (IOException e) {
      throw new CliException("cannot start the daemon: " + e.getMessage());
    }
  }

  private List<String> tail() {
    try {
      List<String> lines = Files.readAllLines(dir.daemonLog());
      return lines.subList(Math.max(0, lines.size() - 15), lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
