package io.splice.spec.load;

import io.splice.spec.App;
import io.splice.spec.Diagnostic;
import io.splice.spec.SourcePosition;
import io.splice.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads an app from {@code splice.yaml} or a Compose file.
 *
 * <pre>{@code
 * App app = SpecLoader.load(Path.of("."));   // ./splice.yaml, or ./docker-compose.yml, ...
 * app.warnings().forEach(System.err::println);
 * }</pre>
 *
 * <p>A spec with mistakes throws one {@link SpecException} that lists every error found, each as
 * {@code file:line:column: message}, for example
 * {@code splice.yaml:14:7: services.catalog.replicas: -1 (expected: >= 0)}.
 */
public final class SpecLoader {
  /** The files looked for, in this order, when {@link #load} is given a folder. */
  public static final List<String> FILE_NAMES = List.of("splice.yaml", "splice.yml",
      "docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml");

  private SpecLoader() {}

  /**
   * Loads the spec at {@code fileOrDir}: a file, or a folder holding one of {@link #FILE_NAMES}. A
   * file named {@code splice.yaml} or {@code splice.yml} is read as a Splice spec; any other file
   * whose name contains {@code compose}, or whose top level has {@code services} but no {@code app},
   * is read as a Compose file; anything else as a Splice spec.
   *
   * @throws SpecException when the file is missing or unreadable, or the spec has errors
   */
  public static App load(Path fileOrDir) throws SpecException {
    return load(fileOrDir, LoadOptions.defaults());
  }

  /**
   * Loads the spec at {@code fileOrDir} like {@link #load(Path)}, reading a Compose file with
   * {@code options}: its active profiles and the environment for {@code ${VAR}}.
   *
   * @throws SpecException when the file is missing or unreadable, or the spec has errors
   */
  public static App load(Path fileOrDir, LoadOptions options) throws SpecException {
    Objects.requireNonNull(fileOrDir, "fileOrDir");
    Objects.requireNonNull(options, "options");
    Path file = locate(fileOrDir.toAbsolutePath().normalize());
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw failure(file + ": cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    Problems problems = new Problems(file);
    YamlNode root = YamlTree.parse(file, content, problems);
    if (root == null || (root instanceof YamlNode.Scalar scalar && scalar.isNull())) {
      if (!problems.hasErrors()) {
        problems.error(new SourcePosition(file, 1, 1),
            "empty file (expected: a map with 'app' and 'services')");
      }
      throw new SpecException(problems.errors());
    }
    if (!(root instanceof YamlNode.Mapping map)) {
      boolean compose = file.getFileName().toString().toLowerCase(Locale.ROOT).contains("compose");
      problems.error(root, "top level", compose ? "a map with 'services'" : "a map with 'app' and 'services'");
      throw new SpecException(problems.errors());
    }
    AppDocument document = isCompose(file, map)
        ? ComposeReader.read(map, file, options, problems)
        : SpliceReader.read(map, file, problems);
    App app = AppValidator.validate(document, problems);
    if (app == null) {
      throw new SpecException(problems.errors());
    }
    return app;
  }

  private static Path locate(Path path) throws SpecException {
    if (Files.isDirectory(path)) {
      for (String name : FILE_NAMES) {
        Path candidate = path.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
      throw failure(path + ": no spec file (expected: one of " + String.join(", ", FILE_NAMES) + ")");
    }
    if (!Files.exists(path)) {
      throw failure(path + ": not found (expected: a spec file, or a folder with one of "
          + String.join(", ", FILE_NAMES) + ")");
    }
    return path;
  }

  static boolean isCompose(Path file, YamlNode.Mapping root) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.equals("splice.yaml") || name.equals("splice.yml")) {
      return false;
    }
    if (name.contains("compose") && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
      return true;
    }
    return root.get("services") != null && root.get("app") == null;
  }

  private static SpecException failure(String message) {
    return new SpecException(List.of(new Diagnostic(null, message)));
  }
}
