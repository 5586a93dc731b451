package io.splice.proxy.admin;

/**
 * One replica behind a service, reached over TCP ({@code host} and {@code port}) or over a Unix
 * domain socket ({@code path}).
 *
 * <pre>{@code
 * {"id": "catalog-7", "host": "127.0.0.1", "port": 41007, "weight": 1, "group": "canary"}
 * {"id": "catalog-8", "path": "/run/splice/catalog-8.sock", "weight": 1}
 * }</pre>
 *
 * @param id unique within its service; with its address it names the upstream, so a push that keeps
 *     both keeps the upstream (its pooled connections and counters)
 * @param host where the replica listens, usually an IP literal; null (or left out) with {@code path}
 * @param port 1..65535; 0 (or left out) with {@code path}
 * @param weight relative capacity, 1 or more; 0 reads as 1 (the field was left out)
 * @param group the traffic group it belongs to (e.g. {@code "stable"}, {@code "canary"}, {@code
 *     "blue"}), weighed by {@link ServiceRoute#groupWeights()}; null for none (added later: an
 *     older control plane leaves it out). A push may move a kept upstream to another group.
 * @param path the absolute path of the Unix domain socket the replica listens on, instead of {@code
 *     host} and {@code port} (added later: null, or left out, for TCP). At most 107 bytes, the
 *     kernel's limit. Pooling, health checks, HTTP/2 and TCP mode work the same over it.
 */
public record UpstreamTarget(
    String id, String host, int port, int weight, String group, String path) {

  public UpstreamTarget {
    path = path == null || path.isEmpty() ? null : path;
  }

  /** The shape before Unix domain sockets: host and port. */
  public UpstreamTarget(String id, String host, int port, int weight, String group) {
    this(id, host, port, weight, group, null);
  }

  /** The shape before traffic groups: no group. */
  public UpstreamTarget(String id, String host, int port, int weight) {
    this(id, host, port, weight, null, null);
  }

  /** A replica listening on the Unix domain socket {@code path}. */
  public static UpstreamTarget unixSocket(String id, String path, int weight, String group) {
    return new UpstreamTarget(id, null, 0, weight, group, path);
  }
}
