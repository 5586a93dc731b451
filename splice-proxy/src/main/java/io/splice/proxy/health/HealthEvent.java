package io.splice.proxy.health;

/**
 * One change of an upstream's passive health, or of its service's panic state, with the reason.
 *
 * <pre>
 * catalog/catalog-2 ejected for 30 s: 3 consecutive connect failures (last: connection refused)
 * catalog/catalog-2 re-admitted: ejection of 30 s over
 * catalog/catalog-3 unhealthy: 3 consecutive checks failed (last: HTTP 503)
 * catalog/catalog-1 kept in rotation: 5 consecutive 5xx (last: 503), but ejecting it would leave
 *     0 of 2 upstreams (panic threshold 50%)
 * </pre>
 *
 * @param service the service's name
 * @param upstream the upstream's name, or null for an event of the whole service
 * @param kind what changed
 * @param reason why, in words: counts, the last status or error, the times
 */
public record HealthEvent(String service, String upstream, Kind kind, String reason) {

  /** What changed. */
  public enum Kind {
    /** The upstream left rotation for a while. */
    EJECTED,
    /** The upstream's ejection time is over; it is back in rotation. */
    READMITTED,
    /** The upstream deserved an ejection, refused because of the panic threshold. */
    EJECTION_REFUSED,
    /** Too few upstreams are in rotation: the service routes to all of them. */
    PANIC_STARTED,
    /** Enough upstreams are in rotation again. */
    PANIC_ENDED,
    /** Active checks passed {@code rise} times in a row: the upstream is back in rotation. */
    HEALTHY,
    /** Active checks failed {@code fall} times in a row: the upstream left rotation. */
    UNHEALTHY
  }

  @Override
  public String toString() {
    String who = upstream == null ? service : service + "/" + upstream;
    return who + " " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
        + reason;
  }
}
