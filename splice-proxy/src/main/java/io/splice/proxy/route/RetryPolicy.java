package io.splice.proxy.route;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Decides whether a failed attempt is tried again on another upstream.
 *
 * <ul>
 *   <li>{@link Failure#NOT_SENT}: the request never reached the upstream (connect refused or timed
 *       out, connection reset before the request was written). Always retried: the upstream cannot
 *       have acted on it.
 *   <li>{@link Failure#NO_RESPONSE}: the request was written but the connection failed before any
 *       response byte. Retried for idempotent methods only (GET, HEAD, OPTIONS, TRACE, PUT,
 *       DELETE), since the upstream may have acted on it.
 *   <li>{@link Failure#TRY_TIMEOUT}: no response head within the per-try timeout. Retried for
 *       idempotent methods only.
 *   <li>{@link Failure#ERROR_STATUS}: the upstream answered with a status of {@link
 *       #RETRIED_STATUSES} (any 5xx) and nothing of that response reached the client yet. Retried
 *       for idempotent methods only, and only for a buffered request (whole body in hand).
 *   <li>{@link Failure#TIMEOUT} and {@link Failure#RESPONSE_BROKEN}: never retried.
 * </ul>
 *
 * <p>At most {@link #maxRetries()} retries per request (2 by default: three attempts), and each
 * must also be granted by its service's retry budget.
 */
public final class RetryPolicy {

  /** Default retries per request; three attempts in all. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /**
   * Response statuses that make an idempotent request try another upstream, when that response
   * has not been forwarded yet: all of 500..599.
   */
  public static final Set<Integer> RETRIED_STATUSES =
      IntStream.rangeClosed(500, 599).boxed().collect(Collectors.toUnmodifiableSet());

  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  /** How an attempt failed, from the point of view of what the upstream may have seen. */
  public enum Failure {
    NOT_SENT,
    NO_RESPONSE,
    TRY_TIMEOUT,
    ERROR_STATUS,
    TIMEOUT,
    RESPONSE_BROKEN
  }

  private final int maxRetries;

  public RetryPolicy(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries: " + maxRetries + " (expected: >= 0)");
    }
    this.maxRetries = maxRetries;
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(DEFAULT_MAX_RETRIES);
  }

  public int maxRetries() {
    return maxRetries;
  }

  public static boolean isIdempotent(String method) {
    return IDEMPOTENT.contains(method.toUpperCase(Locale.ROOT));
  }

  /** Whether a response with {@code status} is one of {@link #RETRIED_STATUSES}. */
  public static boolean isRetriedStatus(int status) {
    return status >= 500 && RETRIED_STATUSES.contains(status); // no boxing for the usual 2xx
  }

  /**
   * Whether to try again after the {@code attempts}-th attempt (1 for the first) failed this way.
   */
  public boolean shouldRetry(String method, Failure failure, int attempts) {
    if (attempts > maxRetries) {
      return false;
    }
    switch (failure) {
      case NOT_SENT:
        return true;
      case NO_RESPONSE:
      case TRY_TIMEOUT:
      case ERROR_STATUS:
        return isIdempotent(method);
      default:
        return false;
    }
  }
}
