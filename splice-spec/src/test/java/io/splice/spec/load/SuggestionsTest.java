package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS = List.of("replicas", "runtime", "image", "port", "target_port");

  @Test
  void closest_typos() {
    assertThat(Suggestions.closest("replcas", KEYS)).isEqualTo("replicas");
    assertThat(Suggestions.closest("imgae", KEYS)).isEqualTo("image");
    assertThat(Suggestions.closest("Port", KEYS)).isEqualTo("port");
    assertThat(Suggestions.closest("targetport", KEYS)).isEqualTo("target_port");
  }

  @Test
  void closest_nothingClose() {
    assertThat(Suggestions.closest("flavour", KEYS)).isNull();
    assertThat(Suggestions.closest("x", KEYS)).isNull();
  }

  @Test
  void hint_listsTheChoicesWhenNothingIsClose() {
    assertThat(Suggestions.hint("replcas", KEYS)).isEqualTo(" (did you mean 'replicas'?)");
    assertThat(Suggestions.hint("zzz", List.of("a", "b"))).isEqualTo(" (expected: one of a, b)");
  }

  @Test
  void distance_countsASwapOfNeighboursOnce() {
    assertThat(Suggestions.distance("imgae", "image")).isEqualTo(1);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }
}
