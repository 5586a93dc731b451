package io.splice.image;

import java.util.Objects;

/**
 * One problem {@link Images#check} found in a Dockerfile.
 *
 * @param line the first line of the instruction it is about, counting from 1
 * @param rule the rule's id in kebab-case, for example {@code undefined-variable}
 * @param message what is wrong and what was expected
 */
public record CheckFinding(int line, String rule, String message) {
  public CheckFinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  /** The finding as one line, {@code Dockerfile:12: runs-as-root: the final stage sets no USER, ...}. */
  public String format(String file) {
    return file + ":" + line + ": " + rule + ": " + message;
  }
}
