package io.splice.image.lint;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.DockerfileParser;
import java.util.List;

/** Parses a Dockerfile's text and runs one rule, or all of them, for the tests. */
final class Lint {
  private Lint() {}

  static List<Finding> rule(Rule rule, String text) throws ImageFailure {
    List<Finding> findings = new java.util.ArrayList<>(rule.check(DockerfileParser.parse("Dockerfile", text)));
    findings.sort(Finding.ORDER);
    return findings;
  }

  static List<Finding> all(String text) throws ImageFailure {
    return Linter.lint(DockerfileParser.parse("Dockerfile", text));
  }

  /** {@code "LINE: rule"} for each finding, to compare whole lists. */
  static List<String> summary(List<Finding> findings) {
    return findings.stream().map(f -> f.line() + ": " + f.rule()).toList();
  }
}
