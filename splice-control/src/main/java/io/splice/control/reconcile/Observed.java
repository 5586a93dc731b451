package io.splice.control.reconcile;

import java.time.Instant;

/**
 * A replica as it is.
 *
 * @param retryAt for a {@link Phase#FAILED} replica, when it may be restarted
 */
public record Observed(String id, String app, String service, int slot, Phase phase, Instant retryAt) {}
