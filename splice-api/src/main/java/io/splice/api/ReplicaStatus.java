package io.splice.api;

/**
 * One replica.
 *
 * @param state {@code starting}, {@code ready}, {@code unhealthy}, {@code exited}, {@code backoff},
 *     {@code crash-loop} or {@code stopping}
 * @param health the last health check's result in words
 * @param uptimeSeconds since its process started, or 0 when it does not run
 * @param inflight requests the proxy has in flight to it
 * @param version the service version it runs
 */
public record ReplicaStatus(String id, String service, int slot, String runtime, long pid, int port, String state,
    String health, int restarts, long uptimeSeconds, long requests, long inflight, String version) {}
