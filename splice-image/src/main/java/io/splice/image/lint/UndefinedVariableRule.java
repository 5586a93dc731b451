package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.KeyValue;
import io.splice.image.dockerfile.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code undefined-variable}: a {@code $NAME} the builder substitutes that no {@code ARG} or {@code
 * ENV} declares in scope. Only the instructions the builder expands are checked ({@code RUN},
 * {@code CMD} and {@code ENTRYPOINT} are left to the shell). Global {@code ARG}s are in scope in
 * {@code FROM} lines only; a stage sees its own {@code ARG}s and {@code ENV}s, the {@code ENV}s of
 * the stage it starts from, and the predefined build arguments.
 */
final class UndefinedVariableRule implements Rule {
  /** Build arguments every build has without an {@code ARG}. */
  static final Set<String> PREDEFINED = Set.of(
      "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
      "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
      "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
      "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

  /** Variables that every base image sets, so that {@code ENV PATH=/app/bin:$PATH} is fine. */
  static final Set<String> BASE_IMAGE_ENV = Set.of("PATH");

  @Override
  public String id() {
    return "undefined-variable";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    List<Finding> findings = new ArrayList<>();
    char escape = file.escape();
    Set<String> global = new HashSet<>(PREDEFINED);
    for (Instruction.Arg arg : file.globalArgs()) {
      checkArgs(arg, global, escape, "before the first FROM", findings);
    }
    Set<String> globalArgs = new HashSet<>(global);
    globalArgs.removeAll(PREDEFINED);
    Map<String, Set<String>> stageEnv = new HashMap<>();
    for (Stage stage : file.stages()) {
      report(stage.from(), references(stage.from(), escape), global, "before the first FROM", Set.of(), findings);
      Set<String> env = new HashSet<>(BASE_IMAGE_ENV);
      env.addAll(stageEnv.getOrDefault(stage.from().image().toLowerCase(Locale.ROOT), Set.of()));
      Set<String> scope = new HashSet<>(PREDEFINED);
      scope.addAll(env);
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Instruction.Arg arg) {
          checkArgs(arg, scope, escape, "in this stage", findings);
          continue;
        }
        if (expanded(instruction)) {
          report(instruction, references(instruction, escape), scope, "in this stage", globalArgs, findings);
        }
        if (instruction instanceof Instruction.Env e) {
          e.pairs().forEach(pair -> scope.add(pair.key()));
          e.pairs().forEach(pair -> env.add(pair.key()));
        }
      }
      stageEnv.put(Integer.toString(stage.index()), env);
      if (stage.name() != null) {
        stageEnv.put(stage.name(), env);
      }
    }
    return findings;
  }

  private void checkArgs(
      Instruction.Arg arg, Set<String> scope, char escape, String where, List<Finding> findings) {
    for (KeyValue pair : arg.args()) {
      if (pair.value() != null) {
        Set<String> names = new LinkedHashSet<>(VariableReferences.find(pair.value(), escape));
        report(arg, names, scope, where, Set.of(), findings);
      }
      scope.add(pair.key());
    }
  }

  /** Reports each name outside {@code scope}; a global ARG gets a hint to declare it again. */
  private void report(
      Instruction instruction,
      Set<String> names,
      Set<String> scope,
      String where,
      Set<String> globalArgs,
      List<Finding> findings) {
    for (String name : names) {
      if (scope.contains(name)) {
        continue;
      }
      String hint = globalArgs.contains(name)
          ? " (it is declared before the first FROM: add ARG " + name + " to this stage to use it)"
          : "";
      findings.add(finding(
          instruction.lines().first(), "$" + name + " is not declared by ARG or ENV " + where + hint));
    }
  }

  private static Set<String> references(Instruction instruction, char escape) {
    String text = instruction.text().strip();
    int space = indexOfWhitespace(text);
    String rest = space < 0 ? "" : text.substring(space);
    return new LinkedHashSet<>(VariableReferences.find(rest, escape));
  }

  private static int indexOfWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the builder substitutes variables in this instruction's arguments. */
  private static boolean expanded(Instruction instruction) {
    return instruction instanceof Instruction.Add
        || instruction instanceof Instruction.Copy
        || instruction instanceof Instruction.Env
        || instruction instanceof Instruction.Expose
        || instruction instanceof Instruction.Label
        || instruction instanceof Instruction.StopSignal
        || instruction instanceof Instruction.User
        || instruction instanceof Instruction.Volume
        || instruction instanceof Instruction.Workdir;
  }
}
