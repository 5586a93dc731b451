package io.splice.image.dockerfile;

import io.splice.image.core.ImageFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns one logical line into its {@link Instruction}, checking arguments and flags. */
final class InstructionParser {
  private static final Set<String> COPY_FLAGS = Set.of("from", "chown", "chmod", "link");
  private static final Set<String> ADD_FLAGS = Set.of("chown", "chmod", "link", "checksum", "keep-git-dir");
  private static final Set<String> RUN_FLAGS = Set.of("mount", "network", "security");
  private static final Set<String> HEALTHCHECK_FLAGS =
      Set.of("interval", "timeout", "start-period", "start-interval", "retries");

  private final String file;
  private final char escape;
  private final List<String> warnings;

  InstructionParser(String file, char escape, List<String> warnings) {
    this.file = file;
    this.escape = escape;
    this.warnings = warnings;
  }

  Instruction parse(LogicalLine line) throws ImageFailure {
    String keyword = line.keyword().toUpperCase(Locale.ROOT);
    String rest = line.rest();
    LineRange lines = line.lines();
    String text = line.text();
    switch (keyword) {
      case "FROM":
        return from(line, keyword, rest);
      case "RUN":
        {
          List<String> words = new ArrayList<>(Arguments.words(rest, escape));
          Map<String, String> flags = flags(line, keyword, words, RUN_FLAGS);
          String command = Arguments.afterFlags(rest, escape);
          requireNonEmpty(line, keyword, command, "expected a command");
          return new Instruction.Run(lines, text, Arguments.command(command), flags, line.heredocs());
        }
      case "COPY":
        return new Instruction.Copy(lines, text, copyArgs(line, keyword, rest, COPY_FLAGS));
      case "ADD":
        return new Instruction.Add(lines, text, copyArgs(line, keyword, rest, ADD_FLAGS));
      case "ENV":
        return new Instruction.Env(lines, text, pairs(line, keyword, rest, true));
      case "LABEL":
        return new Instruction.Label(lines, text, pairs(line, keyword, rest, true));
      case "ARG":
        return new Instruction.Arg(lines, text, args(line, keyword, rest));
      case "WORKDIR":
        requireNonEmpty(line, keyword, rest, "expected a path");
        return new Instruction.Workdir(lines, text, rest);
      case "USER":
        return new Instruction.User(lines, text, single(line, keyword, rest, "a user"));
      case "EXPOSE":
        requireNonEmpty(line, keyword, rest, "expected at least one port");
        return new Instruction.Expose(lines, text, Arguments.words(rest, escape));
      case "MAINTAINER":
        requireNonEmpty(line, keyword, rest, "expected a name");
        warnings.add(file + ":" + lines.first() + ": MAINTAINER is deprecated; it becomes the label \"maintainer\"");
        return new Instruction.Maintainer(lines, text, rest);
      case "ENTRYPOINT":
        requireNonEmpty(line, keyword, rest, "expected a command");
        return new Instruction.Entrypoint(lines, text, Arguments.command(rest));
      case "CMD":
        requireNonEmpty(line, keyword, rest, "expected a command");
        return new Instruction.Cmd(lines, text, Arguments.command(rest));
      case "HEALTHCHECK":
        return healthcheck(line, keyword, rest);
      case "STOPSIGNAL":
        return new Instruction.StopSignal(lines, text, single(line, keyword, rest, "a signal"));
      case "VOLUME":
        {
          List<String> paths = Arguments.jsonArray(rest).orElseGet(() -> Arguments.words(rest, escape));
          if (paths.isEmpty()) {
            throw error(line, keyword, "expected at least one path");
          }
          return new Instruction.Volume(lines, text, paths);
        }
      case "SHELL":
        {
          List<String> shell =
              Arguments.jsonArray(rest)
                  .orElseThrow(() -> error(line, keyword, "expected a JSON array, for example [\"/bin/sh\", \"-c\"]"));
          if (shell.isEmpty()) {
            throw error(line, keyword, "expected at least one element in the JSON array");
          }
          return new Instruction.Shell(lines, text, shell);
        }
      case "ONBUILD":
        throw error(line, keyword, "not supported");
      default:
        throw error(line, null, "unknown instruction: " + line.keyword());
    }
  }

  private Instruction from(LogicalLine line, String keyword, String rest) throws ImageFailure {
    List<String> words = new ArrayList<>(Arguments.words(rest, escape));
    Map<String, String> flags = flags(line, keyword, words, Set.of("platform"));
    String platform = flags.get("platform");
    if (platform != null) {
      warnings.add(
          file + ":" + line.lines().first() + ": FROM --platform=" + platform
              + " is ignored; the build's own platform is used");
    }
    String stageName = null;
    if (words.size() == 3 && words.get(1).equalsIgnoreCase("as")) {
      stageName = words.get(2).toLowerCase(Locale.ROOT);
      if (!stageName.matches("[a-z][a-z0-9._-]*")) {
        throw error(line, keyword, "invalid stage name \"" + words.get(2) + "\" (expected: a letter, then letters, digits, '.', '_' or '-')");
      }
    } else if (words.size() != 1) {
      throw error(line, keyword, "expected IMAGE or IMAGE AS NAME, got " + words.size() + " arguments");
    }
    return new Instruction.From(line.lines(), line.text(), words.get(0), stageName, platform);
  }

