package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule over a parsed Dockerfile.
 *
 * <pre>{@code
 * Dockerfile file = DockerfileParser.parse(Path.of("Dockerfile"));
 * for (Finding f : Linter.lint(file)) {
 *   System.out.println(file.name() + ":" + f.line() + ": " + f.rule() + ": " + f.message());
 * }
 * }</pre>
 */
public final class Linter {
  private static final List<Rule> RULES = List.of(
      new UndefinedVariableRule(),
      new StageNameCaseRule(),
      new CopyFromRule(),
      new ExecFormRule(),
      new MaintainerRule(),
      new RootUserRule(),
      new SecretRule(),
      new AptCleanupRule());

  private Linter() {}

  /** The findings of every rule, sorted by line and then by rule id. */
  public static List<Finding> lint(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : RULES) {
      findings.addAll(rule.check(file));
    }
    findings.sort(Finding.ORDER);
    return List.copyOf(findings);
  }

  /** The ids of the rules, in the order they run. */
  public static List<String> ruleIds() {
    return RULES.stream().map(Rule::id).toList();
  }
}
