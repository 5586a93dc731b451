package io.splice.image.dockerfile;

import java.util.List;

/**
 * One build stage: its {@code FROM} and the instructions up to the next {@code FROM}.
 *
 * @param index the stage's position, from 0, usable as {@code COPY --from=0}
 * @param name the {@code AS} name in lower case, or null
 */
public record Stage(int index, String name, Instruction.From from, List<Instruction> instructions) {
  public Stage {
    instructions = List.copyOf(instructions);
  }

  /** The name when there is one, else the index, as progress and errors show the stage. */
  public String displayName() {
    return name != null ? name : Integer.toString(index);
  }
}
