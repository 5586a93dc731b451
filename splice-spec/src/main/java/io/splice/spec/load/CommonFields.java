package io.splice.spec.load;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Readers for the settings that {@code splice.yaml} and Compose write alike: environment and dependencies. */
final class CommonFields {
  private CommonFields() {}

  /**
   * Reads an environment, written as a map ({@code K: V}, where a number or boolean becomes its
   * text) or as a list ({@code ["K=V"]}), into {@code env}. A name without a value ({@code K:} or
   * {@code "K"}) goes to {@code noValue}.
   */
  static void env(YamlNode node, String path, Problems problems, Map<String, String> env,
      Consumer<Located<String>> noValue) {
    if (Values.isAbsent(node)) {
      return;
    }
    if (node instanceof YamlNode.Mapping map) {
      for (YamlNode.Mapping.Entry entry : map.entries()) {
        String entryPath = path + "." + entry.key();
        YamlNode value = entry.value();
        if (Values.isAbsent(value)) {
          noValue.accept(new Located<>(entry.key(), "'" + entry.key() + "'", entry.keyPosition(), entryPath));
        } else if (value instanceof YamlNode.Scalar scalar) {
          put(env, entry.key(), scalar.text(), Located.of(entry.key(), value, entryPath), problems);
        } else {
          problems.error(value, entryPath, "a string, number or boolean");
        }
      }
      return;
    }
    if (!(node instanceof YamlNode.Sequence sequence)) {
      problems.error(node, path, "a map of names to values, or a list of 'NAME=value'");
      return;
    }
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      String itemPath = path + "[" + i + "]";
      if (!(item instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
        problems.error(item, itemPath, "'NAME=value'");
        continue;
      }
      int equals = scalar.text().indexOf('=');
      if (equals < 0) {
        noValue.accept(Located.of(scalar.text(), item, itemPath));
        continue;
      }
      put(env, scalar.text().substring(0, equals), scalar.text().substring(equals + 1),
          Located.of(scalar.text(), item, itemPath), problems);
    }
  }

  private static void put(Map<String, String> env, String name, String value, Located<String> where,
      Problems problems) {
    if (isName(name, where, problems)) {
      env.put(name, value);
    }
  }

  /** Whether {@code name} can name a variable: not blank, without '=' (else an error is reported at {@code where}). */
  static boolean isName(String name, Located<String> where, Problems problems) {
    if (name.isBlank() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      problems.error(where, "'NAME=value' with a name that is not empty and has no '='");
      return false;
    }
    return true;
  }

  /**
   * Reads dependencies, written as a list of service names or as a map from names to settings
   * ({@code orders: {condition: service_healthy}}); each settings map goes to {@code settings}.
   */
  static void dependsOn(YamlNode node, String path, Problems problems, List<Located<String>> names,
      BiConsumer<Fields, String> settings) {
    if (Values.isAbsent(node)) {
      return;
    }
    if (node instanceof YamlNode.Mapping map) {
      for (YamlNode.Mapping.Entry entry : map.entries()) {
        String entryPath = path + "." + entry.key();
        names.add(new Located<>(entry.key(), "'" + entry.key() + "'", entry.keyPosition(), entryPath));
        YamlNode value = entry.value();
        if (value instanceof YamlNode.Mapping valueMap) {
          settings.accept(new Fields(valueMap, entryPath, problems), entry.key());
        } else if (!Values.isAbsent(value)) {
          problems.error(value, entryPath, "a map such as {condition: service_healthy}");
        }
      }
      return;
    }
    if (!(node instanceof YamlNode.Sequence sequence)) {
      problems.error(node, path, "a list of service names");
      return;
    }
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      Located<String> name = Values.string(item, path + "[" + i + "]", problems);
      if (name != null) {
        names.add(name);
      } else if (Values.isAbsent(item)) {
        problems.error(item, path + "[" + i + "]", "a service name");
      }
    }
  }
}
