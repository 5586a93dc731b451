package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code stage-name-case}: {@code FROM golang AS Build}. Stage names are matched ignoring case, so
 * a mixed-case name only hides that {@code --from=build} and {@code --from=Build} are the same.
 */
final class StageNameCaseRule implements Rule {
  @Override
  public String id() {
    return "stage-name-case";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : file.stages()) {
      String[] words = stage.from().text().strip().split("\\s+");
      if (words.length < 4 || !words[words.length - 2].equalsIgnoreCase("as")) {
        continue;
      }
      String written = words[words.length - 1];
      String lower = written.toLowerCase(Locale.ROOT);
      if (!written.equals(lower)) {
        findings.add(finding(stage.from().lines().first(),
            "stage name \"" + written + "\" is not lower case (expected: \"" + lower + "\")"));
      }
    }
    return findings;
  }
}
