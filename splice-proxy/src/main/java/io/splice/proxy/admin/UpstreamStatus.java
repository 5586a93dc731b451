package io.splice.proxy.admin;

/**
 * Counters of one upstream. A retried request counts once per attempt.
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
    long ejections) {

  public static final String ACTIVE = "active";
  public static final String DRAINING = "draining";

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
}
