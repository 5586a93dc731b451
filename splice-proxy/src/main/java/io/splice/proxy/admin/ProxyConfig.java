package io.splice.proxy.admin;

import java.util.List;

/**
 * The whole routing configuration of a proxy. Every push replaces the previous one; the proxy diffs
 * them so that nothing still wanted is closed.
 *
 * <pre>{@code
 * {
 *   "version": 7,
 *   "services": [{
 *     "name": "catalog", "protocol": "http",
 *     "listeners": [{"host": "127.0.0.1", "port": 8081}],
 *     "upstreams": [{"id": "catalog-1", "host": "127.0.0.1", "port": 41001, "weight": 1}],
 *     "drainTimeoutMillis": 30000
 *   }]
 * }
 * }</pre>
 *
 * @param version increases with every change; a push with a lower version than the one in force is
 *     refused (409), an equal one is applied again
 * @param services one entry per service, names unique; {@code null} reads as empty
 */
public record ProxyConfig(long version, List<ServiceRoute> services) {

  /** The configuration of a proxy that has never received one. */
  public static final ProxyConfig EMPTY = new ProxyConfig(0, List.of());

  public ProxyConfig {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
