package io.splice.control.health;

/**
 * The outcome of one health check, with what was seen: a status code, an error or a timeout.
 *
 * @param detail for example {@code HTTP 200}, {@code HTTP 503: not ready}, {@code timeout after 1s}
 */
public record CheckResult(boolean passed, String detail) {
  public static CheckResult pass(String detail) {
    return new CheckResult(true, detail);
  }

  public static CheckResult fail(String detail) {
    return new CheckResult(false, detail);
  }

  public String describe() {
    return (passed ? "ok" : "failing") + " (" + detail + ")";
  }
}
