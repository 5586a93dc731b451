package io.splice.cli;

import io.splice.api.ApiException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Shows user mistakes once, as a short message with its details and a pointer to help; stack
 * traces only for bugs, and only with {@code --verbose}.
 */
public final class ShortErrorHandler implements IExecutionExceptionHandler {
  static final int EXIT_USER_ERROR = 1;
  static final int EXIT_INTERNAL_ERROR = 70;

  @Override
  public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (error instanceof CliException cli) {
      err.println("splice: " + cli.getMessage());
      cli.details().forEach(detail -> err.println("  " + detail));
      if (cli.usageMistake()) {
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
      }
      return EXIT_USER_ERROR;
    }
    if (error instanceof ApiException api) {
      err.println("splice: " + api.getMessage());
      api.details().forEach(detail -> err.println("  " + detail));
      return EXIT_USER_ERROR;
    }
    err.println("splice: internal error: " + error);
    if (verbose(parsed)) {
      error.printStackTrace(err);
    } else {
      err.println("Run again with --verbose for the stack trace, and report it.");
    }
    return EXIT_INTERNAL_ERROR;
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult sub = parsed; sub != null; sub = sub.subcommand()) {
      if (sub.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
