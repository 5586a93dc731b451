package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code unknown-copy-source}: {@code COPY --from=NAME} where NAME is neither an earlier stage
 * nor plausibly an image. Names holding {@code /}, {@code :} or {@code .} ({@code nginx:1.27},
 * {@code ghcr.io/acme/tools}) are taken as images; a bare word such as {@code biuld} is most
 * likely a misspelt stage.
 */
final class CopyFromRule implements Rule {
  @Override
  public String id() {
    return "unknown-copy-source";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : file.stages()) {
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Instruction.Copy copy && copy.args().from() != null) {
          problem(file, stage, copy.args().from())
              .ifPresent(message -> findings.add(finding(copy.lines().first(), message)));
        }
      }
    }
    return findings;
  }

  private static Optional<String> problem(Dockerfile file, Stage stage, String from) {
    if (from.contains("$") || from.matches(".*[/:.].*")) {
      return Optional.empty();
    }
    if (from.matches("\\d+")) {
      return Integer.parseInt(from) < stage.index()
          ? Optional.empty()
          : Optional.of("--from=" + from + " (expected: the index of an earlier stage, below " + stage.index() + ")");
    }
    String wanted = from.toLowerCase(Locale.ROOT);
    for (Stage other : file.stages()) {
      if (!wanted.equals(other.name())) {
        continue;
      }
      return other.index() < stage.index()
          ? Optional.empty()
          : Optional.of("--from=" + from + ": the stage is defined at line " + other.from().lines().first()
              + ", after this one (expected: an earlier stage)");
    }
    List<String> earlier = file.stages().subList(0, stage.index()).stream()
        .map(s -> "\"" + s.displayName() + "\"")
        .toList();
    String stages = earlier.isEmpty() ? "" : "an earlier stage (" + String.join(", ", earlier) + ") or ";
    return Optional.of("--from=" + from + " is not an earlier stage (expected: " + stages
        + "an image reference with a tag, such as " + from + ":latest)");
  }
}
