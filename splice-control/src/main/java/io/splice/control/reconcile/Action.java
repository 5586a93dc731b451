package io.splice.control.reconcile;

/** One step of a {@link Plan}. */
public sealed interface Action {

  /** Start a new replica in an empty slot. */
  record Start(String app, String service, int slot) implements Action {}

  /** Start a failed replica again, in its slot. */
  record Restart(String id) implements Action {}

  /** Take a replica out of the proxy, then stop it. */
  record Stop(String id, String reason) implements Action {}
}
