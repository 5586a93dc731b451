package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {
  private static final Map<String, String> VARIABLES = Map.of("NAME", "shop", "EMPTY", "", "PORT", "8080");

  private final List<String> reported = new ArrayList<>();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "$NAME|shop",
      "${NAME}|shop",
      "x${NAME}y|xshopy",
      "$NAME-db|shop-db",
      "${EMPTY:-fallback}|fallback",
      "${EMPTY-fallback}|''",
      "${UNSET-fallback}|fallback",
      "${UNSET:-${PORT}}|8080",
      "${UNSET:-a ${NAME} b}|a shop b",
      "${NAME:+set}|set",
      "${EMPTY:+set}|''",
      "${EMPTY+set}|set",
      "${UNSET+set}|''",
      "$$NAME|$NAME",
      "$${NAME}|${NAME}",
      "cost $5|cost $5",
      "end $|end $",
      "${NAME:-}|shop",
  })
  void apply_forms(String template, String expected) {
    assertThat(apply(template)).isEqualTo(expected);
    assertThat(reported).isEmpty();
  }

  @Test
  void apply_unsetWithoutDefault_isEmptyAndReported() {
    assertThat(apply("[${UNSET}]")).isEqualTo("[]");
    assertThat(reported).containsExactly("unset UNSET");
  }

  @Test
  void apply_required() {
    assertThat(apply("${NAME:?needed}")).isEqualTo("shop");
    assertThat(apply("${EMPTY?needed}")).isEqualTo("");
    assertThat(apply("${EMPTY:?set ${NAME} first}")).isNull();
    assertThat(apply("${UNSET?}")).isNull();
    assertThat(reported).containsExactly("required EMPTY: set shop first", "required UNSET: ");
  }

  @Test
  void apply_invalid() {
    assertThat(apply("${NAME")).isNull();
    assertThat(apply("${}")).isNull();
    assertThat(apply("${NAME!x}")).isNull();
    assertThat(reported).containsExactly(
        "invalid '${NAME' has no closing '}'",
        "invalid '${}' names no variable (expected: a name of letters, digits and '_')",
        "invalid '${NAME!x}' (expected: ${NAME}, or ':-', '-', ':?', '?', ':+' or '+' after the name)");
  }

  private String apply(String template) {
    return Interpolation.apply(template, VARIABLES::get, new Interpolation.Listener() {
      @Override
      public void unset(String variable) {
        reported.add("unset " + variable);
      }

      @Override
      public void required(String variable, String message) {
        reported.add("required " + variable + ": " + message);
      }

      @Override
      public void invalid(String detail) {
        reported.add("invalid " + detail);
      }
    });
  }
}
