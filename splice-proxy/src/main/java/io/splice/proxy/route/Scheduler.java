package io.splice.proxy.route;

import java.time.Duration;

/**
 * Runs a task once after a delay. The proxy passes its event loops; tests pass a manual one.
 *
 * <pre>{@code
 * Scheduler scheduler = (task, delay) -> {
 *   ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
 *   return () -> f.cancel(false);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Scheduler {

  /** Schedules {@code task}; the returned timer cancels it if it has not run yet. */
  Timer schedule(Runnable task, Duration delay);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Timer {
    void cancel();
  }
}
