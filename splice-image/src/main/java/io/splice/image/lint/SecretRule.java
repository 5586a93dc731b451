package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.KeyValue;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code secret-in-arg-or-env}: {@code ARG NPM_TOKEN} or {@code ENV DB_PASSWORD=...}. Build
 * arguments stay in the image's history and {@code ENV} values in its config, where anyone who
 * can pull the image reads them; a secret mount ({@code RUN --mount=type=secret}) leaves nothing.
 */
final class SecretRule implements Rule {
  /** Names that look like they hold a secret, ignoring case. */
  static final Pattern SECRET_NAME =
      Pattern.compile("password|passwd|secret|token|api_key|apikey|private_key", Pattern.CASE_INSENSITIVE);

  @Override
  public String id() {
    return "secret-in-arg-or-env";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    file.globalArgs().forEach(arg -> check(arg, arg.args(), findings));
    for (Stage stage : file.stages()) {
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Instruction.Arg arg) {
          check(arg, arg.args(), findings);
        } else if (instruction instanceof Instruction.Env env) {
          check(env, env.pairs(), findings);
        }
      }
    }
    return findings;
  }

  private void check(Instruction instruction, List<KeyValue> pairs, List<Finding> findings) {
    String where = instruction instanceof Instruction.Arg ? "the image's history" : "the image's config";
    for (KeyValue pair : pairs) {
      if (SECRET_NAME.matcher(pair.key()).find()) {
        findings.add(finding(instruction.lines().first(), instruction.keyword() + " " + pair.key()
            + " looks like a secret, and its value stays in " + where
            + " (expected: RUN --mount=type=secret,id=" + pair.key().toLowerCase(java.util.Locale.ROOT) + ")"));
      }
    }
  }
}
