package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VariableReferencesTest {
  @Test
  void find_plainAndBracedAndDoubleQuoted() {
    assertThat(VariableReferences.find("$A/${B}-\"$C\" x$D_1", '\\')).containsExactly("A", "B", "C", "D_1");
  }

  @Test
  void find_singleQuotesAndEscapes_areLiteral() {
    assertThat(VariableReferences.find("'$A' \\$B \"'$C'\"", '\\')).containsExactly("C");
  }

  @Test
  void find_backtickEscape() {
    assertThat(VariableReferences.find("`$A \\$B", '`')).containsExactly("B");
  }

  @Test
  void find_defaultOrAlternative_skipsTheNameButScansTheWord() {
    assertThat(VariableReferences.find("${A:-x} ${B-$C} ${D:+${E}} ${F:?must be set}", '\\'))
        .containsExactly("C", "E");
  }

  @Test
  void find_notAName_isIgnored() {
    assertThat(VariableReferences.find("$ $1 ${} price$", '\\')).isEmpty();
  }
}
