package io.splice.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {

  /** A candidate: a name and its group. */
  private record Member(String name, String group) {}

  private static final Member STABLE_1 = new Member("s1", "stable");
  private static final Member STABLE_2 = new Member("s2", "stable");
  private static final Member CANARY = new Member("c1", "canary");
  private static final Member LONER = new Member("x", null);

  private final SplittableRandom random = new SplittableRandom(42);

  private static Map<String, Integer> weights(Object... pairs) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      weights.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return weights;
  }

  private Map<String, Integer> draw(TrafficSplit split, List<Member> candidates, int times) {
    Map<String, Integer> groups = new HashMap<>();
    for (int i = 0; i < times; i++) {
      List<Member> chosen = split.choose(candidates, Member::group, random);
      assertThat(chosen).isNotEmpty();
      assertThat(chosen).extracting(Member::group).containsOnly(chosen.get(0).group());
      groups.merge(String.valueOf(chosen.get(0).group()), 1, Integer::sum);
    }
    return groups;
  }

  @Test
  void choose_tenNinety_givesTheWeightsShares() {
    TrafficSplit split = TrafficSplit.of(weights("stable", 90, "canary", 10));

    Map<String, Integer> groups = draw(split, List.of(STABLE_1, CANARY, STABLE_2), 2000);

    // 10% of 2000 is 200, with a standard deviation of about 13.4: ±50 is more than 3.5 of them.
    assertThat(groups.get("canary")).isBetween(150, 250);
    assertThat(groups.get("stable")).isEqualTo(2000 - groups.get("canary"));
  }

  @Test
  void choose_returnsEveryMemberOfTheGroup_inOrder() {
    TrafficSplit split = TrafficSplit.of(weights("stable", 1, "canary", 0));

    assertThat(split.choose(List.of(STABLE_1, CANARY, STABLE_2), Member::group, random))
        .containsExactly(STABLE_1, STABLE_2);
  }

  @Test
  void choose_zeroWeightGroup_getsNothing_whileAWeightedGroupIsUp() {
    TrafficSplit split = TrafficSplit.of(weights("blue", 0, "green", 100));
    Member blue = new Member("b", "blue");
    Member green = new Member("g", "green");

    assertThat(draw(split, List.of(blue, green), 500)).containsOnlyKeys("green");
  }

  @Test
  void choose_groupWithoutCandidates_isSkipped_itsShareGoesToTheOthers() {
    TrafficSplit split = TrafficSplit.of(weights("stable", 90, "canary", 10));

    assertThat(draw(split, List.of(STABLE_1, STABLE_2), 500)).containsOnlyKeys("stable");
    assertThat(draw(split, List.of(CANARY), 500)).containsOnlyKeys("canary");
  }

  @Test
  void choose_noWeightedGroupUp_fallsBackToAllCandidates() {
    TrafficSplit split = TrafficSplit.of(weights("blue", 0, "green", 100));
    Member blue = new Member("b", "blue");

    assertThat(split.choose(List.of(blue, LONER), Member::group, random))
        .containsExactly(blue, LONER);
  }

  @Test
  void choose_memberWithoutAGroup_getsNothing_whileAWeightedGroupIsUp() {
    TrafficSplit split = TrafficSplit.of(weights("stable", 1));

    assertThat(draw(split, List.of(LONER, STABLE_1), 200)).containsOnlyKeys("stable");
  }

  @Test
  void of_nullOrEmpty_isNone_andReturnsTheCandidatesThemselves() {
    List<Member> candidates = List.of(STABLE_1, CANARY);

    assertThat(TrafficSplit.of(null)).isSameAs(TrafficSplit.NONE);
    assertThat(TrafficSplit.of(Map.of())).isSameAs(TrafficSplit.NONE);
    assertThat(TrafficSplit.NONE.choose(candidates, Member::group, random)).isSameAs(candidates);
    assertThat(TrafficSplit.of(weights("a", 1)).choose(List.of(), Member::group, random)).isEmpty();
  }

  @Test
  void of_negativeWeight_isRefused() {
    assertThatThrownBy(() -> TrafficSplit.of(weights("canary", -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groupWeights.canary: -1 (expected: >= 0)");
  }
}
