package io.splice.control.reconcile;

/** One step of a {@link Plan}. */
public sealed interface Action {

  /** Start a new replica with the given ordinal, running the service's desired version. */
  record Start(String app, String service, int ordinal) implements Action {}

  /** Start a failed replica again, under the same id. */
  record Restart(String id) implements Action {}

  /** Take a replica out of the proxy, let it drain, then stop it. */
  record Stop(String id, String reason) implements Action {}
}
