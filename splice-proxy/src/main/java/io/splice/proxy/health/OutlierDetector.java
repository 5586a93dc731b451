package io.splice.proxy.health;

import static java.util.Objects.requireNonNull;

import io.splice.proxy.health.OutlierState.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Passive outlier detection for one service: counts each upstream's consecutive failures, ejects
 * one that reaches a threshold for a time that grows with each ejection, re-admits it when the time
 * is over, and never lets fewer than the panic threshold's share of the upstreams stay in rotation.
 *
 * <pre>{@code
 * OutlierDetector outliers = new OutlierDetector("catalog", OutlierPolicy.defaults(),
 *     System::nanoTime, event -> log.info(event.toString()));
 * OutlierState b = outliers.track("b");
 * outliers.record(b, active, Upstream::outlier, Outcome.CONNECT_FAILURE, "connection refused");
 * List<Upstream> candidates = outliers.inRotation(active, Upstream::outlier);
 * }</pre>
 *
 * <p>Every change goes to the event consumer with its reason. No I/O, no threads: time comes from
 * the clock passed in (nanoseconds, as {@link System#nanoTime()}), and re-admission happens when
 * {@link #inRotation} or {@link #record} looks. Thread-safe.
 */
public final class OutlierDetector {

  private final String service;
  private final OutlierPolicy policy;
  private final LongSupplier clock;
  private final Consumer<HealthEvent> events;
  private volatile boolean panic;
  private volatile long panics;

  public OutlierDetector(
      String service, OutlierPolicy policy, LongSupplier clock, Consumer<HealthEvent> events) {
    this.service = requireNonNull(service, "service");
    this.policy = requireNonNull(policy, "policy");
    this.clock = requireNonNull(clock, "clock");
    this.events = requireNonNull(events, "events");
  }

  /** The health of a new upstream of this service, in rotation. */
  public OutlierState track(String upstream) {
    return new OutlierState(upstream, clock.getAsLong());
  }

  /**
   * Counts the result of an attempt on {@code upstream}, one of {@code active} (the service's
   * upstreams now), and ejects it when it reaches a threshold and the panic threshold allows.
   */
  public <E> void record(
      E upstream,
      List<E> active,
      Function<? super E, OutlierState> health,
      Outcome outcome,
      String detail) {
    OutlierState state = health.apply(upstream);
    String why = state.record(outcome, detail, policy);
    if (why == null) {
      return;
    }
    long now = clock.getAsLong();
    synchronized (this) { // two ejections at once must not both pass the panic check
      int inRotation = 0;
      for (E other : active) {
        OutlierState s = health.apply(other);
        if (other != upstream && (!s.isEjected() || s.due(now))) {
          inRotation++;
        }
      }
      int total = Math.max(active.size(), 1);
      if (inRotation < policy.panicThreshold() * total) {
        state.refuse(
            why
                + ", but ejecting it would leave "
                + inRotation
                + " of "
                + total
                + " upstreams in rotation (panic threshold "
                + percent(policy.panicThreshold())
                + ")");
        panics++;
        events.accept(
            new HealthEvent(
                service, state.name(), HealthEvent.Kind.EJECTION_REFUSED, state.reason()));
        return;
      }
      Duration time = state.eject(why, now, policy);
      events.accept(
          new HealthEvent(
              service,
              state.name(),
              HealthEvent.Kind.EJECTED,
              "for " + time.toSeconds() + " s (ejection " + state.ejections() + "): " + why));
    }
  }

  /**
   * The upstreams of {@code active} in rotation: those not ejected, after re-admitting those whose
   * ejection is over. When fewer than the panic threshold's share are in rotation, all of {@code
   * active} (panic). Returns {@code active} itself when nothing is ejected.
   */
  public <E> List<E> inRotation(List<E> active, Function<? super E, OutlierState> health) {
    boolean anyEjected = false;
    for (E upstream : active) {
      if (health.apply(upstream).isEjected()) {
        anyEjected = true;
        break;
      }
    }
    if (!anyEjected) {
      endPanic();
      return active;
    }
    long now = clock.getAsLong();
    List<E> in = new ArrayList<>(active.size());
    for (E upstream : active) {
      OutlierState state = health.apply(upstream);
      if (state.readmitIfDue(now)) {
        events.accept(
            new HealthEvent(service, state.name(), HealthEvent.Kind.READMITTED, "ejection over"));
      }
      if (!state.isEjected()) {
        in.add(upstream);
      }
    }
    if (in.size() < policy.panicThreshold() * active.size()) {
      startPanic(in.size(), active.size());
      return active;
    }
    endPanic();
    return in;
  }

  /** Whether the service routes to all its upstreams because too few are in rotation. */
  public boolean inPanic() {
    return panic;
  }

  /** Times the panic threshold triggered: a refused ejection or the start of a panic. */
  public long panics() {
    return panics;
  }

  public OutlierPolicy policy() {
    return policy;
  }

  private synchronized void startPanic(int in, int total) {
    if (panic) {
      return;
    }
    panic = true;
    panics++;
    events.accept(
        new HealthEvent(
            service,
            null,
            HealthEvent.Kind.PANIC_STARTED,
            in
                + " of "
                + total
                + " upstreams in rotation, under the panic threshold "
                + percent(policy.panicThreshold())
                + ": routing to all"));
  }

  private void endPanic() {
    if (!panic) {
      return;
    }
    synchronized (this) {
      if (panic) {
        panic = false;
        events.accept(
            new HealthEvent(
                service, null, HealthEvent.Kind.PANIC_ENDED, "enough upstreams in rotation"));
      }
    }
  }

  private static String percent(double share) {
    return Math.round(share * 100) + "%";
  }
}
