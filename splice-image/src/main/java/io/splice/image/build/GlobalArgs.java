package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.KeyValue;
import io.splice.image.dockerfile.WordExpander;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The values of the {@code ARG}s before the first {@code FROM}, which {@code FROM} lines can use. */
final class GlobalArgs {
  private GlobalArgs() {}

  static Map<String, String> resolve(Dockerfile dockerfile, Map<String, String> buildArgs) throws ImageFailure {
    WordExpander expander = new WordExpander(dockerfile.escape());
    Map<String, String> values = new LinkedHashMap<>();
    for (Instruction.Arg arg : dockerfile.globalArgs()) {
      for (KeyValue kv : arg.args()) {
        String value = buildArgs.get(kv.key());
        if (value == null && kv.value() != null) {
          try {
            value = expander.expand(kv.value(), values);
          } catch (IllegalArgumentException e) {
            throw ImageFailure.at(dockerfile.name(), arg.lines().first(), "ARG", e.getMessage());
          }
        }
        if (value != null) {
          values.put(kv.key(), value);
        }
      }
    }
    return values;
  }

  /** The build args that a global ARG declares. */
  static Set<String> used(Dockerfile dockerfile, Map<String, String> buildArgs) {
    Set<String> used = new HashSet<>();
    for (Instruction.Arg arg : dockerfile.globalArgs()) {
      for (KeyValue kv : arg.args()) {
        if (buildArgs.containsKey(kv.key())) {
          used.add(kv.key());
        }
      }
    }
    return used;
  }
}
