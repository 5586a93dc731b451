package io.splice.control.deploy;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a canary step's figures with the stable set's, from the proxy's counters: the canary
 * fails when its error rate (5xx answers of its replicas, counted even when the proxy retried them
 * elsewhere) is more than {@link #ERROR_MARGIN} above the stable set's, or when its p99 is above both
 * {@link #P99_RATIO} times and {@link #P99_SLACK_MS} more than the stable set's. With fewer than
 * {@link #MIN_REQUESTS} canary requests it waits. Pure.
 */
public final class CanaryJudge {
  public static final long MIN_REQUESTS = 20;
  public static final double ERROR_MARGIN = 0.02;
  public static final double P99_RATIO = 1.5;
  public static final double P99_SLACK_MS = 50;

  /**
   * One upstream's counters: cumulative requests and 5xx answers, its recent p99, and whether the
   * proxy has ejected it (and why).
   */
  public record Sample(String id, boolean canary, long requests, long errors, double p99Millis, String ejectedBecause) {
    public Sample(String id, boolean canary, long requests, long errors, double p99Millis) {
      this(id, canary, requests, errors, p99Millis, null);
    }
  }

  public enum Outcome { PROMOTE, ROLL_BACK, WAIT }

  /** The outcome and the figures behind it, in words. */
  public record Verdict(Outcome outcome, String figures) {}

  private CanaryJudge() {}

  /**
   * Judges the step from counters read at its start ({@code before}, by upstream id) and now: the
   * stable set's figures since the step began, the canary's since its replicas joined.
   */
  public static Verdict judge(Map<String, Sample> before, Collection<Sample> now) {
    Group canary = new Group();
    Group stable = new Group();
    String ejected = null;
    for (Sample sample : now) {
      if (sample.canary() && sample.ejectedBecause() != null) {
        ejected = sample.id() + " " + sample.ejectedBecause();
      }
      // A canary replica is new, so all its counts belong to the canary; the stable set's count from the step's start.
      Sample start = sample.canary() ? null : before.get(sample.id());
      long requests = sample.requests() - (start == null ? 0 : start.requests());
      long errors = sample.errors() - (start == null ? 0 : start.errors());
      (sample.canary() ? canary : stable).add(Math.max(0, requests), Math.max(0, errors), sample.p99Millis());
    }
    String figures = String.format(Locale.ROOT, "canary error rate %s (%d/%d), p99 %.0f ms; stable %s (%d/%d), p99 %.0f ms",
        percent(canary.rate()), canary.errors, canary.requests, canary.p99,
        percent(stable.rate()), stable.errors, stable.requests, stable.p99);
    if (ejected != null) {
      return new Verdict(Outcome.ROLL_BACK, figures + "; the proxy ejected the canary: " + ejected);
    }
    if (canary.requests < MIN_REQUESTS) {
      return new Verdict(Outcome.WAIT, figures + "; waiting for " + MIN_REQUESTS + " canary requests");
    }
    if (canary.rate() > stable.rate() + ERROR_MARGIN) {
      return new Verdict(Outcome.ROLL_BACK, figures + "; the canary's error rate is higher");
    }
    if (stable.p99 > 0 && canary.p99 > stable.p99 * P99_RATIO && canary.p99 > stable.p99 + P99_SLACK_MS) {
      return new Verdict(Outcome.ROLL_BACK, figures + "; the canary's p99 is higher");
    }
    return new Verdict(Outcome.PROMOTE, figures);
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static final class Group {
    long requests;
    long errors;
    double p99;

    void add(long moreRequests, long moreErrors, double upstreamP99) {
      requests += moreRequests;
      errors += moreErrors;
      p99 = Math.max(p99, upstreamP99);
    }

    double rate() {
      return requests == 0 ? 0 : (double) errors / requests;
    }
  }
}
