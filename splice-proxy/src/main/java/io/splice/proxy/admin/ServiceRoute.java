package io.splice.proxy.admin;

import java.util.List;

/**
 * One service: the addresses it is exposed on and the replicas behind them.
 *
 * @param name unique within the config; letters, digits, '.', '_' and '-'
 * @param protocol {@code "http"}, the only one for now ({@code "tcp"} is reserved); {@code null}
 *     reads as {@code "http"}
 * @param listeners addresses to accept clients on; no address may be used by two services
 * @param upstreams the replicas; an empty list makes the service answer 503
 * @param drainTimeoutMillis how long an upstream removed from the list may finish its in-flight
 *     requests before its connections are closed; 0 means the proxy's default (30 s)
 */
public record ServiceRoute(
    String name,
    String protocol,
    List<ListenAddress> listeners,
    List<UpstreamTarget> upstreams,
    long drainTimeoutMillis) {

  public static final String HTTP = "http";
  public static final String TCP = "tcp";

  public ServiceRoute {
    protocol = protocol == null ? HTTP : protocol;
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
  }
}
