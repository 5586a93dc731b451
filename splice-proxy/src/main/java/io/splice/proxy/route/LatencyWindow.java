package io.splice.proxy.route;

import static io.splice.proxy.util.Checks.positive;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Latency quantiles over a sliding time window: the last {@link #DEFAULT_WINDOW} (30 s) of samples,
 * in {@value #SLICES} slices that expire one at a time, so the window holds between five and six
 * slices' worth (25 to 30 s by default). Samples go into logarithmic bins 5% wide, so a quantile is
 * within about 2.5% of the exact one, from 1 µs up to about 100 s (longer reads as 100 s).
 *
 * <pre>{@code
 * LatencyWindow window = new LatencyWindow(LatencyWindow.DEFAULT_WINDOW, System::nanoTime);
 * window.record(took);                      // nanoseconds
 * double p99 = window.quantileMillis(0.99); // 0 when the window is empty
 * }</pre>
 *
 * <p>Time comes from the clock passed in (nanoseconds, as {@link System#nanoTime()}), so tests move
 * it by hand. Thread-safe; a record takes no lock (every event loop records every response, and a
 * lock holder preempted by the OS would stall the others) and allocates nothing; the slices slide,
 * and quantiles are read, under one.
 */
public final class LatencyWindow {

  /** How far back the quantiles look. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

  static final int SLICES = 6;
  private static final double GROWTH = 1.05;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  private static final long MIN_NANOS = 1_000;
  /** Bin 0 holds samples under 1 µs; bin i > 0 holds [1 µs × 1.05^(i-1), 1 µs × 1.05^i). */
  static final int BINS = 2 + (int) (Math.log(100e9 / MIN_NANOS) / LOG_GROWTH);

  private final LongSupplier clock;
  private final long sliceNanos;
  private final AtomicLongArray[] counts = new AtomicLongArray[SLICES];
  private volatile int newest; // written under this
  private volatile long sliceStart; // written under this

  public LatencyWindow(Duration window, LongSupplier clock) {
    positive(window, "window");
    this.clock = requireNonNull(clock, "clock");
    this.sliceNanos = Math.max(1, window.toNanos() / SLICES);
    this.sliceStart = clock.getAsLong();
    for (int i = 0; i < SLICES; i++) {
      counts[i] = new AtomicLongArray(BINS);
    }
  }

  /** Counts one sample, in nanoseconds (negative reads as 0). */
  public void record(long nanos) {
    int bin = bin(nanos);
    long now = clock.getAsLong();
    if (now - sliceStart >= sliceNanos) {
      synchronized (this) {
        slide(now);
      }
    }
    // Racing a slide, this may land in the slice before the newest: it then leaves the window one
    // slice early, which a latency estimate need not care about.
    counts[newest].incrementAndGet(bin);
  }

  /** Samples in the window now. */
  public synchronized long count() {
    slide(clock.getAsLong());
    long sum = 0;
    for (AtomicLongArray slice : counts) {
      for (int bin = 0; bin < BINS; bin++) {
        sum += slice.get(bin);
      }
    }
    return sum;
  }

  /**
   * The {@code q}-quantile (0 < q ≤ 1) of the samples in the window, in milliseconds: the smallest
   * value that at least {@code q} of them do not exceed. 0 when the window is empty.
   */
  public synchronized double quantileMillis(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("q: " + q + " (expected: 0 < q <= 1)");
    }
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int bin = 0; bin < BINS; bin++) {
      for (int slice = 0; slice < SLICES; slice++) {
        seen += counts[slice].get(bin);
      }
      if (seen >= rank) {
        return value(bin) / 1e6;
      }
    }
    return value(BINS - 1) / 1e6;
  }

  static int bin(long nanos) {
    if (nanos < MIN_NANOS) {
      return 0;
    }
    int bin = 1 + (int) (Math.log((double) nanos / MIN_NANOS) / LOG_GROWTH);
    return Math.min(bin, BINS - 1);
  }

  /** A bin's representative value in nanoseconds: the middle of its range. */
  static double value(int bin) {
    if (bin == 0) {
      return MIN_NANOS / 2.0;
    }
    double low = MIN_NANOS * Math.pow(GROWTH, bin - 1);
    return low * (1 + GROWTH) / 2;
  }

  /** Moves the window to {@code now}; under this. The next slice is emptied before it is used. */
  private void slide(long now) {
    long behind = (now - sliceStart) / sliceNanos;
    if (behind <= 0) {
      return;
    }
    int steps = (int) Math.min(behind, SLICES);
    for (int i = 0; i < steps; i++) {
      int next = (newest + 1) % SLICES;
      AtomicLongArray slice = counts[next];
      for (int bin = 0; bin < BINS; bin++) {
        slice.set(bin, 0);
      }
      newest = next;
    }
    sliceStart += behind * sliceNanos;
  }
}
