package io.splice.control.state;

import java.time.Instant;

/**
 * A stored replica: enough to adopt it after a daemon restart (PID and start time) and show it.
 *
 * @param slot the replica's number within its service (new replicas get the next one)
 * @param version the service version it runs
 */
public record ReplicaRow(String id, String app, String service, int slot, String runtime, long pid, long startTime,
    int port, String logFile, String state, int restarts, Instant startedAt, String version) {}
