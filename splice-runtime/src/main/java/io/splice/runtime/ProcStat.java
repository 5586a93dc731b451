package io.splice.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The fields of {@code /proc/PID/stat} that identify a live process. Every driver names a replica
 * by its PID and start time, so that a recycled PID is never mistaken for the replica.
 *
 * @param pid the process id
 * @param state field 3 ({@code R}, {@code S}, {@code Z}, …)
 * @param startTime field 22, clock ticks since boot
 */
public record ProcStat(long pid, char state, long startTime) {
  private static final Duration POLL = Duration.ofMillis(20);

  /** Reads a process's stat line; empty when there is no such process. */
  public static Optional<ProcStat> read(long pid) {
    String line;
    try {
      line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return Optional.empty();
    }
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    int end = line.lastIndexOf(')');
    if (end < 0) {
      return Optional.empty();
    }
    String[] fields = line.substring(end + 2).trim().split(" ");
    // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
    if (fields.length < 20) {
      return Optional.empty();
    }
    return Optional.of(new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[19])));
  }

  /** Whether the process runs (a zombie has exited, it only waits to be reaped). */
  public boolean alive() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  /** Whether {@code pid} is still the very process that started at {@code startTime} and runs. */
  public static boolean isSame(long pid, long startTime) {
    return read(pid).filter(stat -> stat.startTime == startTime && stat.alive()).isPresent();
  }

  /**
   * Waits up to {@code timeout} for the process to be gone, polling {@code /proc}; returns whether
   * it is. An interrupt ends the wait early (returning false) and keeps the thread's flag set.
   */
  public static boolean awaitGone(long pid, long startTime, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isSame(pid, startTime)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
