package io.splice.image.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Dockerfile.
 *
 * @param name the file's name as errors show it, for example {@code Dockerfile}
 * @param directives the parser directives at the top ({@code syntax}, {@code escape}, {@code
 *     check}), keys in lower case
 * @param escape the escape character, {@code \} or {@code `}
 * @param globalArgs the {@code ARG} instructions before the first {@code FROM}
 * @param stages the build stages in order
 * @param warnings things the parser accepted but ignored, each starting with {@code file:line:}
 */
public record Dockerfile(
    String name,
    Map<String, String> directives,
    char escape,
    List<Instruction.Arg> globalArgs,
    List<Stage> stages,
    List<String> warnings) {
  public Dockerfile {
    directives = Map.copyOf(directives);
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }

  /** The stage named {@code nameOrIndex} (names ignore case), or the one at that index. */
  public Optional<Stage> stage(String nameOrIndex) {
    String wanted = nameOrIndex.toLowerCase(Locale.ROOT);
    for (Stage stage : stages) {
      if (wanted.equals(stage.name())) {
        return Optional.of(stage);
      }
    }
    if (wanted.matches("\\d+")) {
      int index = Integer.parseInt(wanted);
      if (index < stages.size()) {
        return Optional.of(stages.get(index));
      }
    }
    return Optional.empty();
  }

  /** The last stage, which a build without a target produces. */
  public Stage lastStage() {
    return stages.get(stages.size() - 1);
  }
}
