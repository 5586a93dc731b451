package io.splice.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The fields of {@code /proc/PID/stat} that identify a live process. */
record ProcStat(long pid, char state, long startTime) {

  /** Reads a process's stat line; empty when there is no such process. */
  static Optional<ProcStat> read(long pid) {
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
  boolean alive() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  /** Whether {@code pid} is still the very process that started at {@code startTime} and runs. */
  static boolean isSame(long pid, long startTime) {
    return read(pid).filter(stat -> stat.startTime == startTime && stat.alive()).isPresent();
  }
}
