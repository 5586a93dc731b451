package io.splice.proxy.health;

import static io.splice.proxy.util.Checks.atLeast;
import static io.splice.proxy.util.Checks.between;
import static io.splice.proxy.util.Checks.positive;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
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
 * System#nanoTime()}). Thread-safe.
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
  private final long[] requests = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];
  private long bucketStart; // start of the newest bucket
  private int newest;
  private long requestSum;
  private long retrySum;
  private long denied;

  public RetryBudget(Policy policy, LongSupplier clock) {
    this.policy = requireNonNull(policy, "policy");
    this.clock = requireNonNull(clock, "clock");
    this.bucketNanos = Math.max(1, policy.window().toNanos() / BUCKETS);
    this.reserve = policy.minPerSecond() * (policy.window().toNanos() / 1e9);
    this.bucketStart = clock.getAsLong();
  }

  /** Counts one client request. */
  public synchronized void request() {
    slide();
    requests[newest]++;
    requestSum++;
  }

  /** Takes one retry from the budget; false (and counted as denied) when it is spent. */
  public synchronized boolean tryRetry() {
    slide();
    if (retrySum + 1 > policy.ratio() * requestSum + reserve) {
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
    slide();
    return retrySum;
  }

  public Policy policy() {
    return policy;
  }

  private void slide() {
    long now = clock.getAsLong();
    long behind = (now - bucketStart) / bucketNanos;
    if (behind <= 0) {
      return;
    }
    int steps = (int) Math.min(behind, BUCKETS);
    for (int i = 0; i < steps; i++) {
      newest = (newest + 1) % BUCKETS;
      requestSum -= requests[newest];
      retrySum -= retries[newest];
      requests[newest] = 0;
      retries[newest] = 0;
    }
    bucketStart += behind * bucketNanos;
  }
}
