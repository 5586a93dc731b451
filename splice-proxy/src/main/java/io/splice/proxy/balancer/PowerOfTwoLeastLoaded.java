package io.splice.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** See {@link Balancer#powerOfTwoLeastLoaded()}. */
final class PowerOfTwoLeastLoaded implements Balancer {

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
    long totalWeight = totalWeight(candidates);
    int first = weightedIndex(rng, candidates, totalWeight, -1);
    int second = weightedIndex(rng, candidates, totalWeight - weight(candidates.get(first)), first);
    E a = candidates.get(first);
    E b = candidates.get(second);
    return Optional.of(lessLoaded(a, b));
  }

  /**
   * The lighter of the two by {@code (outstanding + 1) / weight}; on a tie the first, drawn at
   * random.
   */
  private static <E extends Endpoint> E lessLoaded(E a, E b) {
    // (a.out + 1) / a.w <= (b.out + 1) / b.w, compared without division.
    long loadA = (Math.max(0, a.outstanding()) + 1) * (long) weight(b);
    long loadB = (Math.max(0, b.outstanding()) + 1) * (long) weight(a);
    return loadB < loadA ? b : a;
  }

  /**
   * Draws an index with probability proportional to its weight, skipping {@code excluded}; {@code
   * totalWeight} is the sum over the indexes that may be drawn.
   */
  private static int weightedIndex(
      RandomGenerator rng, List<? extends Endpoint> candidates, long totalWeight, int excluded) {
    long point = rng.nextLong(totalWeight);
    int last = -1;
    for (int i = 0; i < candidates.size(); i++) {
      if (i == excluded) {
        continue;
      }
      last = i;
      point -= weight(candidates.get(i));
      if (point < 0) {
        return i;
      }
    }
    return last; // not reached unless weights changed under us; any allowed index will do
  }

  private static long totalWeight(List<? extends Endpoint> candidates) {
    long total = 0;
    for (Endpoint candidate : candidates) {
      total += weight(candidate);
    }
    return total;
  }

  private static int weight(Endpoint endpoint) {
    return Math.max(1, endpoint.weight());
  }
}
