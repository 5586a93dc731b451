package io.splice.proxy.balancer;

/**
 * What a {@link Balancer} needs to know about one candidate: its relative capacity, how many
 * requests it is serving right now, how fast it answers, and how far along its slow start it is.
 * Implementations read these from fields that other threads update, so the values are a moment's
 * snapshot.
 */
public interface Endpoint {

  /** Relative capacity, at least 1; an endpoint of weight 2 is expected to carry twice the load. */
  int weight();

  /** Requests sent to this endpoint that have not finished yet (connecting included). */
  long outstanding();

  /** Latency estimate in nanoseconds (a {@link PeakEwma}); 0 when not known. */
  default double latency() {
    return 0;
  }

  /** The share of {@link #weight()} in force, in (0, 1]: below 1 during a {@link SlowStart}. */
  default double weightFactor() {
    return 1;
  }
}
