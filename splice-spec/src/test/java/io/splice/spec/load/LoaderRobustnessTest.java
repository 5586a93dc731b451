package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Nothing crashes the loader: every fixture, and every fixture with the value at each key (at every
 * depth) replaced by a value of the wrong shape, either loads or fails with a {@link SpecException}.
 */
class LoaderRobustnessTest {
  private static final LoadOptions OPTIONS =
      LoadOptions.defaults().withEnvironment(Map.of()).withProfiles(List.of(LoadOptions.ALL_PROFILES));
  /** Values of every shape, and strings that look like other shapes. */
  private static final List<Object> WRONG = List.of("", "${UNSET:?}", -1, 99_999_999_999L, 1.5, true,
      List.of(), List.of("a", List.of(1)), Map.of(), Map.of("k", List.of(Map.of("deep", true))));
  private static final List<Object> NULL = new ArrayList<>();

  static {
    NULL.add(null);
  }

  @TempDir Path temp;

  @Test
  void load_everyFixture_onlySpecExceptionEscapes() throws Exception {
    List<Path> files = fixtures();

    assertThat(files).hasSizeGreaterThan(40);
    for (Path file : files) {
      loadOrSpecException(file, file.toString());
    }
  }

  @Test
  void load_everyKeyWithAWrongShape_onlySpecExceptionEscapes() throws Exception {
    Yaml yaml = yaml();
    List<String> failures = new ArrayList<>();
    java.util.Set<String> tried = new java.util.HashSet<>();
    int loads = 0;
    for (Path file : fixtures()) {
      Object root;
      try {
        root = yaml.load(Files.readString(file));
      } catch (RuntimeException e) {
        continue; // not valid YAML: covered by the first test
      }
      if (!(root instanceof Map)) {
        continue;
      }
      Path copy = copyFolder(file.getParent());
      Path target = copy.resolve(file.getFileName());
      List<List<Object>> paths = new ArrayList<>();
      collect(root, new ArrayList<>(), paths);
      for (List<Object> path : paths) {
        if (!tried.add(file.getFileName() + " " + shape(path))) {
          continue; // the same key in another service or fixture of the same kind
        }
        for (Object wrong : values()) {
          Object mutated = copy(root);
          set(mutated, path, wrong);
          Files.writeString(target, yaml.dump(mutated));
          loads++;
          try {
            SpecLoader.load(target, OPTIONS);
          } catch (SpecException e) {
            // expected
          } catch (RuntimeException | Error e) {
            failures.add(file.getParent().getFileName() + "/" + file.getFileName() + " " + path + " = " + wrong
                + ": " + e);
          }
        }
      }
    }

    assertThat(loads).isGreaterThan(3_000);
    assertThat(failures).isEmpty();
  }

  private static List<Object> values() {
    List<Object> values = new ArrayList<>(WRONG);
    values.addAll(NULL);
    return values;
  }

  private static void loadOrSpecException(Path file, String what) {
    try {
      SpecLoader.load(file, OPTIONS);
    } catch (SpecException e) {
      assertThat(e.errors()).as(what).isNotEmpty();
    }
  }

  /** The path with service names and list indexes left out: {@code [services, *, ports, #]}. */
  private static String shape(List<Object> path) {
    List<Object> shape = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      Object step = path.get(i);
      shape.add(step instanceof Integer ? "#" : i == 1 && "services".equals(path.get(0)) ? "*" : step);
    }
    return shape.toString();
  }

  /** A deep copy of maps and lists, so that each mutation starts from the fixture as loaded. */
  private static Object copy(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((key, value) -> copy.put(key, copy(value)));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(copy(item)));
      return copy;
    }
    return node;
  }

  /** Every path to a value: map keys and list indexes, outermost first. */
  @SuppressWarnings("unchecked")
  private static void collect(Object node, List<Object> path, List<List<Object>> paths) {
    if (node instanceof Map<?, ?> map) {
      for (Object key : new ArrayList<>(map.keySet())) {
        List<Object> child = new ArrayList<>(path);
        child.add(key);
        paths.add(child);
        collect(map.get(key), child, paths);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        List<Object> child = new ArrayList<>(path);
        child.add(i);
        paths.add(child);
        collect(list.get(i), child, paths);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void set(Object root, List<Object> path, Object value) {
    Object node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object step = path.get(i);
      node = node instanceof Map<?, ?> map ? map.get(step) : ((List<Object>) node).get((Integer) step);
    }
    Object last = path.get(path.size() - 1);
    if (node instanceof Map<?, ?>) {
      ((Map<Object, Object>) node).put(last, value);
    } else {
      ((List<Object>) node).set((Integer) last, value);
    }
  }

  private Path copyFolder(Path folder) throws IOException {
    Path copy = Files.createTempDirectory(temp, folder.getFileName().toString());
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
        Path destination = copy.resolve(folder.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
    }
    return copy;
  }

  private static List<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.walk(Fixtures.spec(""))) {
      return files.filter(Files::isRegularFile)
          .filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  private static Yaml yaml() {
    LoaderOptions loader = new LoaderOptions();
    loader.setMaxAliasesForCollections(1000);
    DumperOptions dumper = new DumperOptions();
    dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(loader, dumper);
  }
}
