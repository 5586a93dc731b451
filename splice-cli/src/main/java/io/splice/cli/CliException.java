package io.splice.cli;

import java.util.List;

/** A user-facing failure: printed as one message (and its details), never as a stack trace. */
public final class CliException extends RuntimeException {
  private final List<String> details;
  private final boolean usageMistake;

  public CliException(String message) {
    this(message, List.of());
  }

  public CliException(String message, List<String> details) {
    this(message, details, false);
  }

  private CliException(String message, List<String> details, boolean usageMistake) {
    super(message);
    this.details = List.copyOf(details);
    this.usageMistake = usageMistake;
  }

  /** A mistake in the command line itself, which the command's help explains. */
  public static CliException usage(String message) {
    return new CliException(message, List.of(), true);
  }

  public List<String> details() {
    return details;
  }

  /** Whether the message should point to the command's help. */
  public boolean usageMistake() {
    return usageMistake;
  }
}
