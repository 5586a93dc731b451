package io.splice.image.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command to run in the sandbox.
 *
 * @param argv the program and its arguments, as the process gets them
 * @param env the environment, {@code NAME=VALUE}; {@code PATH} and {@code HOME} are added when
 *     missing
 * @param cwd the working directory inside the root, absolute; made when missing
 * @param user {@code USER}'s value ({@code name[:group]} or numbers), or null for root
 * @param scripts files the command can run, by name, mounted read-only and executable at
 *     {@code /dev/pipes/NAME} (outside the root filesystem, so they are not in the layer)
 */
public record RunSpec(List<String> argv, List<String> env, String cwd, String user, Map<String, String> scripts) {
  /** Where {@link #scripts()} are mounted. */
  public static final String SCRIPT_DIR = "/dev/pipes";

  public RunSpec {
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    scripts = Map.copyOf(scripts);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv: [] (expected: a program to run)");
    }
  }
}
