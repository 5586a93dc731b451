package io.splice.proxy.balancer;

/**
 * The share of its weight an endpoint gets while it warms up: from {@link #MIN_FACTOR} when it
 * became ready, growing linearly to 1 at the end of the window. Lets a replica that just started
 * (or just came back) fill its caches and JIT before it takes its full share.
 */
public final class SlowStart {

  /** The share of its weight an endpoint gets at the start of its window. */
  public static final double MIN_FACTOR = 0.1;

  private SlowStart() {}

  /**
   * The factor, in {@code [MIN_FACTOR, 1]}, {@code elapsedNanos} after the endpoint became ready,
   * for a window of {@code windowNanos} (0 or less: no slow start).
   */
  public static double factor(long elapsedNanos, long windowNanos) {
    if (windowNanos <= 0 || elapsedNanos >= windowNanos) {
      return 1;
    }
    double ramp = Math.max(0, elapsedNanos) / (double) windowNanos;
    return MIN_FACTOR + (1 - MIN_FACTOR) * ramp;
  }
}
