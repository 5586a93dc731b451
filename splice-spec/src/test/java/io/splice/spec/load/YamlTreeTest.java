package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.spec.Diagnostic;
import io.splice.spec.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlTreeTest {
  private static final Path FILE = Path.of("t.yaml");

  private final Problems problems = new Problems();

  @Test
  void parse_positionsCountFromOne() {
    YamlNode.Mapping root = (YamlNode.Mapping) parse("a:\n  b: 1\n");

    YamlNode.Mapping a = (YamlNode.Mapping) root.get("a");
    assertThat(root.entry("a").keyPosition()).isEqualTo(new SourcePosition(FILE, 1, 1));
    assertThat(a.entry("b").keyPosition()).isEqualTo(new SourcePosition(FILE, 2, 3));
    assertThat(a.get("b").position()).isEqualTo(new SourcePosition(FILE, 2, 6));
  }

  @Test
  void parse_scalarsUseTheCoreSchema() {
    YamlNode.Mapping root = (YamlNode.Mapping) parse(
        "a: yes\nb: true\nc: 8080:80\nd: 12\ne: 1.5\nf: ~\ng: '12'\nh: off\n");

    assertThat(type(root, "a")).isEqualTo(YamlNode.Type.STRING);
    assertThat(type(root, "b")).isEqualTo(YamlNode.Type.BOOL);
    assertThat(type(root, "c")).isEqualTo(YamlNode.Type.STRING);
    assertThat(((YamlNode.Scalar) root.get("c")).text()).isEqualTo("8080:80");
    assertThat(type(root, "d")).isEqualTo(YamlNode.Type.INT);
    assertThat(type(root, "e")).isEqualTo(YamlNode.Type.FLOAT);
    assertThat(type(root, "f")).isEqualTo(YamlNode.Type.NULL);
    assertThat(type(root, "g")).isEqualTo(YamlNode.Type.STRING);
    assertThat(type(root, "h")).isEqualTo(YamlNode.Type.STRING);
  }

  @Test
  void parse_mergeKeys_writtenKeysWinThenEarlierMaps() {
    YamlNode.Mapping root = (YamlNode.Mapping) parse(String.join("\n",
        "base: &base {a: 1, b: 1, c: 1}",
        "other: &other {b: 2, d: 2}",
        "merged:",
        "  c: 3",
        "  <<: [*base, *other]",
        ""));

    YamlNode.Mapping merged = (YamlNode.Mapping) root.get("merged");
    assertThat(merged.entries()).extracting(YamlNode.Mapping.Entry::key).containsExactly("c", "a", "b", "d");
    assertThat(text(merged, "a")).isEqualTo("1");
    assertThat(text(merged, "b")).isEqualTo("1");
    assertThat(text(merged, "c")).isEqualTo("3");
    assertThat(text(merged, "d")).isEqualTo("2");
    assertThat(problems.hasErrors()).isFalse();
  }

  @Test
  void parse_duplicateKey() {
    parse("a: 1\nb: 2\na: 3\n");

    assertThat(problems.errors()).extracting(Diagnostic::toString)
        .containsExactly("t.yaml:3:1: a: duplicate key (expected: each key once; first at line 1)");
  }

  @Test
  void parse_recursiveAlias() {
    parse("a: &x [1, *x]\n");

    assertThat(problems.errors()).extracting(Diagnostic::toString)
        .containsExactly("t.yaml:1:4: a[1]: an alias that contains itself (expected: no recursion)");
  }

  @Test
  void parse_aliasBombIsCut() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 9; i++) {
      yaml.append("l").append(i).append(": &l").append(i).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
    }

    parse(yaml.toString());

    assertThat(problems.errors()).hasSize(1);
    assertThat(problems.errors().get(0).message())
        .endsWith("the document expands to more than 100000 values through aliases (expected: fewer)");
  }

  @Test
  void parse_mergeOfAScalar() {
    parse("a:\n  <<: 5\n  b: 1\n");

    assertThat(problems.errors()).extracting(Diagnostic::toString)
        .containsExactly("t.yaml:2:7: a.<<: 5 (expected: a map or a list of maps to merge)");
  }

  @Test
  void parse_mapAsKey() {
    parse("? {a: 1}\n: b\n");

    assertThat(problems.errors()).extracting(Diagnostic::toString)
        .containsExactly("t.yaml:1:3: top level: a map as a key (expected: a string)");
  }

  @Test
  void parse_twoDocuments() {
    YamlNode root = parse("a: 1\n---\nb: 2\n");

    assertThat(root).isNull();
    assertThat(problems.errors()).hasSize(1);
    assertThat(problems.errors().get(0).toString()).startsWith("t.yaml:2:1: invalid YAML: ");
  }

  @Test
  void parse_byteOrderMark() {
    YamlNode.Mapping root = (YamlNode.Mapping) YamlTree.parse(FILE,
        ("\uFEFFapp: shop\n").getBytes(StandardCharsets.UTF_8), problems);

    assertThat(text(root, "app")).isEqualTo("shop");
  }

  private YamlNode parse(String yaml) {
    return YamlTree.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8), problems);
  }

  private static YamlNode.Type type(YamlNode.Mapping map, String key) {
    return ((YamlNode.Scalar) map.get(key)).type();
  }

  private static String text(YamlNode.Mapping map, String key) {
    return ((YamlNode.Scalar) map.get(key)).text();
  }
}
