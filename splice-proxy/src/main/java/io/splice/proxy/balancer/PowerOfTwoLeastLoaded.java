package io.splice.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** See {@link Balancer#powerOfTwoLeastLoaded()}. */
final class PowerOfTwoLeastLoaded implements Balancer {

  /**
   * Costs this close are a tie, won by the first candidate drawn (at random): estimates and ramps
   * are not precise enough to tell them apart, and a strict comparison would always favour the
   * same one (the one added first, during slow start).
   */
  static final double TIE = 0.01;

  private final Supplier<? extends RandomGenerator> random;

  PowerOfTwoLeastLoaded(Supplier<? extends RandomGenerator> random) {
    this.random = requireNonNull(random, "random");
  }

  @Override
  public <E extends Endpoint> Optional<E> select(List<E> candidates) {
    int size = candidates.size();
    if (size == 0) {
      return Optional.empty();
    }
    if (size == 1) {
      return Optional.of(candidates.get(0));
    }
    RandomGenerator rng = random.get();
    double[] weights = new double[size];
    double total = 0;
    for (int i = 0; i < size; i++) {
      weights[i] = effectiveWeight(candidates.get(i));
      total += weights[i];
    }
    int first = weightedIndex(rng, weights, total, -1);
    int second = weightedIndex(rng, weights, total - weights[first], first);
    E a = candidates.get(first);
    E b = candidates.get(second);
    return Optional.of(
        cheaper(a, weights[first], b, weights[second]) ? a : b);
  }

  /**
   * Whether {@code a} costs no more than {@code b} (within {@link #TIE}), the cost being {@code latency × (outstanding +
   * 1) / weight}. An endpoint with no latency known yet is compared with the other's latency, so
   * that it competes on load alone instead of winning every draw.
   */
  static boolean cheaper(Endpoint a, double weightA, Endpoint b, double weightB) {
    double latencyA = a.latency();
    double latencyB = b.latency();
    if (latencyA <= 0) {
      latencyA = latencyB;
    }
    if (latencyB <= 0) {
      latencyB = latencyA;
    }
    // 1 ns floor: when neither latency is known this is least outstanding requests per weight.
    double costA = (latencyA + 1) * (Math.max(0, a.outstanding()) + 1) / weightA;
    double costB = (latencyB + 1) * (Math.max(0, b.outstanding()) + 1) / weightB;
    return costA <= costB * (1 + TIE);
  }

  /**
   * Draws an index with probability proportional to its weight, skipping {@code excluded}; {@code
   * total} is the sum over the indexes that may be drawn.
   */
  private static int weightedIndex(
      RandomGenerator rng, double[] weights, double total, int excluded) {
    double point = rng.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (i == excluded) {
        continue;
      }
      last = i;
      point -= weights[i];
      if (point < 0) {
        return i;
      }
    }
    return last; // rounding left a sliver past the end: the last allowed index
  }

  private static double effectiveWeight(Endpoint endpoint) {
    double factor = endpoint.weightFactor();
    return Math.max(1, endpoint.weight()) * (factor > 0 && factor <= 1 ? factor : 1);
  }
}
