package io.splice.proxy.health;

import static io.splice.proxy.util.Checks.atLeast;
import static io.splice.proxy.util.Checks.between;
import static io.splice.proxy.util.Checks.positive;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Bounds a service's retries to a share of its requests, so that a sick cluster is not hammered by
 * retries on top of its load: over the last {@link Policy#window()}, retries may reach {@code ratio
 * × requests + minPerSecond × window seconds}. The fixed part lets a quiet service retry at all.
 *
 * <pre>{@code
 * RetryBudget budget = new RetryBudget(RetryBudget.Policy.defaults(), System::nanoTime);
 * budget.request();               // once per client request
 * if (budget.tryRetry()) { ... }  // once per retry; false when the budget is spent
 * }</pre>
 *
 * <p>Counts are kept in ten buckets that slide with the clock passed in (nanoseconds, as {@link
 * System#nanoTime()}). Thread-safe: a request is counted without a lock (every event loop counts
 * every request, and a lock holder preempted by the OS would stall the others); the buckets slide
 * and retries are counted under one.
 */
public final class RetryBudget {

  private static final int BUCKETS = 10;

  /**
   * @param ratio retries allowed per request, 0..1 (0.2: one retry for five requests)
   * @param minPerSecond retries allowed per second of the window whatever the traffic
   * @param window how far back requests and retries count
   */
  public record Policy(double ratio, int minPerSecond, Duration window) {

    public static final double DEFAULT_RATIO = 0.2;
    public static final int DEFAULT_MIN_PER_SECOND = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    public Policy {
      between(ratio, 0, 1, "ratio");
      atLeast(minPerSecond, 0, "minPerSecond");
      positive(window, "window");
    }

    public static Policy defaults() {
      return new Policy(DEFAULT_RATIO, DEFAULT_MIN_PER_SECOND, DEFAULT_WINDOW);
    }
  }

  private final Policy policy;
  private final LongSupplier clock;
  private final long bucketNanos;
  private final double reserve;
  private final LongAdder[] requests = new LongAdder[BUCKETS];
  private final long[] retries = new long[BUCKETS]; // guarded by this
  private volatile long bucketStart; // start of the newest bucket; written under this
  private volatile int newest; // written under this
  private long retrySum; // guarded by this
  private long denied; // guarded by this

  public RetryBudget(Policy policy, LongSupplier clock) {
    this.policy = requireNonNull(policy, "policy");
    this.clock = requireNonNull(clock, "clock");
    this.bucketNanos = Math.max(1, policy.window().toNanos() / BUCKETS);
    this.reserve = policy.minPerSecond() * (policy.window().toNanos() / 1e9);
    this.bucketStart = clock.getAsLong();
    for (int i = 0; i < BUCKETS; i++) {
      requests[i] = new LongAdder();
    }
  }

  /** Counts one client request. */
  public void request() {
    long now = clock.getAsLong();
    if (now - bucketStart >= bucketNanos) {
      synchronized (this) {
        slide(now);
      }
    }
    // Racing a slide, this may land in the bucket just before the newest: it then leaves the
    // window one bucket early, which a budget need not care about.
    requests[newest].increment();
  }

  /** Takes one retry from the budget; false (and counted as denied) when it is spent. */
  public synchronized boolean tryRetry() {
    slide(clock.getAsLong());
    if (retrySum + 1 > policy.ratio() * requestsInWindow() + reserve) {
      denied++;
      return false;
    }
    retries[newest]++;
    retrySum++;
    return true;
  }

  /** Retries refused since the start. */
  public synchronized long denied() {
    return denied;
  }

  /** Retries the window holds now. */
  public synchronized long retriesInWindow() {
    slide(clock.getAsLong());
    return retrySum;
  }

  public Policy policy() {
    return policy;
  }

  private long requestsInWindow() {
    long sum = 0;
    for (LongAdder bucket : requests) {
      sum += bucket.sum();
    }
    return sum;
  }

  /** Moves the window to {@code now}; under this. The next bucket is emptied before it is used. */
  private void slide(long now) {
    long behind = (now - bucketStart) / bucketNanos;
    if (behind <= 0) {
      return;
    }
    int steps = (int) Math.min(behind, BUCKETS);
    for (int i = 0; i < steps; i++) {
      int next = (newest + 1) % BUCKETS;
      retrySum -= retries[next];
      retries[next] = 0;
      requests[next].reset();
      newest = next;
    }
    bucketStart += behind * bucketNanos;
  }
}
