package io.splice.proxy.health;

import java.time.Duration;

/**
 * The passive health of one upstream: its consecutive failures, whether it is ejected and until
 * when, how many times in a row it was, and the reason of its last change. Created and driven by
 * its service's {@link OutlierDetector}; thread-safe, and neither {@link #isEjected} nor a success
 * after a success takes a lock (every event loop records every response).
 */
public final class OutlierState {

  private final String name;
  private volatile int connectFailures; // consecutive; written under this
  private volatile int serverErrors; // consecutive; written under this
  private int ejectionsInRow; // guarded by this
  private long ejectionCount; // guarded by this
  private volatile long readmittedAt; // written under this
  private volatile boolean ejected;
  private volatile long ejectedUntil;
  private volatile String reason = "in rotation since added";

  OutlierState(String name, long now) {
    this.name = name;
    this.readmittedAt = now;
  }

  public String name() {
    return name;
  }

  /** Whether the upstream is out of rotation now; call {@link OutlierDetector#readmit} to move on. */
  public boolean isEjected() {
    return ejected;
  }

  /** Why the upstream is in its state: the last change and its cause. */
  public String reason() {
    return reason;
  }

  /** When the upstream was added or last re-admitted, on the detector's clock. */
  public long inRotationSince() {
    return readmittedAt;
  }

  /** Ejections since the upstream was added. */
  public synchronized long ejections() {
    return ejectionCount;
  }

  /** Counts an attempt's result; returns the reason to eject when a threshold is reached. */
  String record(Outcome outcome, String detail, OutlierPolicy policy) {
    if (outcome == Outcome.SUCCESS && connectFailures == 0 && serverErrors == 0) {
      return null; // nothing to reset; racing a failure, this success simply counts as the earlier
    }
    synchronized (this) {
      return recordLocked(outcome, detail, policy);
    }
  }

  private String recordLocked(Outcome outcome, String detail, OutlierPolicy policy) {
    switch (outcome) {
      case SUCCESS:
        connectFailures = 0;
        serverErrors = 0;
        return null;
      case CONNECT_FAILURE:
        connectFailures++;
        if (!ejected && connectFailures >= policy.consecutiveConnectFailures()) {
          return connectFailures + " consecutive connect failures (last: " + detail + ")";
        }
        return null;
      default:
        serverErrors++;
        if (!ejected && serverErrors >= policy.consecutiveServerErrors()) {
          return serverErrors + " consecutive 5xx or failures after sending (last: " + detail + ")";
        }
        return null;
    }
  }

  /** Ejects; returns how long for. */
  synchronized Duration eject(String why, long now, OutlierPolicy policy) {
    if (now - readmittedAt >= policy.maxEjectionTime().toNanos()) {
      ejectionsInRow = 0; // it behaved for a whole maximum ejection time: start again
    }
    ejectionsInRow++;
    ejectionCount++;
    Duration time = policy.ejectionTime(ejectionsInRow);
    connectFailures = 0;
    serverErrors = 0;
    ejectedUntil = now + time.toNanos();
    reason = "ejected for " + time.toSeconds() + " s: " + why;
    ejected = true;
    return time;
  }

  /** Keeps the upstream in rotation although it deserved an ejection. */
  synchronized void refuse(String why) {
    connectFailures = 0;
    serverErrors = 0;
    reason = "kept in rotation: " + why;
  }

  /** Re-admits when the ejection time is over; returns whether it did. */
  synchronized boolean readmitIfDue(long now) {
    if (!ejected || now - ejectedUntil < 0) {
      return false;
    }
    ejected = false;
    readmittedAt = now;
    reason = "re-admitted: ejection over";
    return true;
  }

  /** Whether an ejection is over at {@code now} (without re-admitting). */
  boolean due(long now) {
    return ejected && now - ejectedUntil >= 0;
  }

  @Override
  public String toString() {
    return "OutlierState[" + name + ", " + reason + "]";
  }

  /** What one attempt came to, as passive health sees it. */
  public enum Outcome {
    /** A response that is not 5xx. */
    SUCCESS,
    /** The request never reached the upstream. */
    CONNECT_FAILURE,
    /** A 5xx response, or a failure after the request was written. */
    SERVER_ERROR
  }
}
