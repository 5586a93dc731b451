package io.splice.runtime.process;

import io.splice.runtime.ProcStat;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriver;
import io.splice.runtime.RuntimeDriverException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs each replica as a child process in its own session, so that it outlives the daemon: its
 * output goes to a file, never to a pipe of ours (a replica writing into a dead daemon's pipe dies
 * of SIGPIPE), and signals go to its whole process group.
 */
public final class ProcessDriver implements RuntimeDriver {
  public static final String NAME = "process";
  private static final File DEV_NULL = new File("/dev/null");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReplicaHandle start(ReplicaSpec spec) throws RuntimeDriverException {
    if (spec.command().isEmpty()) {
      throw new RuntimeDriverException(spec.id() + ": no command to run (the process runtime runs commands, not images)");
    }
    if (!Files.isDirectory(spec.workdir())) {
      throw new RuntimeDriverException(spec.id() + ": workdir " + spec.workdir() + " is not a directory");
    }
    List<String> command = new ArrayList<>();
    command.add("setsid"); // a child of the JVM is never a group leader, so setsid execs in place: same PID
    command.addAll(spec.command());
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(spec.workdir().toFile())
        .redirectInput(DEV_NULL)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
    builder.environment().putAll(spec.env());
    Process process;
    try {
      Files.createDirectories(spec.logFile().getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new RuntimeDriverException(spec.id() + ": cannot start " + spec.command() + ": " + e.getMessage(), e);
    }
    // Reap our own child when it exits so that it does not linger as a zombie.
    process.onExit();
    ProcStat stat = ProcStat.read(process.pid())
        .orElseThrow(() -> new RuntimeDriverException(spec.id() + ": process exited at once (" + spec.command().get(0)
            + "); see " + spec.logFile()));
    return new ReplicaHandle(spec.id(), NAME, process.pid(), stat.startTime(), spec.logFile());
  }

  @Override
  public Optional<ReplicaHandle> adopt(ReplicaHandle recorded) {
    return isRunning(recorded) ? Optional.of(recorded) : Optional.empty();
  }

  @Override
  public boolean isRunning(ReplicaHandle handle) {
    return ProcStat.isSame(handle.pid(), handle.startTime());
  }

  @Override
  public void stop(ReplicaHandle handle, Duration grace) {
    if (!isRunning(handle)) {
      return;
    }
    signalGroup(handle, "TERM");
    if (ProcStat.awaitGone(handle.pid(), handle.startTime(), grace)) {
      return;
    }
    signalGroup(handle, "KILL");
    ProcStat.awaitGone(handle.pid(), handle.startTime(), Duration.ofSeconds(5));
  }

  /** Signals the replica's process group (setsid made its PID the group id), checking identity first. */
  private static void signalGroup(ReplicaHandle handle, String signal) {
    if (!ProcStat.isSame(handle.pid(), handle.startTime())) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + handle.pid())
          .redirectErrorStream(true)
          .redirectOutput(DEV_NULL)
          .start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      ProcessHandle.of(handle.pid()).ifPresent(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
