package io.splice.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Splits a service's requests between traffic groups (stable and canary, blue and green) by weight,
 * before the {@link Balancer} picks an endpoint within the chosen group.
 *
 * <pre>{@code
 * TrafficSplit split = TrafficSplit.of(Map.of("stable", 90, "canary", 10));
 * List<Upstream> group = split.choose(candidates, Upstream::group, random);
 * Optional<Upstream> next = balancer.select(group);
 * }</pre>
 *
 * <p>A group is drawn at random in proportion to its weight among the groups of positive weight
 * that have at least one candidate, so the long-run shares are exactly the weights' as long as
 * every group has an upstream in rotation; a group with none is skipped and its share goes to the
 * others. When no group of positive weight has a candidate, all candidates are returned (those of
 * weight-0 groups and those without a group), so that a split never makes a request fail while an
 * upstream is up. Immutable and thread-safe; no I/O.
 */
public final class TrafficSplit {

  /** No split: {@link #choose} returns the candidates as they are. */
  public static final TrafficSplit NONE = new TrafficSplit(new String[0], new int[0]);

  private final String[] groups;
  private final int[] weights;

  private TrafficSplit(String[] groups, int[] weights) {
    this.groups = groups;
    this.weights = weights;
  }

  /**
   * The split of {@code weights} (group name to weight, 0 or more); {@link #NONE} when null or
   * empty. Groups of weight 0 are kept out of the draw.
   *
   * @throws IllegalArgumentException for a negative or null weight, or a null name
   */
  public static TrafficSplit of(Map<String, Integer> weights) {
    if (weights == null || weights.isEmpty()) {
      return NONE;
    }
    List<String> names = new ArrayList<>();
    List<Integer> values = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : weights.entrySet()) {
      requireNonNull(entry.getKey(), "group");
      Integer weight = entry.getValue();
      if (weight == null || weight < 0) {
        throw new IllegalArgumentException(
            "groupWeights." + entry.getKey() + ": " + weight + " (expected: >= 0)");
      }
      if (weight > 0) {
        names.add(entry.getKey());
        values.add(weight);
      }
    }
    return new TrafficSplit(
        names.toArray(String[]::new), values.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Whether this split is {@link #NONE}. */
  public boolean isNone() {
    return this == NONE;
  }

  /**
   * The candidates of the group drawn for one request, in their order; {@code candidates} itself
   * when there is no split or no group of positive weight has a candidate. Never empty unless
   * {@code candidates} is.
   *
   * @param group the group of a candidate (null for none)
   * @param random used from the calling thread only
   */
  public <E> List<E> choose(
      List<E> candidates, Function<? super E, String> group, RandomGenerator random) {
    if (this == NONE || candidates.isEmpty()) {
      return candidates;
    }
    boolean[] present = new boolean[groups.length];
    long total = 0;
    for (E candidate : candidates) {
      int index = indexOf(group.apply(candidate));
      if (index >= 0 && !present[index]) {
        present[index] = true;
        total += weights[index];
      }
    }
    if (total == 0) {
      return candidates; // no weighted group is up: whatever is left serves
    }
    long point = random.nextLong(total);
    int chosen = -1;
    for (int i = 0; i < groups.length; i++) {
      if (present[i]) {
        point -= weights[i];
        if (point < 0) {
          chosen = i;
          break;
        }
      }
    }
    String name = groups[chosen];
    List<E> members = new ArrayList<>(candidates.size());
    for (E candidate : candidates) {
      if (name.equals(group.apply(candidate))) {
        members.add(candidate);
      }
    }
    return members;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("TrafficSplit[");
    for (int i = 0; i < groups.length; i++) {
      out.append(i == 0 ? "" : ", ").append(groups[i]).append('=').append(weights[i]);
    }
    return out.append(']').toString();
  }

  private int indexOf(String name) {
    if (name == null) {
      return -1;
    }
    for (int i = 0; i < groups.length; i++) {
      if (groups[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
