package io.splice.image;

import java.util.List;

/**
 * What {@link Images#check} found in a Dockerfile that parses.
 *
 * @param file the Dockerfile's name as findings show it, for example {@code Dockerfile}
 * @param stages how many build stages the file has
 * @param findings the problems, sorted by line and then by rule
 * @param json the parsed instructions and the findings as JSON, for tools (see {@link Images#check})
 */
public record CheckResult(String file, int stages, List<CheckFinding> findings, String json) {
  public CheckResult {
    findings = List.copyOf(findings);
  }

  /** Whether no rule found anything. */
  public boolean clean() {
    return findings.isEmpty();
  }
}
