package io.splice.proxy;

import static java.util.Objects.requireNonNull;

/** A config push the proxy did not apply; the config in force is unchanged. */
public final class ConfigRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the push was refused; the admin endpoint maps each to an HTTP status. */
  public enum Reason {
    /** The config breaks a rule (400). */
    INVALID,
    /** Its version is lower than the version in force (409). */
    STALE_VERSION,
    /** A listener could not be bound, or the config not written to disk (500). */
    NOT_APPLIED,
    /** The proxy is stopping (503). */
    STOPPING
  }

  private final Reason reason;

  public ConfigRejectedException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ConfigRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
