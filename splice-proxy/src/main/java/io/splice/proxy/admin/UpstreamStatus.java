package io.splice.proxy.admin;

/**
 * Counters of one upstream. A retried request counts once per attempt.
 *
 * @param state {@code "active"} (takes new requests) or {@code "draining"} (removed from the
 *     config, finishing its in-flight requests; it disappears once they are done)
 * @param activeRequests attempts in flight now, connecting included
 * @param requests attempts sent since the upstream was added
 * @param failures attempts that failed: connect error, reset, response timeout, cut-off response
 */
public record UpstreamStatus(
    String id,
    String host,
    int port,
    String state,
    long activeRequests,
    long requests,
    long failures) {

  public static final String ACTIVE = "active";
  public static final String DRAINING = "draining";
}
