package io.splice.proxy.balancer;

/**
 * What a {@link Balancer} needs to know about one candidate: its relative capacity and how many
 * requests it is serving right now. Implementations read both from fields that other threads
 * update, so the values are a moment's snapshot.
 */
public interface Endpoint {

  /** Relative capacity, at least 1; an endpoint of weight 2 is expected to carry twice the load. */
  int weight();

  /** Requests sent to this endpoint that have not finished yet (connecting included). */
  long outstanding();
}
