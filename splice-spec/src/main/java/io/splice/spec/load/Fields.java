package io.splice.spec.load;

import io.splice.spec.SourcePosition;
import java.time.Duration;
import java.util.List;

/**
 * A YAML map being read as a block of settings: typed getters by key, each reporting a value of the
 * wrong shape under the key's dotted path, and a check for keys the block does not know.
 */
final class Fields {
  /** Keys starting with this are extension fields (a place for anchors): read by nobody, reported never. */
  static final String EXTENSION_PREFIX = "x-";

  private final YamlNode.Mapping map;
  private final String path;
  private final Problems problems;

  Fields(YamlNode.Mapping map, String path, Problems problems) {
    this.map = map;
    this.path = path;
    this.problems = problems;
  }

  /** The block at {@code node}, or null when the node is absent or not a map (then an error is reported). */
  static Fields of(YamlNode node, String path, Problems problems) {
    YamlNode.Mapping map = Values.mapping(node, path, problems, "a map");
    return map == null ? null : new Fields(map, path, problems);
  }

  YamlNode.Mapping map() {
    return map;
  }

  String path() {
    return path;
  }

  SourcePosition position() {
    return map.position();
  }

  Problems problems() {
    return problems;
  }

  /** The dotted path of {@code key} in this block. */
  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The value of {@code key}, or null when it is absent or null. */
  YamlNode node(String key) {
    YamlNode node = map.get(key);
    return Values.isAbsent(node) ? null : node;
  }

  boolean has(String key) {
    return node(key) != null;
  }

  /** Reports every key that is not in {@code known} and is not an extension field, with a hint. */
  void rejectUnknown(List<String> known) {
    for (YamlNode.Mapping.Entry entry : map.entries()) {
      if (!known.contains(entry.key()) && !entry.key().startsWith(EXTENSION_PREFIX)) {
        problems.error(entry.keyPosition(),
            path(entry.key()) + ": unknown key" + Suggestions.hint(entry.key(), known));
      }
    }
  }

  Fields block(String key) {
    return of(map.get(key), path(key), problems);
  }

  Located<String> string(String key) {
    return Values.string(map.get(key), path(key), problems);
  }

  Located<Integer> integer(String key) {
    return Values.integer(map.get(key), path(key), problems);
  }

  Located<Double> number(String key) {
    return Values.number(map.get(key), path(key), problems);
  }

  Located<Boolean> bool(String key) {
    return Values.bool(map.get(key), path(key), problems);
  }

  Located<Duration> duration(String key) {
    return Values.duration(map.get(key), path(key), problems);
  }

  Located<Long> memory(String key) {
    return Values.memory(map.get(key), path(key), problems);
  }

  Located<List<String>> command(String key) {
    return Values.command(map.get(key), path(key), problems);
  }
}
