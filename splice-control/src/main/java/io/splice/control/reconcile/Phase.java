package io.splice.control.reconcile;

/** Where a replica is in its life, as the reconciler sees it. */
public enum Phase {
  /** Its process runs; it has not passed its health check yet, so it gets no traffic. */
  STARTING,
  /** Healthy and in the proxy. */
  READY,
  /** Exited or replaced after failing health; waits for its restart time. */
  FAILED,
  /** Out of the proxy and being stopped. */
  STOPPING
}
