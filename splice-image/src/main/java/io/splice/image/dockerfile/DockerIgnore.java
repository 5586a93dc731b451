package io.splice.image.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of a {@code .dockerignore} file and Docker's rules for them.
 *
 * <pre>
 * # comment
 * *&#47;temp*        temp-named entries one level down
 * **&#47;*.go        .go files at any depth, the root included
 * /build/          leading and trailing slashes do not matter
 * *.md
 * !README.md       an exception: README.md is kept
 * </pre>
 *
 * <p>Paths are relative to the context root with {@code /} separators. A pattern matches a path
 * or any of its parent directories; the last matching line decides, so a later {@code !}
 * exception re-includes what an earlier pattern excluded. {@code *} and {@code ?} do not cross
 * {@code /}; {@code **} matches any number of directories, none included.
 */
public final class DockerIgnore {
  private static final DockerIgnore EMPTY = new DockerIgnore(List.of());

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** No patterns: nothing is ignored. */
  public static DockerIgnore empty() {
    return EMPTY;
  }

  /** The patterns of {@code contextDir/.dockerignore}, or none when the file is absent. */
  public static DockerIgnore load(Path contextDir) throws IOException {
    Path file = contextDir.resolve(".dockerignore");
    if (!Files.isRegularFile(file)) {
      return EMPTY;
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses the text of a {@code .dockerignore} file. */
  public static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      if (exception) {
        line = line.substring(1).strip();
      }
      String pattern = clean(line);
      if (pattern.isEmpty()) {
        continue;
      }
      rules.add(new Rule(pattern, exception, Pattern.compile(toRegex(pattern))));
    }
    return new DockerIgnore(rules);
  }

  /** Whether {@code relativePath} (for example {@code src/main/App.java}) is left out of the context. */
  public boolean ignores(String relativePath) {
    String path = clean(relativePath);
    if (path.isEmpty()) {
      return false;
    }
    String[] parts = path.split("/");
    boolean ignored = false;
    for (Rule rule : rules) {
      boolean match = rule.regex.matcher(path).matches();
      StringBuilder parent = new StringBuilder();
      for (int i = 0; !match && i < parts.length - 1; i++) {
        if (i > 0) {
          parent.append('/');
        }
        parent.append(parts[i]);
        match = rule.regex.matcher(parent).matches();
      }
      if (match) {
        ignored = !rule.exception;
      }
    }
    return ignored;
  }

  /**
   * Whether a directory must be walked even though it is ignored, because an exception may
   * re-include something below it.
   */
  public boolean hasExceptions() {
    return rules.stream().anyMatch(r -> r.exception);
  }

  /** The patterns as cleaned, exceptions starting with {@code !}; part of a build's cache key. */
  public List<String> patterns() {
    return rules.stream().map(r -> (r.exception ? "!" : "") + r.pattern).toList();
  }

  private static String clean(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(part);
    }
    return String.join("/", out);
  }

  private static String toRegex(String pattern) {
    StringBuilder re = new StringBuilder();
    int n = pattern.length();
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < n && pattern.charAt(i + 1) == '*') {
          i++;
          boolean slashAfter = i + 1 < n && pattern.charAt(i + 1) == '/';
          boolean atStart = i == 1 || pattern.charAt(i - 2) == '/';
          if (slashAfter && atStart) {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int close = pattern.indexOf(']', i + 2);
        if (close < 0) {
          re.append("\\[");
          continue;
        }
        String body = pattern.substring(i + 1, close);
        if (body.startsWith("^") || body.startsWith("!")) {
          body = "^" + body.substring(1);
        }
        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
        i = close;
      } else if (c == '\\' && i + 1 < n) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  private record Rule(String pattern, boolean exception, Pattern regex) {}
}
