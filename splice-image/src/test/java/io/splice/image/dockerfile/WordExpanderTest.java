package io.splice.image.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WordExpanderTest {
  private static final Map<String, String> ENV = new HashMap<>(Map.of("A", "x", "E", "", "S", "two words"));
  private final WordExpander expander = new WordExpander('\\');

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "$A|x",
        "${A}|x",
        "pre${A}post|prexpost",
        "$A$A|xx",
        "$U|~~",
        "${U:-d}|d",
        "${E:-d}|d",
        "${A:-d}|x",
        "${U-d}|d",
        "${E-d}|~~",
        "${A:+y}|y",
        "${E:+y}|~~",
        "${U:+y}|~~",
        "${E+y}|y",
        "${U+y}|~~",
        "${U:-${A}}|x",
        "${U:-'$A'}|$A",
        "'$A'|$A",
        "\"$A\"|x",
        "\\$A|$A",
        "\"\\$A\"|$A",
        "\"a\\b\"|a\\b",
        "$|$",
        "a$-b|a$-b",
        "\"a b\"|a b",
      })
  void expand_substitutionTable(String word, String expected) {
    assertThat(expander.expand(word, ENV)).isEqualTo(expected);
  }

  @Test
  void expandWords_splitsUnquotedValuesOnly() {
    assertThat(expander.expandWords("$S \"$S\" '' x", ENV)).containsExactly("two", "words", "two words", "", "x");
  }

  @Test
  void expand_backtickEscape_keepsBackslashes() {
    assertThat(new WordExpander('`').expand("C:\\dir`$A", ENV)).isEqualTo("C:\\dir$A");
  }

  @Test
  void expand_errors() {
    assertThatThrownBy(() -> expander.expand("${U:?must be set}", ENV)).hasMessage("U: must be set");
    assertThatThrownBy(() -> expander.expand("${E:?}", ENV)).hasMessage("E: is not allowed to be unset");
    assertThat(expander.expand("${E?}", ENV)).isEmpty();
    assertThatThrownBy(() -> expander.expand("\"open", ENV)).hasMessageContaining("matching double-quote");
    assertThatThrownBy(() -> expander.expand("'open", ENV)).hasMessageContaining("matching single-quote");
    assertThatThrownBy(() -> expander.expand("${A", ENV)).hasMessageContaining("bad substitution");
    assertThatThrownBy(() -> expander.expand("${A:-x", ENV)).hasMessageContaining("missing '}'");
    assertThatThrownBy(() -> expander.expand("${A%x}", ENV)).hasMessageContaining("unsupported modifier (%)");
  }
}
