package io.splice.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import io.splice.runtime.RuntimeDriverException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command run inside a running container ({@code docker exec}), for {@link DockerDriver#exec}. */
final class ContainerExec {
  /**
   * How long the Engine may lag behind an exec: its output can end a moment before the exit code
   * is recorded, and a start can still be on its way at the timeout.
   */
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(10);
  private static final System.Logger LOG = System.getLogger(ContainerExec.class.getName());

  private final DockerClient api;
  private final DockerClient streams;
  private final String host;
  private final String what;

  /**
   * @param what the failure's prefix, naming the replica, the command and the container
   */
  ContainerExec(DockerClient api, DockerClient streams, String host, String what) {
    this.api = api;
    this.streams = streams;
    this.host = host;
    this.what = what;
  }

  ExecResult run(String container, List<String> command, Duration timeout) throws RuntimeDriverException {
    String execId = EngineCalls.run(host, what, () -> api.execCreateCmd(container)
        .withCmd(command.toArray(String[]::new))
        .withAttachStdout(true)
        .withAttachStderr(true)
        .exec()
        .getId());
    OutputCollector output = new OutputCollector(DockerDriver.MAX_EXEC_OUTPUT);
    boolean done;
    try {
      done = EngineCalls.run(host, what, () -> streams.execStartCmd(execId).exec(output))
          .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(execId);
      Thread.currentThread().interrupt();
      throw new RuntimeDriverException(what + ": interrupted");
    } catch (RuntimeException e) {
      throw EngineCalls.translate(host, what, e);
    }
    if (!done) {
      kill(execId);
      return new ExecResult(-1, output.text(), true);
    }
    return new ExecResult(exitCode(execId), output.text(), false);
  }

  private int exitCode(String execId) throws RuntimeDriverException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      InspectExecResponse exec = EngineCalls.run(host, what, () -> api.inspectExecCmd(execId).exec());
      if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
        return exec.getExitCodeLong().intValue();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new RuntimeDriverException(what + ": no exit code " + SETTLE.toMillis() + "ms after its output ended");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RuntimeDriverException(what + ": interrupted");
      }
    }
  }

  /**
   * The Engine has no way to stop an exec, but its process is a host process: kill that (its main
   * process only; children it started finish on their own). On a busy host the process may not
   * have started yet at the timeout, so wait a little for it to start or end.
   */
  private void kill(String execId) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    try {
      while (true) {
        InspectExecResponse exec = api.inspectExecCmd(execId).exec();
        Long pid = exec.getPidLong();
        if (Boolean.TRUE.equals(exec.isRunning()) && pid != null && pid > 0) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          return;
        }
        if (exec.getExitCodeLong() != null || System.nanoTime() - deadline > 0) {
          return;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, what + ": cannot kill exec " + execId + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps the first {@code max} bytes of a command's stdout and stderr, as they come. */
  private static final class OutputCollector extends ResultCallback.Adapter<Frame> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;

    OutputCollector(int max) {
      this.max = max;
    }

    @Override
    public synchronized void onNext(Frame frame) {
      byte[] payload = frame.getPayload();
      kept.write(payload, 0, Math.min(payload.length, max - kept.size()));
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
