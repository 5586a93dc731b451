package io.splice.proxy.admin;

import java.util.List;

/**
 * Counters of one service since the proxy started.
 *
 * @param requests requests received from clients
 * @param failures requests the proxy answered with an error of its own (502, 503, 504) or cut off
 *     mid-response
 * @param upstreams the active upstreams in config order, then the draining ones
 * @param retries attempts made after a first one failed (added later: 0 from an older proxy)
 * @param retriesDenied retries the retry budget refused
 * @param panic whether too few upstreams are in rotation, so that the service routes to all of
 *     them, ejected ones included
 * @param panics times the panic threshold triggered: an ejection refused, or a panic started
 * @param p99Millis 99th percentile latency of the responses of all its upstreams over the last 30
 *     s, in milliseconds, as {@link UpstreamStatus#p99Millis()}; 0 when there was none (added
 *     later: 0 from an older proxy)
 */
public record ServiceStatus(
    String name,
    List<ListenAddress> listeners,
    long requests,
    long failures,
    List<UpstreamStatus> upstreams,
    long retries,
    long retriesDenied,
    boolean panic,
    long panics,
    double p99Millis) {

  public ServiceStatus {
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
  }

  /** The shape before retries and panics were reported. */
  public ServiceStatus(
      String name,
      List<ListenAddress> listeners,
      long requests,
      long failures,
      List<UpstreamStatus> upstreams) {
    this(name, listeners, requests, failures, upstreams, 0, 0, false, 0);
  }

  /** The shape before latency was reported. */
  public ServiceStatus(
      String name,
      List<ListenAddress> listeners,
      long requests,
      long failures,
      List<UpstreamStatus> upstreams,
      long retries,
      long retriesDenied,
      boolean panic,
      long panics) {
    this(name, listeners, requests, failures, upstreams, retries, retriesDenied, panic, panics, 0);
  }
}
