package io.splice.proxy.health;

import static java.util.Objects.requireNonNull;

/**
 * The result of one active health check.
 *
 * @param kind passed, failed, or cancelled (not run to its end: the upstream was removed or the
 *     proxy stopped; never counted)
 * @param detail what was seen, e.g. {@code "HTTP 200"}, {@code "HTTP 503"}, {@code "connect:
 *     Connection refused"}, {@code "timeout after 2000 ms"}, {@code "connected"}
 */
public record CheckResult(Kind kind, String detail) {

  /** How a check ended. */
  public enum Kind {
    PASSED,
    FAILED,
    CANCELLED
  }

  public CheckResult {
    requireNonNull(kind, "kind");
    requireNonNull(detail, "detail");
  }

  public static CheckResult passed(String detail) {
    return new CheckResult(Kind.PASSED, detail);
  }

  public static CheckResult failed(String detail) {
    return new CheckResult(Kind.FAILED, detail);
  }

  public static CheckResult cancelled(String detail) {
    return new CheckResult(Kind.CANCELLED, detail);
  }
}
