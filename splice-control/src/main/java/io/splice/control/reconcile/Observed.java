package io.splice.control.reconcile;

import java.time.Instant;

/**
 * A replica as it is.
 *
 * @param ordinal its number within the service, unique and growing: new replicas get the next one
 * @param version the service version it runs
 * @param retryAt for a {@link Phase#FAILED} replica, when it may be restarted
 * @param readySince for a {@link Phase#READY} replica, since when it has been ready; null otherwise
 */
public record Observed(String id, String app, String service, int ordinal, String version, Phase phase, Instant retryAt,
    Instant readySince) {
  public Observed(String id, String app, String service, int ordinal, String version, Phase phase, Instant retryAt) {
    this(id, app, service, ordinal, version, phase, retryAt, phase == Phase.READY ? Instant.EPOCH : null);
  }

  public Observed(String id, String app, String service, int ordinal, Phase phase, Instant retryAt) {
    this(id, app, service, ordinal, "v1", phase, retryAt);
  }
}
