package io.splice.proxy.http;

import java.util.concurrent.atomic.AtomicInteger;

/** Client connections open over all listeners, with a ceiling. Thread-safe. */
public final class ConnectionCount {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionCount(int max) {
    this.max = max;
  }

  /** Counts one more connection, unless the ceiling is reached; pair a true with {@link #release}. */
  public boolean tryAcquire() {
    while (true) {
      int now = open.get();
      if (now >= max) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void release() {
    open.decrementAndGet();
  }

  /** Client connections open now. */
  public int open() {
    return open.get();
  }

  public int max() {
    return max;
  }
}
