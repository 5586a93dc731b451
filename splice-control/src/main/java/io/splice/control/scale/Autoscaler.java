package io.splice.control.scale;

import io.splice.spec.Autoscale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Decides one service's replica count from a load metric sampled about once a second: the
 * replicas that the larger of the load now and its forecast {@link #DEFAULT_HORIZON} ahead need at
 * the target per replica, within min and max. Scaling up follows at once (before saturation, thanks
 * to the forecast); scaling down follows only what every recommendation of the last
 * {@link #DEFAULT_DOWN_WINDOW} allows, so that a dip does not drop replicas that are needed again a
 * moment later. Pure: time and samples are passed in.
 */
public final class Autoscaler {
  public static final Duration DEFAULT_HORIZON = Duration.ofSeconds(5);
  /** Override with {@code SPLICE_AUTOSCALE_DOWN_WINDOW_MS}. */
  public static final Duration DEFAULT_DOWN_WINDOW = Duration.ofSeconds(30);
  static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

  /** A decision and the figures behind it, in words. */
  public record Decision(int replicas, String reason) {}

  private record Recommendation(Instant at, int replicas) {}

  private final Autoscale policy;
  private final Duration downWindow;
  private final Duration upHold;
  private final HoltForecast forecast = new HoltForecast(0.5, 0.3);
  private final Deque<Recommendation> recent = new ArrayDeque<>();
  private Instant firstSample;
  private Instant lastUp = Instant.MIN;

  /** An autoscaler whose metric shows the effect of a scale-up at once (requests in flight). */
  public Autoscaler(Autoscale policy, Duration downWindow) {
    this(policy, downWindow, Duration.ZERO);
  }

  /**
   * @param upHold how long after a scale-up the metric still shows the load from before it, during
   *     which no further scale-up follows: a latency quantile over a sliding window keeps the old
   *     slow responses until they leave the window, and scaling on them again would overshoot
   */
  public Autoscaler(Autoscale policy, Duration downWindow, Duration upHold) {
    this.policy = policy;
    this.downWindow = downWindow;
    this.upHold = upHold;
  }

  /**
   * Takes one sample of the metric (total requests in flight, or p99 in milliseconds) and returns
   * the count the service should run.
   */
  public Decision observe(Instant now, double metric, int current) {
    if (firstSample == null) {
      firstSample = now;
    }
    forecast.add(metric);
    double ahead = forecast.forecast((double) DEFAULT_HORIZON.toMillis() / SAMPLE_INTERVAL.toMillis());
    double load = Math.max(metric, ahead);
    int wanted = clamp(policy.metric() == Autoscale.Metric.INFLIGHT
        ? (int) Math.ceil(load / policy.target())
        : (int) Math.ceil(Math.max(current, 1) * load / policy.target()));
    recent.addLast(new Recommendation(now, wanted));
    while (!recent.isEmpty() && recent.peekFirst().at().isBefore(now.minus(downWindow))) {
      recent.removeFirst();
    }
    int highestRecent = recent.stream().mapToInt(Recommendation::replicas).max().orElse(wanted);
    boolean windowSeen = !now.isBefore(firstSample.plus(downWindow));
    int next;
    if (wanted >= current || current > policy.max()) {
      next = Math.min(Math.max(wanted, current), policy.max());
    } else {
      next = windowSeen ? Math.min(current, highestRecent) : current;
    }
    boolean inflight = policy.metric() == Autoscale.Metric.INFLIGHT;
    String figures = String.format(Locale.ROOT, "%s %.1f, forecast %.1f, target %s%s",
        inflight ? "in flight" : "p99 ms", metric, ahead, format(policy.target()), inflight ? " per replica" : " ms");
    boolean held = next > current && current >= policy.min() && now.isBefore(lastUp.plus(upHold));
    if (held) {
      return new Decision(current, "steady at " + current + ": " + figures + " (the last scale-up shows in the latency window only after "
          + upHold.toSeconds() + "s)");
    }
    if (next > current) {
      lastUp = now;
      return new Decision(next, "up to " + next + ": " + figures);
    }
    if (next < current) {
      return new Decision(next, "down to " + next + ": " + figures + ", low for " + downWindow.toSeconds() + "s");
    }
    return new Decision(current, "steady at " + current + ": " + figures
        + (wanted < current ? " (waiting out the " + downWindow.toSeconds() + "s window before scaling down)" : ""));
  }

  private int clamp(int replicas) {
    return Math.max(policy.min(), Math.min(policy.max(), replicas));
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
