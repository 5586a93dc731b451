package io.splice.proxy.admin;

/**
 * One replica behind a service.
 *
 * <pre>{@code
 * {"id": "catalog-7", "host": "127.0.0.1", "port": 41007, "weight": 1, "group": "canary"}
 * }</pre>
 *
 * @param id unique within its service; with host and port it names the upstream, so a push that
 *     keeps all three keeps the upstream (its pooled connections and counters)
 * @param host where the replica listens, usually an IP literal
 * @param port 1..65535
 * @param weight relative capacity, 1 or more; 0 reads as 1 (the field was left out)
 * @param group the traffic group it belongs to (e.g. {@code "stable"}, {@code "canary"}, {@code
 *     "blue"}), weighed by {@link ServiceRoute#groupWeights()}; null for none (added later: an
 *     older control plane leaves it out). A push may move a kept upstream to another group.
 */
public record UpstreamTarget(String id, String host, int port, int weight, String group) {

  /** The shape before traffic groups: no group. */
  public UpstreamTarget(String id, String host, int port, int weight) {
    this(id, host, port, weight, null);
  }
}
