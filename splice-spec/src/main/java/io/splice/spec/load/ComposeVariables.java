package io.splice.spec.load;

import io.splice.spec.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Interpolates a Compose file: every scalar value (not the keys) has its {@code ${VAR}} references
 * replaced (see {@link Interpolation}) from the environment given to the loader, then from the
 * {@code .env} file next to the Compose file; the environment wins. A variable that is not set
 * becomes an empty string, with a warning once per variable; a missing {@code ${VAR:?message}} is
 * an error at the value's position.
 */
final class ComposeVariables {
  static final String DOT_ENV = ".env";

  private final Function<String, String> lookup;
  private final Problems problems;

  private ComposeVariables(Function<String, String> lookup, Problems problems) {
    this.lookup = lookup;
    this.problems = problems;
  }

  /**
   * The variables for interpolation: {@code environment} over the {@code .env} file in
   * {@code folder}, when there is one.
   */
  static Map<String, String> environment(Path folder, Map<String, String> environment, Problems problems) {
    Map<String, String> variables = new LinkedHashMap<>();
    Path dotEnv = folder.resolve(DOT_ENV);
    if (Files.isRegularFile(dotEnv)) {
      try {
        byte[] content = Files.readAllBytes(dotEnv);
        variables.putAll(DotEnv.toMap(DotEnv.parse(dotEnv, content, environment::get, problems)));
      } catch (IOException e) {
        problems.error(new SourcePosition(dotEnv, 1, 1), DOT_ENV + ": cannot read the file ("
            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
    }
    variables.putAll(environment);
    return variables;
  }

  /** {@code root} with every scalar value interpolated; a value that fails becomes null (the error is reported). */
  static YamlNode.Mapping interpolate(YamlNode.Mapping root, Map<String, String> variables, Problems problems) {
    return (YamlNode.Mapping) new ComposeVariables(variables::get, problems).node(root, "");
  }

  private YamlNode node(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar) {
      return scalar(scalar, path);
    }
    if (node instanceof YamlNode.Sequence sequence) {
      List<YamlNode> items = new ArrayList<>();
      for (YamlNode item : sequence.items()) {
        items.add(node(item, path + "[" + items.size() + "]"));
      }
      return new YamlNode.Sequence(sequence.position(), items);
    }
    YamlNode.Mapping map = (YamlNode.Mapping) node;
    List<YamlNode.Mapping.Entry> entries = new ArrayList<>();
    for (YamlNode.Mapping.Entry entry : map.entries()) {
      String entryPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
      entries.add(new YamlNode.Mapping.Entry(entry.key(), entry.keyPosition(), node(entry.value(), entryPath)));
    }
    return new YamlNode.Mapping(map.position(), entries);
  }

  private YamlNode scalar(YamlNode.Scalar scalar, String path) {
    if (scalar.type() != YamlNode.Type.STRING || !Interpolation.mayHoldVariables(scalar.text())) {
      return scalar;
    }
    String value = Interpolation.apply(scalar.text(), lookup, new Interpolation.Listener() {
      @Override
      public void unset(String variable) {
        problems.warnOnce("unset:" + variable, scalar.position(), path + ": " + variable
            + " is not set, so an empty string is used (set it in the environment or in " + DOT_ENV + ")");
      }

      @Override
      public void required(String variable, String message) {
        problems.error(scalar.position(), path + ": " + variable + " is required"
            + (message.isEmpty() ? "" : ": " + message) + " (expected: " + variable
            + " set in the environment or in " + DOT_ENV + ")");
      }

      @Override
      public void invalid(String detail) {
        problems.error(scalar.position(), path + ": invalid interpolation: " + detail);
      }
    });
    if (value == null) {
      return new YamlNode.Scalar(scalar.position(), YamlNode.Type.NULL, "");
    }
    YamlNode.Type type = YamlTree.BOOLS.contains(value) ? YamlNode.Type.BOOL : YamlNode.Type.STRING;
    return new YamlNode.Scalar(scalar.position(), type, value);
  }
}
