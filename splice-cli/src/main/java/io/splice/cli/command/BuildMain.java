package io.splice.cli.command;

import io.splice.cli.ShortErrorHandler;
import picocli.CommandLine;

/**
 * {@code splice build} on its own: the {@code ./splice} launcher starts this class for a build, so
 * that a build's JVM reflects over the options of one command instead of every command of the
 * CLI (a third of a short build's time went there). Output, errors and exit codes are those of
 * {@code SpliceCli build}.
 */
public final class BuildMain {
  private BuildMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine commandLine = new CommandLine(new BuildCommand()).setCommandName("splice build");
    commandLine.setExecutionExceptionHandler(new ShortErrorHandler());
    return commandLine.execute(args);
  }
}
