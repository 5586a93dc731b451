package io.splice.proxy.admin;

import java.util.List;

/**
 * Counters of one service since the proxy started.
 *
 * @param requests requests received from clients
 * @param failures requests the proxy answered with an error of its own (502, 503, 504) or cut off
 *     mid-response
 * @param upstreams the active upstreams in config order, then the draining ones
 */
public record ServiceStatus(
    String name,
    List<ListenAddress> listeners,
    long requests,
    long failures,
    List<UpstreamStatus> upstreams) {

  public ServiceStatus {
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
  }
}
