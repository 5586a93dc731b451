package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;

/** {@code deprecated-maintainer}: {@code MAINTAINER} is deprecated in favour of a label. */
final class MaintainerRule implements Rule {
  @Override
  public String id() {
    return "deprecated-maintainer";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : file.stages()) {
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Instruction.Maintainer) {
          findings.add(finding(instruction.lines().first(),
              "MAINTAINER is deprecated (expected: LABEL org.opencontainers.image.authors=\"...\")"));
        }
      }
    }
    return findings;
  }
}
