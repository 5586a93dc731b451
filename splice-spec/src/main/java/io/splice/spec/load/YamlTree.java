package io.splice.spec.load;

import io.splice.spec.SourcePosition;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Parses YAML text into a {@link YamlNode} tree. Aliases are expanded (a recursive alias is an
 * error), merge keys are applied (keys written in the map win over merged ones, and earlier merged
 * maps win over later ones), a key written twice is an error, and plain scalars are typed with
 * YAML 1.2's core schema, so that {@code yes}, {@code on} and {@code 8080:80} stay strings.
 */
final class YamlTree {
  /** The most nodes a document may expand to through aliases; guards against alias bombs. */
  static final int MAX_NODES = 100_000;

  private static final String MERGE_KEY = "<<";
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  static final Set<String> BOOLS = Set.of("true", "True", "TRUE", "false", "False", "FALSE");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  private final Path file;
  private final Problems problems;
  private final Set<Node> expanding = Collections.newSetFromMap(new IdentityHashMap<>());
  private int nodes;

  private YamlTree(Path file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Parses {@code content}; returns null when the file is not valid YAML (an error is reported) or
   * holds no document at all (nothing is reported).
   */
  static YamlNode parse(Path file, byte[] content, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(1000);
    options.setNestingDepthLimit(100);
    Node root;
    try {
      root = new Yaml(options).compose(
          new UnicodeReader(new ByteArrayInputStream(content)));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.error(position(file, mark), "invalid YAML: " + describe(e, mark));
      return null;
    } catch (YAMLException e) {
      problems.error(new SourcePosition(file, 1, 1), "invalid YAML: " + firstLine(e.getMessage()));
      return null;
    }
    return root == null ? null : new YamlTree(file, problems).convert(root, "");
  }

  private YamlNode convert(Node node, String path) {
    SourcePosition position = position(file, node.getStartMark());
    if (++nodes > MAX_NODES) {
      if (nodes == MAX_NODES + 1) {
        problems.error(position, pathOrTop(path) + ": the document expands to more than "
            + MAX_NODES + " values through aliases (expected: fewer)");
      }
      return new YamlNode.Scalar(position, YamlNode.Type.NULL, "");
    }
    if (!expanding.add(node)) {
      problems.error(position, pathOrTop(path) + ": an alias that contains itself (expected: no recursion)");
      return new YamlNode.Scalar(position, YamlNode.Type.NULL, "");
    }
    try {
      if (node instanceof ScalarNode scalar) {
        return scalar(scalar, position);
      }
      if (node instanceof SequenceNode sequence) {
        List<YamlNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          items.add(convert(item, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(position, items);
      }
      return mapping((MappingNode) node, path, position);
    } finally {
      expanding.remove(node);
    }
  }

  /** Entries in the order they were written: one written key, or the entries one merge key brings in. */
  private record Group(boolean merged, List<YamlNode.Mapping.Entry> entries) {}

  private YamlNode mapping(MappingNode node, String path, SourcePosition position) {
    Map<String, YamlNode.Mapping.Entry> written = new LinkedHashMap<>();
    List<Group> groups = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      SourcePosition keyPosition = position(file, keyNode.getStartMark());
      if (!(keyNode instanceof ScalarNode keyScalar)) {
        problems.error(keyPosition, pathOrTop(path) + ": a "
            + (keyNode instanceof MappingNode ? "map" : "list") + " as a key (expected: a string)");
        continue;
      }
      String key = keyScalar.getValue();
      if (keyScalar.getTag().equals(Tag.MERGE) || (keyScalar.isPlain() && key.equals(MERGE_KEY))) {
        groups.add(new Group(true, merged(tuple.getValueNode(), path)));
        continue;
      }
      String keyPath = path.isEmpty() ? key : path + "." + key;
      YamlNode.Mapping.Entry first = written.get(key);
      if (first != null) {
        problems.error(keyPosition, keyPath + ": duplicate key (expected: each key once; first at line "
            + first.keyPosition().line() + ")");
        continue;
      }
      YamlNode.Mapping.Entry entry =
          new YamlNode.Mapping.Entry(key, keyPosition, convert(tuple.getValueNode(), keyPath));
      written.put(key, entry);
      groups.add(new Group(false, List.of(entry)));
    }
    Map<String, YamlNode.Mapping.Entry> result = new LinkedHashMap<>();
    for (Group group : groups) {
      for (YamlNode.Mapping.Entry entry : group.entries()) {
        if (!group.merged()) {
          result.put(entry.key(), entry);
        } else if (!written.containsKey(entry.key())) {
          result.putIfAbsent(entry.key(), entry);
        }
      }
    }
    return new YamlNode.Mapping(position, new ArrayList<>(result.values()));
  }

  /** The entries a merge key brings in, first source first. */
  private List<YamlNode.Mapping.Entry> merged(Node value, String path) {
    List<Node> sources = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
    List<YamlNode.Mapping.Entry> entries = new ArrayList<>();
    for (Node source : sources) {
      YamlNode converted = convert(source, path);
      if (converted instanceof YamlNode.Mapping map) {
        entries.addAll(map.entries());
      } else {
        problems.error(converted, (path.isEmpty() ? "" : path + ".") + MERGE_KEY,
            "a map or a list of maps to merge");
      }
    }
    return entries;
  }

  private static YamlNode scalar(ScalarNode node, SourcePosition position) {
    String text = node.getValue();
    if (!node.isPlain()) {
      return new YamlNode.Scalar(position, YamlNode.Type.STRING, text);
    }
    YamlNode.Type type;
    if (NULLS.contains(text)) {
      type = YamlNode.Type.NULL;
    } else if (BOOLS.contains(text)) {
      type = YamlNode.Type.BOOL;
    } else if (INT.matcher(text).matches()) {
      type = YamlNode.Type.INT;
    } else if (FLOAT.matcher(text).matches()) {
      type = YamlNode.Type.FLOAT;
    } else {
      type = YamlNode.Type.STRING;
    }
    return new YamlNode.Scalar(position, type, text);
  }

  /** The parser's cause: {@code expected ',' or ']', but got : (while parsing a flow sequence at 4:14)}. */
  private static String describe(MarkedYAMLException e, Mark problemMark) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    String context = e.getContext() == null ? "" : e.getContext().strip();
    Mark contextMark = e.getContextMark();
    if (!context.isEmpty() && contextMark != null && contextMark != problemMark) {
      context += " at " + (contextMark.getLine() + 1) + ":" + (contextMark.getColumn() + 1);
    }
    if (context.isEmpty()) {
      return problem;
    }
    return problem.isEmpty() ? context : problem + " (" + context + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  private static String pathOrTop(String path) {
    return path.isEmpty() ? "top level" : path;
  }

  private static SourcePosition position(Path file, Mark mark) {
    return mark == null ? new SourcePosition(file, 1, 1)
        : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }
}
