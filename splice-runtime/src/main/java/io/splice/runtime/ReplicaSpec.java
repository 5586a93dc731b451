package io.splice.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver needs to start one replica.
 *
 * @param id the replica's id, unique on the machine ({@code shop-catalog-2})
 * @param command the command and its arguments. For a container it may be empty, and then the
 *     image's own ENTRYPOINT and CMD run; otherwise it replaces the image's CMD (as in {@code docker
 *     run IMAGE COMMAND...}) and still goes to the image's ENTRYPOINT, when it has one
 * @param workdir where the command runs (a process); a container runs in its image's WORKDIR
 * @param env the replica's environment (PORT, the NAME_URLs, the spec's env): a process gets it
 *     added to the daemon's own, a container added to its image's
 * @param logFile where its stdout and stderr go
 * @param container how to run it as a container, or null for a runtime without containers
 */
public record ReplicaSpec(String id, List<String> command, Path workdir, Map<String, String> env, Path logFile,
    ContainerSpec container) {
  public ReplicaSpec {
    Objects.requireNonNull(id, "id");
    command = List.copyOf(command);
    if (command.isEmpty() && container == null) {
      throw new IllegalArgumentException("command: [] (expected: at least the program)");
    }
    Objects.requireNonNull(workdir, "workdir");
    env = Map.copyOf(env);
    Objects.requireNonNull(logFile, "logFile");
  }

  /** A replica without a container: a command to run as a process. */
  public ReplicaSpec(String id, List<String> command, Path workdir, Map<String, String> env, Path logFile) {
    this(id, command, workdir, env, logFile, null);
  }
}
