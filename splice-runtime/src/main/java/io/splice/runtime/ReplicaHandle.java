package io.splice.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A running replica as a driver identifies it. PID and start time together name a process: a
 * recycled PID has another start time, so adoption never mistakes it for the replica.
 *
 * @param id the replica's id
 * @param runtime the driver's name
 * @param pid the process id (for containers, the container's main process)
 * @param startTime the process's start time in clock ticks since boot ({@code /proc/PID/stat} field 22)
 * @param logFile where its output goes
 */
public record ReplicaHandle(String id, String runtime, long pid, long startTime, Path logFile) {
  public ReplicaHandle {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(logFile, "logFile");
  }
}
