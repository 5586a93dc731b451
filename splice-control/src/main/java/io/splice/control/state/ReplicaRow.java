package io.splice.control.state;

import java.time.Instant;

/** A stored replica: enough to adopt it after a daemon restart (PID and start time) and show it. */
public record ReplicaRow(String id, String app, String service, int slot, String runtime, long pid, long startTime,
    int port, String logFile, String state, int restarts, Instant startedAt) {}
