package io.splice.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.function.LongSupplier;

/**
 * A latency estimate that jumps up to a slower sample at once and comes down gradually: a sample
 * above the estimate replaces it (the peak), one below moves it by an exponentially weighted
 * average whose weight depends on the time since the last update, and with no samples the estimate
 * decays towards zero, so that an upstream not chosen for a while gets tried again.
 *
 * <pre>
 * estimate ← sample                                   when sample &gt; estimate
 * estimate ← estimate·w + sample·(1 − w), w = e^(−Δt/τ)  otherwise
 * </pre>
 *
 * <p>The first sample replaces the estimate whatever it is. Time comes from the clock passed in
 * (nanoseconds, as {@link System#nanoTime()}). Thread-safe: samples are counted under a lock, the
 * estimate is read without one (the balancer reads it twice per request, from every event loop),
 * so a read racing a sample may combine the old estimate with the new time, which is as good an
 * estimate for choosing an upstream.
 */
public final class PeakEwma {

  private final double decayNanos;
  private final LongSupplier clock;
  private volatile double estimate; // nanoseconds; written under this
  private volatile long updatedAt; // written under this
  private volatile boolean sampled; // written under this

  /** @param decayNanos τ: after this long an old estimate has lost about 63% of its weight */
  public PeakEwma(long decayNanos, LongSupplier clock) {
    if (decayNanos <= 0) {
      throw new IllegalArgumentException("decayNanos: " + decayNanos + " (expected: > 0)");
    }
    this.decayNanos = decayNanos;
    this.clock = requireNonNull(clock, "clock");
    this.updatedAt = clock.getAsLong();
  }

  /** Counts one latency sample, in nanoseconds. */
  public synchronized void observe(long sampleNanos) {
    long now = clock.getAsLong();
    double sample = Math.max(0, sampleNanos);
    if (!sampled || sample > estimate) {
      estimate = sample;
      sampled = true;
    } else {
      double w = Math.exp(-(now - updatedAt) / decayNanos);
      estimate = estimate * w + sample * (1 - w);
    }
    updatedAt = now;
  }

  /** The estimate now, in nanoseconds, decayed towards zero since the last sample; 0 if none. */
  public double estimate() {
    if (!sampled) {
      return 0;
    }
    double value = estimate;
    long since = clock.getAsLong() - updatedAt;
    return value * Math.exp(-Math.max(0, since) / decayNanos);
  }
}
