package io.splice.proxy.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One deadline at a time for a connection's requests, set again for each: on a keep-alive
 * connection each request sets a deadline a little later than the one before, and most pass
 * without it expiring. So disarming leaves the scheduled task in place, and arming reuses it when
 * it fires no later than the new deadline; when it fires early it schedules itself again for what
 * is left. A busy connection schedules about once per timeout instead of once per request. Used
 * from its executor only; {@link #close} when the connection closes.
 */
final class DeadlineTimer {

  private final EventExecutor executor;
  private Runnable task; // runs at the deadline; null while disarmed
  private long deadline; // System.nanoTime()
  private ScheduledFuture<?> scheduled;
  private long scheduledAt; // when the scheduled check runs

  DeadlineTimer(EventExecutor executor) {
    this.executor = executor;
  }

  /** Runs {@code onExpiry} in {@code delayNanos} unless disarmed or armed again before. */
  void arm(long delayNanos, Runnable onExpiry) {
    long now = System.nanoTime();
    task = onExpiry;
    deadline = now + Math.max(0, delayNanos);
    if (scheduled != null && scheduledAt - deadline > 0) {
      scheduled.cancel(false); // fires too late for this deadline
      scheduled = null;
    }
    if (scheduled == null) {
      schedule(now);
    }
  }

  /** Disarms, if {@code armedTask} is what it runs (and not a later owner's). */
  void disarm(Runnable armedTask) {
    if (task == armedTask) {
      task = null;
    }
  }

  /** Disarms and drops the scheduled check. */
  void close() {
    task = null;
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
  }

  private void schedule(long now) {
    scheduledAt = deadline;
    scheduled = executor.schedule(this::check, deadline - now, TimeUnit.NANOSECONDS);
  }

  private void check() {
    scheduled = null;
    Runnable due = task;
    if (due == null) {
      return;
    }
    long now = System.nanoTime();
    if (deadline - now > 0) {
      schedule(now); // armed again since: not due yet
      return;
    }
    task = null;
    due.run();
  }
}
