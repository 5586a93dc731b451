package io.splice.image.build;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import io.splice.image.dockerfile.WordExpander;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stages a target needs: itself, the stage it starts {@code FROM}, the stages it copies
 * {@code --from}, and theirs, in file order. Stages nothing needs are not built, as with BuildKit.
 */
final class StagePlan {
  private StagePlan() {}

  static List<Stage> stagesFor(Dockerfile dockerfile, Stage target, Map<String, String> globalArgs) {
    WordExpander expander = new WordExpander(dockerfile.escape());
    TreeMap<Integer, Stage> needed = new TreeMap<>();
    List<Stage> todo = new ArrayList<>(List.of(target));
    while (!todo.isEmpty()) {
      Stage stage = todo.remove(todo.size() - 1);
      if (needed.put(stage.index(), stage) != null) {
        continue;
      }
      List<String> refs = new ArrayList<>();
      refs.add(stage.from().image());
      for (Instruction i : stage.instructions()) {
        if (i instanceof Instruction.Copy && ((Instruction.Copy) i).args().from() != null) {
          refs.add(((Instruction.Copy) i).args().from());
        }
      }
      for (String ref : refs) {
        String name;
        try {
          name = expander.expand(ref, globalArgs);
        } catch (IllegalArgumentException e) {
          continue;
        }
        Optional<Stage> dep = dockerfile.stage(name);
        if (dep.isPresent() && dep.get().index() < stage.index()) {
          todo.add(dep.get());
        }
      }
    }
    return new ArrayList<>(needed.values());
  }
}
