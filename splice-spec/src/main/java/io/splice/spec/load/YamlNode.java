package io.splice.spec.load;

import io.splice.spec.SourcePosition;
import java.util.List;

/**
 * A YAML value and where it was written: the loader's own small tree, free of parser types.
 * Aliases are already expanded and merge keys ({@code <<}) already applied.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

  /** The longest value a message quotes before shortening it. */
  int MAX_SHOWN = 60;

  SourcePosition position();

  /** How a message names this value: {@code 'three'}, {@code -1}, {@code a map}. */
  String describe();

  /** The type of a scalar, resolved with YAML 1.2's core schema ({@code yes} stays a string). */
  enum Type { NULL, BOOL, INT, FLOAT, STRING }

  record Scalar(SourcePosition position, Type type, String text) implements YamlNode {
    boolean isNull() {
      return type == Type.NULL;
    }

    @Override
    public String describe() {
      if (type == Type.NULL) {
        return "no value";
      }
      String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
      return type == Type.STRING ? "'" + shown + "'" : shown;
    }
  }

  record Sequence(SourcePosition position, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return items.isEmpty() ? "an empty list" : "a list";
    }
  }

  record Mapping(SourcePosition position, List<Entry> entries) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    /** One {@code key: value} pair; keys are unique within a mapping. */
    record Entry(String key, SourcePosition keyPosition, YamlNode value) {}

    /** The entry for {@code key}, or null. */
    Entry entry(String key) {
      for (Entry entry : entries) {
        if (entry.key().equals(key)) {
          return entry;
        }
      }
      return null;
    }

    /** The value of {@code key}, or null when the key is absent. */
    YamlNode get(String key) {
      Entry entry = entry(key);
      return entry == null ? null : entry.value();
    }

    @Override
    public String describe() {
      return entries.isEmpty() ? "an empty map" : "a map";
    }
  }
}
