package io.splice.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs replicas. A driver keeps no state of its own that a restarted daemon would need: everything
 * needed to find a replica again is in its {@link ReplicaHandle}, which the daemon stores.
 */
public interface RuntimeDriver {

  /** The name a spec uses for this runtime, such as {@code process}. */
  String name();

  /** Starts a replica; returns once it runs (not once it is healthy). */
  ReplicaHandle start(ReplicaSpec spec) throws RuntimeDriverException;

  /**
   * Finds a replica that a previous daemon started. Empty when it is gone, or when its PID now
   * belongs to another process.
   */
  Optional<ReplicaHandle> adopt(ReplicaHandle recorded);

  /** Whether the replica still runs. */
  boolean isRunning(ReplicaHandle handle);

  /**
   * Stops a replica: the stop signal, up to {@code grace} to exit, then a kill. Blocks until it is
   * gone. Stopping a replica that already exited does nothing.
   */
  void stop(ReplicaHandle handle, Duration grace);
}
