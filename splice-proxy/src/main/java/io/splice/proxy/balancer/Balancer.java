package io.splice.proxy.balancer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Picks the endpoint that serves the next request.
 *
 * <pre>{@code
 * Balancer balancer = Balancer.powerOfTwoLeastLoaded();
 * Optional<Upstream> next = balancer.select(service.activeUpstreams());
 * }</pre>
 *
 * <p>Implementations are thread-safe and never block.
 */
public interface Balancer {

  /**
   * Least outstanding requests with the power of two choices: two distinct candidates are drawn at
   * random (in proportion to their weight), and the one with the lower {@code (outstanding + 1) /
   * weight} wins. It spreads load almost as well as a global least-loaded choice without
   * coordination, and it never sends a burst to the one endpoint that looked idle.
   */
  static Balancer powerOfTwoLeastLoaded() {
    return new PowerOfTwoLeastLoaded(ThreadLocalRandom::current);
  }

  /**
   * Same as {@link #powerOfTwoLeastLoaded()} with the random source given, for tests and
   * benchmarks. The generator is used from the calling thread only, so a non thread-safe one is
   * fine when a single thread selects.
   */
  static Balancer powerOfTwoLeastLoaded(RandomGenerator random) {
    return new PowerOfTwoLeastLoaded(() -> random);
  }

  /** As {@link #powerOfTwoLeastLoaded(RandomGenerator)}, with one generator looked up per call. */
  static Balancer powerOfTwoLeastLoaded(Supplier<? extends RandomGenerator> random) {
    return new PowerOfTwoLeastLoaded(random);
  }

  /**
   * Returns the chosen candidate, or empty when there are none. The list is not modified; callers
   * pass the candidates they allow (for a retry: the active ones not tried yet).
   */
  <E extends Endpoint> Optional<E> select(List<E> candidates);
}
