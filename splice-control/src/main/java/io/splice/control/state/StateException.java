package io.splice.control.state;

/** The state database failed; the daemon cannot go on without it. */
public final class StateException extends Exception {
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
