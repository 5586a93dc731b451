package io.splice.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicReference;
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
 * (nanoseconds, as {@link System#nanoTime()}). Thread-safe without a lock: the estimate and its time
 * are one immutable value, replaced by compare-and-set, since every event loop samples and reads
 * it per request and a lock holder preempted by the OS would stall the others.
 */
public final class PeakEwma {

  /** An estimate in nanoseconds and the clock reading it was made at. */
  private record Estimate(double nanos, long at) {}

  private final double decayNanos;
  private final LongSupplier clock;
  private final AtomicReference<Estimate> last = new AtomicReference<>(); // null: no sample yet

  /** @param decayNanos τ: after this long an old estimate has lost about 63% of its weight */
  public PeakEwma(long decayNanos, LongSupplier clock) {
    if (decayNanos <= 0) {
      throw new IllegalArgumentException("decayNanos: " + decayNanos + " (expected: > 0)");
    }
    this.decayNanos = decayNanos;
    this.clock = requireNonNull(clock, "clock");
  }

  /** Counts one latency sample, in nanoseconds. */
  public void observe(long sampleNanos) {
    long now = clock.getAsLong();
    double sample = Math.max(0, sampleNanos);
    Estimate previous;
    Estimate next;
    do {
      previous = last.get();
      if (previous == null || sample > previous.nanos()) {
        next = new Estimate(sample, now);
      } else {
        // A racing sample may have been made at a later reading of the clock than this one.
        double w = Math.exp(-Math.max(0, now - previous.at()) / decayNanos);
        next = new Estimate(previous.nanos() * w + sample * (1 - w), Math.max(now, previous.at()));
      }
    } while (!last.compareAndSet(previous, next));
  }

  /** The estimate now, in nanoseconds, decayed towards zero since the last sample; 0 if none. */
  public double estimate() {
    Estimate current = last.get();
    if (current == null) {
      return 0;
    }
    long since = clock.getAsLong() - current.at();
    return current.nanos() * Math.exp(-Math.max(0, since) / decayNanos);
  }
}