  private CopyArgs copyArgs(LogicalLine line, String keyword, String rest, Set<String> allowed)
      throws ImageFailure {
    List<String> words = new ArrayList<>(Arguments.words(rest, escape));
    Map<String, String> flags = flags(line, keyword, words, allowed);
    List<String> args = Arguments.jsonArray(Arguments.afterFlags(rest, escape)).orElse(words);
    if (args.size() < 2) {
      throw error(line, keyword, "expected at least 2 arguments (source and destination), got " + args.size());
    }
    if (flags.containsKey("chmod") && !flags.get("chmod").matches("[0-7]{3,4}")) {
      throw error(line, keyword, "--chmod=" + flags.get("chmod") + " (expected: an octal mode such as 755)");
    }
    return new CopyArgs(
        args.subList(0, args.size() - 1),
        args.get(args.size() - 1),
        flags.get("from"),
        flags.get("chown"),
        flags.get("chmod"),
        line.heredocs());
  }

  private List<KeyValue> pairs(LogicalLine line, String keyword, String rest, boolean legacy)
      throws ImageFailure {
    List<KeyValue> pairs = Arguments.keyValues(rest, escape, legacy);
    if (pairs == null) {
      throw error(line, keyword, "expected KEY=VALUE pairs, for example " + keyword + " A=1 B=\"two words\"");
    }
    if (pairs.isEmpty()) {
      throw error(line, keyword, "expected at least one KEY=VALUE pair");
    }
    if (legacy && pairs.size() == 1 && !Arguments.words(rest, escape).get(0).contains("=")) {
      if (pairs.get(0).value().isEmpty()) {
        throw error(line, keyword, "expected a value for " + pairs.get(0).key());
      }
    }
    return pairs;
  }

  private List<KeyValue> args(LogicalLine line, String keyword, String rest) throws ImageFailure {
    List<KeyValue> args = new ArrayList<>();
    for (String word : Arguments.words(rest, escape)) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw error(line, keyword, "invalid name \"" + name + "\" (expected: letters, digits and '_')");
      }
      args.add(new KeyValue(name, eq < 0 ? null : word.substring(eq + 1)));
    }
    if (args.isEmpty()) {
      throw error(line, keyword, "expected a name, for example ARG VERSION=1.0");
    }
    return args;
  }

  private Instruction healthcheck(LogicalLine line, String keyword, String rest) throws ImageFailure {
    List<String> words = new ArrayList<>(Arguments.words(rest, escape));
    Map<String, String> flags = flags(line, keyword, words, HEALTHCHECK_FLAGS);
    if (words.isEmpty()) {
      throw error(line, keyword, "expected NONE or CMD COMMAND");
    }
    String type = words.get(0).toUpperCase(Locale.ROOT);
    if (type.equals("NONE")) {
      if (words.size() != 1 || !flags.isEmpty()) {
        throw error(line, keyword, "NONE takes no other arguments");
      }
      return new Instruction.Healthcheck(line.lines(), line.text(), null, null, null, null, null, null);
    }
    if (!type.equals("CMD")) {
      throw error(line, keyword, "expected NONE or CMD, got \"" + words.get(0) + "\"");
    }
    String command = Arguments.afterFlags(rest, escape).substring(3).strip();
    requireNonEmpty(line, keyword, command, "expected a command after CMD");
    Integer retries = null;
    if (flags.containsKey("retries")) {
      try {
        retries = Integer.parseInt(flags.get("retries"));
      } catch (NumberFormatException e) {
        retries = -1;
      }
      if (retries < 0) {
        throw error(line, keyword, "--retries=" + flags.get("retries") + " (expected: an integer >= 0)");
      }
    }
    return new Instruction.Healthcheck(
        line.lines(),
        line.text(),
        Arguments.command(command),
        duration(line, flags, "interval"),
        duration(line, flags, "timeout"),
        duration(line, flags, "start-period"),
        duration(line, flags, "start-interval"),
        retries);
  }

  private Duration duration(LogicalLine line, Map<String, String> flags, String name) throws ImageFailure {
    String value = flags.get(name);
    if (value == null) {
      return null;
    }
    Duration d = GoDuration.parse(value);
    if (d == null) {
      throw error(line, "HEALTHCHECK", "--" + name + "=" + value + " (expected: a duration such as 30s or 1m30s)");
    }
    return d;
  }

  private Map<String, String> flags(LogicalLine line, String keyword, List<String> words, Set<String> allowed)
      throws ImageFailure {
    Map<String, String> flags = Arguments.takeFlags(words);
    for (String name : flags.keySet()) {
      if (!allowed.contains(name)) {
        throw error(line, keyword, "unknown flag: --" + name);
      }
    }
    return flags;
  }

  private String single(LogicalLine line, String keyword, String rest, String what) throws ImageFailure {
    List<String> words = Arguments.words(rest, escape);
    if (words.size() != 1) {
      throw error(line, keyword, "expected exactly one argument (" + what + "), got " + words.size());
    }
    return words.get(0);
  }

  private void requireNonEmpty(LogicalLine line, String keyword, String value, String message)
      throws ImageFailure {
    if (value.isBlank()) {
      throw error(line, keyword, message);
    }
  }

  private ImageFailure error(LogicalLine line, String keyword, String message) {
    return ImageFailure.at(file, line.lines().first(), keyword, message);
  }
}
