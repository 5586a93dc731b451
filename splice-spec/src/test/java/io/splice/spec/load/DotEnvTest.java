package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.splice.spec.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvTest {
  private static final Path FILE = Path.of("app.env");

  private final Problems problems = new Problems();

  @Test
  void parse_formsAndComments() {
    List<DotEnv.Entry> entries = parse("""
        # comment
        A=1
        export B = two words  # trailing comment
        C='single ${A} # kept'
        D="double ${A}\\n\\"quoted\\" \\$A"
        E=${A}${MISSING:-x}
        F=
        G=a#b
        H="multi
        line"
        NAME_ONLY
        """, Map.of());

    assertThat(DotEnv.toMap(entries)).containsExactly(
        entry("A", "1"), entry("B", "two words"), entry("C", "single ${A} # kept"),
        entry("D", "double 1\n\"quoted\" $A"), entry("E", "1x"), entry("F", ""), entry("G", "a#b"),
        entry("H", "multi\nline"));
    assertThat(entries.get(entries.size() - 1)).isEqualTo(new DotEnv.Entry("NAME_ONLY", null,
        new io.splice.spec.SourcePosition(FILE, 11, 1)));
    assertThat(problems.hasErrors()).isFalse();
  }

  @Test
  void parse_earlierLinesWinOverOuterVariables_crlfLineEnds() {
    Map<String, String> map = DotEnv.toMap(parse("A=inner\r\nB=${A}-${OUTER}\r\n", Map.of("A", "outer",
        "OUTER", "o")));

    assertThat(map).containsExactly(entry("A", "inner"), entry("B", "inner-o"));
  }

  @Test
  void parse_errorsWithPositions() {
    parse("""
        GOOD=1
        1BAD=x
        QUOTE='open
        """, Map.of());

    assertThat(problems.errors()).extracting(Diagnostic::toString).containsExactly(
        "app.env:2:1: '1BAD=x' (expected: a line 'NAME=value')",
        "app.env:3:7: a value opened with ' is not closed (expected: a closing ')");
  }

  private List<DotEnv.Entry> parse(String text, Map<String, String> outer) {
    return DotEnv.parse(FILE, text.getBytes(StandardCharsets.UTF_8), outer::get, problems);
  }
}
