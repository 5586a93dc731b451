package io.splice.spec.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a Compose service's {@code env_file}: a path, a list of paths, or a list of
 * {@code {path, required}} maps, each relative to the Compose file's folder and read as
 * {@link DotEnv} lines. A later file wins over an earlier one, and {@code environment} wins over
 * them all. A missing file is an error at the entry that names it, unless it says
 * {@code required: false}.
 */
final class ComposeEnvFiles {
  static final List<String> ENTRY_KEYS = List.of("path", "required", "format");

  private ComposeEnvFiles() {}

  /** Adds the variables of every file to {@code env}; {@code variables} resolves {@code ${VAR}} in values. */
  static void read(YamlNode node, String path, Path folder, Map<String, String> variables, Problems problems,
      Map<String, String> env) {
    if (Values.isAbsent(node)) {
      return;
    }
    if (node instanceof YamlNode.Scalar) {
      file(Values.string(node, path, problems), true, folder, variables, problems, env);
      return;
    }
    if (!(node instanceof YamlNode.Sequence sequence)) {
      problems.error(node, path, "a file, or a list of files, relative to the Compose file");
      return;
    }
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      String itemPath = path + "[" + i + "]";
      if (item instanceof YamlNode.Mapping map) {
        Fields fields = new Fields(map, itemPath, problems);
        ComposeIgnored.warnUnsupported(fields, ENTRY_KEYS);
        Located<Boolean> required = fields.bool("required");
        if (!fields.has("path")) {
          problems.error(map.position(), itemPath + ": no path (expected: {path: FILE, required: true or false})");
        }
        file(fields.string("path"), required == null || required.value(), folder, variables, problems, env);
      } else if (item instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
        file(Values.string(item, itemPath, problems), true, folder, variables, problems, env);
      } else {
        problems.error(item, itemPath, "a file relative to the Compose file, or {path: FILE, required: false}");
      }
    }
  }

  private static void file(Located<String> name, boolean required, Path folder, Map<String, String> variables,
      Problems problems, Map<String, String> env) {
    if (name == null) {
      return;
    }
    Path file;
    try {
      file = folder.resolve(name.value()).normalize();
    } catch (InvalidPathException e) {
      problems.error(name, "a file relative to the Compose file");
      return;
    }
    if (!Files.isRegularFile(file)) {
      if (required) {
        problems.error(name, "an existing file, relative to the Compose file's folder, or {path: "
            + name.value() + ", required: false}");
      }
      return;
    }
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.error(name, "a readable file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      return;
    }
    for (DotEnv.Entry entry : DotEnv.parse(file, content, variables::get, problems)) {
      if (entry.value() == null) {
        problems.warn(entry.position(), file.getFileName() + ": " + entry.name() + ": no value, ignored"
            + " (Splice does not pass its own environment on; write the value here)");
      } else {
        env.put(entry.name(), entry.value());
      }
    }
  }
}
