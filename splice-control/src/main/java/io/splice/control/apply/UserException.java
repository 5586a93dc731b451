package io.splice.control.apply;

/** A request the daemon refuses because of what the user asked (a port in use, an unknown app). */
public final class UserException extends RuntimeException {
  private final int status;

  public UserException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status that says why: 404 for unknown things, 409 for conflicts. */
  public int status() {
    return status;
  }
}
