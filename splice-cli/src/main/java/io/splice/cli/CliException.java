package io.splice.cli;

import java.util.List;

/** A user-facing failure: printed as one message (and its details), never as a stack trace. */
public final class CliException extends RuntimeException {
  private final List<String> details;

  public CliException(String message) {
    this(message, List.of());
  }

  public CliException(String message, List<String> details) {
    super(message);
    this.details = List.copyOf(details);
  }

  public List<String> details() {
    return details;
  }
}
