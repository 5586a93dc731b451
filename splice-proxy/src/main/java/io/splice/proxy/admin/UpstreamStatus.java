package io.splice.proxy.admin;

/**
 * Counters of one upstream. A retried request counts once per attempt.
 *
 * <p>Latency quantiles are over the response heads of the last 30 s (a window that slides in 5 s
 * steps, so it holds between 25 and 30 s), measured from the start of an attempt to its response
 * head, with about 5% precision; 0 when the window holds no response.
 *
 * @param state {@code "active"} (takes new requests) or {@code "draining"} (removed from the
 *     config, finishing its in-flight requests; it disappears once they are done)
 * @param activeRequests attempts in flight now, connecting included
 * @param requests attempts sent since the upstream was added
 * @param failures attempts that failed: connect error, reset, response timeout, cut-off response
 * @param ejected whether passive health took it out of rotation for now (added later: false from an
 *     older proxy)
 * @param health why it is in its passive-health state, e.g. {@code "ejected for 30 s: 3
 *     consecutive connect failures (last: connection refused)"}; null from an older proxy
 * @param ejections times it was ejected since it was added
 * @param group its traffic group from the config, or null (added later: null from an older proxy)
 * @param responses5xx responses with a 5xx status since it was added; with {@code requests} it
 *     gives the error rate of a canary (0 from an older proxy)
 * @param p50Millis median latency over the window, in milliseconds
 * @param p99Millis 99th percentile latency over the window, in milliseconds
 * @param path the Unix domain socket of an upstream reached through one (then {@code host} is null
 *     and {@code port} 0), else null (added later: null from an older proxy)
 */
public record UpstreamStatus(
    String id,
    String host,
    int port,
    String state,
    long activeRequests,
    long requests,
    long failures,
    boolean ejected,
    String health,
    long ejections,
    String group,
    long responses5xx,
    double p50Millis,
    double p99Millis,
    String path) {

  public static final String ACTIVE = "active";
  public static final String DRAINING = "draining";

  /** The shape before Unix domain sockets: host and port. */
  public UpstreamStatus(
      String id,
      String host,
      int port,
      String state,
      long activeRequests,
      long requests,
      long failures,
      boolean ejected,
      String health,
      long ejections,
      String group,
      long responses5xx,
      double p50Millis,
      double p99Millis) {
    this(
        id, host, port, state, activeRequests, requests, failures, ejected, health, ejections, group,
        responses5xx, p50Millis, p99Millis, null);
  }

  /** The shape before passive health was reported. */
  public UpstreamStatus(
      String id,
      String host,
      int port,
      String state,
      long activeRequests,
      long requests,
      long failures) {
    this(id, host, port, state, activeRequests, requests, failures, false, null, 0);
  }

  /** The shape before traffic groups and latency were reported. */
  public UpstreamStatus(
      String id,
      String host,
      int port,
      String state,
      long activeRequests,
      long requests,
      long failures,
      boolean ejected,
      String health,
      long ejections) {
    this(
        id, host, port, state, activeRequests, requests, failures, ejected, health, ejections, null,
        0, 0, 0, null);
  }
}
