package io.splice.image.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction, with the lines it spans and its text as written (continuations
 * joined). Arguments are raw: {@link WordExpander} substitutes variables when the stage is built,
 * because only then are the {@code ARG} and {@code ENV} values known.
 */
public sealed interface Instruction {
  /** The lines this instruction spans. */
  LineRange lines();

  /** The instruction as written, continuations joined, without heredoc bodies. */
  String text();

  /** The keyword in upper case, for example {@code COPY}. */
  default String keyword() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /** {@code FROM [--platform=P] IMAGE [AS NAME]}; {@code stageName} is lower case or null. */
  record From(LineRange lines, String text, String image, String stageName, String platform)
      implements Instruction {}

  /** {@code RUN [--mount=...] COMMAND}, with its flags and heredocs. */
  record Run(
      LineRange lines, String text, Command command, Map<String, String> flags, List<Heredoc> heredocs)
      implements Instruction {
    public Run {
      flags = Map.copyOf(flags);
      heredocs = List.copyOf(heredocs);
    }
  }

  /** {@code COPY [--from=S] [--chown=U:G] [--chmod=M] SRC... DEST}. */
  record Copy(LineRange lines, String text, CopyArgs args) implements Instruction {}

  /** {@code ADD [--chown=U:G] [--chmod=M] SRC... DEST}: like COPY, and extracts local archives. */
  record Add(LineRange lines, String text, CopyArgs args) implements Instruction {}

  /** {@code ENV KEY=VALUE...} or the legacy {@code ENV KEY VALUE}. */
  record Env(LineRange lines, String text, List<KeyValue> pairs) implements Instruction {
    public Env {
      pairs = List.copyOf(pairs);
    }
  }

  /** {@code ARG NAME[=DEFAULT]...}; a pair's value is null when there is no default. */
  record Arg(LineRange lines, String text, List<KeyValue> args) implements Instruction {
    public Arg {
      args = List.copyOf(args);
    }
  }

  /** {@code WORKDIR PATH}. */
  record Workdir(LineRange lines, String text, String path) implements Instruction {}

  /** {@code USER USER[:GROUP]}. */
  record User(LineRange lines, String text, String user) implements Instruction {}

  /** {@code EXPOSE PORT[/PROTOCOL]...}. */
  record Expose(LineRange lines, String text, List<String> ports) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  /** {@code LABEL KEY=VALUE...}. */
  record Label(LineRange lines, String text, List<KeyValue> pairs) implements Instruction {
    public Label {
      pairs = List.copyOf(pairs);
    }
  }

  /** {@code MAINTAINER NAME}: deprecated; the builder turns it into a {@code maintainer} label. */
  record Maintainer(LineRange lines, String text, String name) implements Instruction {}

  /** {@code ENTRYPOINT COMMAND}. */
  record Entrypoint(LineRange lines, String text, Command command) implements Instruction {}

  /** {@code CMD COMMAND}. */
  record Cmd(LineRange lines, String text, Command command) implements Instruction {}

  /**
   * {@code HEALTHCHECK [OPTIONS] CMD COMMAND} or {@code HEALTHCHECK NONE}. Durations and retries
   * are null when not given; {@code command} is null for {@code NONE}.
   */
  record Healthcheck(
      LineRange lines,
      String text,
      Command command,
      Duration interval,
      Duration timeout,
      Duration startPeriod,
      Duration startInterval,
      Integer retries)
      implements Instruction {
    /** Whether this is {@code HEALTHCHECK NONE}, which turns off a base image's check. */
    public boolean none() {
      return command == null;
    }
  }

  /** {@code STOPSIGNAL SIGNAL}. */
  record StopSignal(LineRange lines, String text, String signal) implements Instruction {}

  /** {@code VOLUME PATH...} or {@code VOLUME ["PATH", ...]}. */
  record Volume(LineRange lines, String text, List<String> paths) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  /** {@code SHELL ["EXECUTABLE", "PARAMETERS"]}. */
  record Shell(LineRange lines, String text, List<String> shell) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }
}
