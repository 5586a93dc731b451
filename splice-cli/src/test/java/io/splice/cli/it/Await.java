package io.splice.cli.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; tests never sleep for a fixed time to wait. */
final class Await {
  private Await() {}

  static <T> T until(String what, Duration timeout, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.call();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(100);
    }
    AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
    if (last != null) {
      error.initCause(last);
    }
    throw error;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && !procState(pid).equals("Z");
  }

  private static String procState(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (java.io.IOException e) {
      return "gone";
    }
  }
}
