package io.splice.control.server;

import java.util.List;

/** A refused API request: its HTTP status, the cause, and details such as every spec error. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final List<String> details;

  public ApiError(int status, String message) {
    this(status, message, List.of());
  }

  public ApiError(int status, String message, List<String> details) {
    super(message);
    this.status = status;
    this.details = List.copyOf(details);
  }

  public int status() {
    return status;
  }

  public List<String> details() {
    return details;
  }
}
