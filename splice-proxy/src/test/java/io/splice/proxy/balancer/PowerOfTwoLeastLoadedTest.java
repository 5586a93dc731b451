package io.splice.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerOfTwoLeastLoadedTest {

  /** An endpoint whose load the test sets. */
  private static final class Fixed implements Endpoint {
    final String name;
    final int weight;
    long outstanding;
    double latency;
    double factor = 1;

    Fixed(String name, int weight, long outstanding) {
      this.name = name;
      this.weight = weight;
      this.outstanding = outstanding;
    }

    @Override
    public int weight() {
      return weight;
    }

    @Override
    public long outstanding() {
      return outstanding;
    }

    @Override
    public double latency() {
      return latency;
    }

    @Override
    public double weightFactor() {
      return factor;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private Map<String, Integer> picks(List<Fixed> candidates, int draws) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < draws; i++) {
      counts.merge(balancer.select(candidates).orElseThrow().name, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void select_sameLoad_prefersTheLowerLatency() {
    Fixed fast = new Fixed("fast", 1, 2);
    Fixed slow = new Fixed("slow", 1, 2);
    fast.latency = 1_000_000;
    slow.latency = 5_000_000;

    assertThat(picks(List.of(fast, slow), 1_000)).containsOnlyKeys("fast");
  }

  @Test
  void select_latencyTimesLoad_aFastEndpointTakesMoreRequestsInFlight() {
    Fixed fast = new Fixed("fast", 1, 3); // 1 ms × 4 = 4
    Fixed slow = new Fixed("slow", 1, 0); // 5 ms × 1 = 5
    fast.latency = 1_000_000;
    slow.latency = 5_000_000;

    assertThat(picks(List.of(fast, slow), 100)).containsOnlyKeys("fast");
    fast.outstanding = 5; // 6 > 5
    assertThat(picks(List.of(fast, slow), 100)).containsOnlyKeys("slow");
  }

  @Test
  void select_unknownLatency_competesOnLoadAlone() {
    Fixed known = new Fixed("known", 1, 0);
    Fixed fresh = new Fixed("fresh", 1, 1);
    known.latency = 9_000_000;

    assertThat(picks(List.of(known, fresh), 100)).containsOnlyKeys("known");
  }

  @Test
  void select_slowStart_drawsAWarmingEndpointLessOften() {
    List<Fixed> candidates = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) {
      candidates.add(new Fixed("old" + i, 1, 0));
    }
    Fixed warming = new Fixed("new", 1, 0);
    warming.factor = 0.1;
    candidates.add(warming);

    // Same load: its cost is divided by a tenth of its weight, so it loses every draw.
    assertThat(picks(candidates, 5_000)).doesNotContainKey("new");

    // Once the others carry ten times its load it wins when drawn: about 2 × 0.1 / 9.1 = 2.2%.
    candidates.forEach(c -> c.outstanding = c == warming ? 0 : 10);
    assertThat(picks(candidates, 20_000).get("new")).isBetween(250, 700);
  }

  private final Balancer balancer = Balancer.powerOfTwoLeastLoaded(new SplittableRandom(42));

  @Test
  void select_noCandidates_isEmpty() {
    assertThat(balancer.select(List.<Fixed>of())).isEmpty();
  }

  @Test
  void select_oneCandidate_isThatOneWhateverItsLoad() {
    Fixed only = new Fixed("a", 1, 1_000);

    assertThat(balancer.select(List.of(only))).containsSame(only);
  }

  @Test
  void select_twoCandidates_alwaysTheLessLoaded() {
    Fixed busy = new Fixed("busy", 1, 5);
    Fixed idle = new Fixed("idle", 1, 0);

    for (int i = 0; i < 1_000; i++) {
      assertThat(balancer.select(List.of(busy, idle))).containsSame(idle);
      assertThat(balancer.select(List.of(idle, busy))).containsSame(idle);
    }
  }

  @Test
  void select_distinctLoads_neverPicksTheMostLoaded() {
    Fixed low = new Fixed("low", 1, 0);
    Fixed mid = new Fixed("mid", 1, 3);
    Fixed high = new Fixed("high", 1, 9);

    Map<Fixed, Integer> picks = pick(List.of(low, mid, high), 3_000);

    assertThat(picks).doesNotContainKey(high);
    // "low" wins both pairs it is drawn in (2 of 3 pairs), "mid" only the pair with "high".
    assertThat(picks.get(low)).isBetween(1_800, 2_200);
    assertThat(picks.get(mid)).isBetween(800, 1_200);
  }

  @Test
  void select_equalLoads_spreadsEvenly() {
    List<Fixed> all = List.of(new Fixed("a", 1, 0), new Fixed("b", 1, 0), new Fixed("c", 1, 0));

    Map<Fixed, Integer> picks = pick(all, 3_000);

    assertThat(picks.values()).hasSize(3).allSatisfy(n -> assertThat(n).isBetween(850, 1_150));
  }

  @Test
  void select_weights_scaleCapacity() {
    Fixed heavy = new Fixed("heavy", 3, 1); // (1 + 1) / 3
    Fixed light = new Fixed("light", 1, 0); // (0 + 1) / 1

    assertThat(balancer.select(List.of(light, heavy))).containsSame(heavy);

    heavy.outstanding = 3; // (3 + 1) / 3 > 1
    assertThat(balancer.select(List.of(light, heavy))).containsSame(light);
  }

  @Test
  void select_weights_drawHeavierCandidatesMoreOften() {
    // Equal (outstanding + 1) / weight for all, so the draw alone decides: ties go to the first
    // drawn, which is drawn in proportion to weight.
    Fixed heavy = new Fixed("heavy", 4, 3);
    Fixed a = new Fixed("a", 1, 0);
    Fixed b = new Fixed("b", 1, 0);

    Map<Fixed, Integer> picks = pick(List.of(heavy, a, b), 6_000);

    assertThat(picks.get(heavy)).isBetween(3_600, 4_400); // 4 / 6 of first draws
  }

  @Test
  void select_zeroOrNegativeWeight_countsAsOne() {
    Fixed zero = new Fixed("zero", 0, 0);
    Fixed one = new Fixed("one", 1, 0);

    Map<Fixed, Integer> picks = pick(List.of(zero, one), 2_000);

    assertThat(picks.get(zero)).isBetween(800, 1_200);
  }

  @Test
  void select_doesNotModifyCandidates() {
    List<Fixed> all =
        new java.util.ArrayList<>(List.of(new Fixed("a", 1, 0), new Fixed("b", 1, 1)));

    balancer.select(all);

    assertThat(all).extracting(f -> f.name).containsExactly("a", "b");
  }

  private Map<Fixed, Integer> pick(List<Fixed> candidates, int times) {
    Map<Fixed, Integer> picks = new HashMap<>();
    for (int i = 0; i < times; i++) {
      Fixed picked = balancer.select(candidates).orElseThrow();
      picks.merge(picked, 1, Integer::sum);
    }
    return picks;
  }
}
