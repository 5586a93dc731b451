package io.splice.runtime;

/** A replica could not be started or inspected; the message says which and why. */
public final class RuntimeDriverException extends Exception {
  public RuntimeDriverException(String message) {
    super(message);
  }

  public RuntimeDriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
