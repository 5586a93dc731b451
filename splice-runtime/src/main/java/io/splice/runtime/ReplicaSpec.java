package io.splice.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver needs to start one replica.
 *
 * @param id the replica's id, unique on the machine ({@code shop-catalog-2})
 * @param command the command and its arguments
 * @param workdir where the command runs
 * @param env the whole environment added to the daemon's own (PORT, the NAME_URLs, the spec's env)
 * @param logFile where its stdout and stderr go
 */
public record ReplicaSpec(String id, List<String> command, Path workdir, Map<String, String> env, Path logFile) {
  public ReplicaSpec {
    Objects.requireNonNull(id, "id");
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command: [] (expected: at least the program)");
    }
    Objects.requireNonNull(workdir, "workdir");
    env = Map.copyOf(env);
    Objects.requireNonNull(logFile, "logFile");
  }
}
