package io.splice.control.apply;

import java.nio.file.Path;
import java.time.Instant;

/** A snapshot of one replica for the API. */
public record ReplicaView(String id, String service, int slot, String runtime, long pid, int port, String state,
    String health, int restarts, Instant startedAt, Path logFile, String version) {}
