package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Heredoc;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code apt-get-without-cleanup}: a {@code RUN} that installs packages with {@code apt-get
 * install} but leaves the package lists behind, adding tens of megabytes to its layer. Removing
 * {@code /var/lib/apt/lists} or running {@code apt-get clean} in the same {@code RUN} fixes it,
 * and so does a cache mount on {@code /var/lib/apt}, which keeps the lists out of the layer.
 */
final class AptCleanupRule implements Rule {
  private static final Pattern INSTALL = Pattern.compile("\\bapt-get\\s+(?:-\\S+\\s+)*install\\b");
  private static final Pattern CLEANUP = Pattern.compile(
      "\\brm\\s[^;&|\\n]*/var/lib/apt/lists|\\bapt-get\\s+(?:-\\S+\\s+)*clean\\b");
  private static final Pattern CACHE_MOUNT = Pattern.compile("--mount=\\S*target=/var/lib/apt");

  @Override
  public String id() {
    return "apt-get-without-cleanup";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : file.stages()) {
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Instruction.Run run && leavesLists(run)) {
          findings.add(finding(run.lines().first(), "apt-get install leaves /var/lib/apt/lists in the layer"
              + " (expected: && rm -rf /var/lib/apt/lists/* in the same RUN)"));
        }
      }
    }
    return findings;
  }

  private static boolean leavesLists(Instruction.Run run) {
    StringBuilder script = new StringBuilder(String.join(" ", run.command().args()));
    for (Heredoc heredoc : run.heredocs()) {
      script.append('\n').append(heredoc.content());
    }
    return INSTALL.matcher(script).find()
        && !CLEANUP.matcher(script).find()
        && !CACHE_MOUNT.matcher(run.text()).find();
  }
}
