package io.splice.proxy.admin;

/**
 * One replica behind a service.
 *
 * @param id unique within its service; with host and port it names the upstream, so a push that
 *     keeps all three keeps the upstream (its pooled connections and counters)
 * @param host where the replica listens, usually an IP literal
 * @param port 1..65535
 * @param weight relative capacity, 1 or more; 0 reads as 1 (the field was left out)
 */
public record UpstreamTarget(String id, String host, int port, int weight) {}
