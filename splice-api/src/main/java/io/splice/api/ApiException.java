package io.splice.api;

import java.util.List;

/** The daemon refused a request, or could not be reached; the message is meant for the user. */
public final class ApiException extends Exception {
  private final int status;
  private final List<String> details;

  public ApiException(int status, String message, List<String> details) {
    super(message);
    this.status = status;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  /** The HTTP status, or 0 when the daemon could not be reached. */
  public int status() {
    return status;
  }

  public List<String> details() {
    return details;
  }
}
