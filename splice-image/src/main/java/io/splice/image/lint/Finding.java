package io.splice.image.lint;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem a rule found, for example {@code 12, "runs-as-root", "the final stage has no USER"}.
 *
 * @param line the first line of the instruction it is about, counting from 1
 * @param rule the rule's id in kebab-case
 * @param message what is wrong and what to do instead
 */
public record Finding(int line, String rule, String message) {
  /** By line, then by rule id, the order the findings are shown in. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparingInt(Finding::line).thenComparing(Finding::rule);

  public Finding {
    if (line < 1) {
      throw new IllegalArgumentException("line: " + line + " (expected: >= 1)");
    }
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }
}
