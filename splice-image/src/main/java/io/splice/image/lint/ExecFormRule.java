package io.splice.image.lint;

import io.splice.image.dockerfile.Command;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code exec-form-expected}: {@code CMD node server.js} instead of {@code CMD ["node",
 * "server.js"]}. The shell form runs the command under {@code /bin/sh -c}, which becomes PID 1 and
 * does not pass {@code SIGTERM} on, so the app is killed instead of stopping cleanly.
 */
final class ExecFormRule implements Rule {
  @Override
  public String id() {
    return "exec-form-expected";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : file.stages()) {
      for (Instruction instruction : stage.instructions()) {
        Command command = null;
        if (instruction instanceof Instruction.Cmd cmd) {
          command = cmd.command();
        } else if (instruction instanceof Instruction.Entrypoint entrypoint) {
          command = entrypoint.command();
        }
        if (command != null && !command.execForm()) {
          findings.add(finding(instruction.lines().first(), instruction.keyword()
              + " in shell form runs under /bin/sh -c, which does not pass SIGTERM on"
              + " (expected: exec form, for example " + instruction.keyword() + " [\"executable\", \"arg\"])"));
        }
      }
    }
    return findings;
  }
}
