package io.splice.proxy.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler whose time the test moves. */
final class ManualScheduler implements Scheduler {

  private final List<Task> tasks = new ArrayList<>();
  private Duration now = Duration.ZERO;

  private static final class Task {
    final Runnable action;
    final Duration due;
    boolean cancelled;

    Task(Runnable action, Duration due) {
      this.action = action;
      this.due = due;
    }
  }

  @Override
  public Timer schedule(Runnable action, Duration delay) {
    Task task = new Task(action, now.plus(delay));
    tasks.add(task);
    return () -> task.cancelled = true;
  }

  /** Moves time forward and runs what came due. */
  void advance(Duration by) {
    now = now.plus(by);
    for (Task task : List.copyOf(tasks)) {
      if (!task.cancelled && task.due.compareTo(now) <= 0) {
        tasks.remove(task);
        task.action.run();
      }
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
