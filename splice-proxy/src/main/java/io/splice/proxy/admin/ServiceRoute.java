package io.splice.proxy.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service: the addresses it is exposed on and the replicas behind them.
 *
 * <pre>{@code
 * {
 *   "name": "catalog", "protocol": "http",
 *   "listeners": [{"host": "127.0.0.1", "port": 8081}],
 *   "upstreams": [
 *     {"id": "catalog-1", "host": "127.0.0.1", "port": 41001, "weight": 1, "group": "stable"},
 *     {"id": "catalog-2", "host": "127.0.0.1", "port": 41002, "weight": 1, "group": "canary"}],
 *   "drainTimeoutMillis": 30000,
 *   "groupWeights": {"stable": 90, "canary": 10}
 * }
 * }</pre>
 *
 * @param name unique within the config; letters, digits, '.', '_' and '-'
 * @param protocol {@code "http"} (a reverse proxy for HTTP/1.1 and HTTP/2, WebSocket upgrades
 *     included) or
 *     {@code "tcp"} (each client connection relayed as bytes to one upstream); {@code null} reads as
 *     {@code "http"}
 * @param listeners addresses to accept clients on; no address may be used by two services
 * @param upstreams the replicas; an empty list makes the service answer 503
 * @param drainTimeoutMillis how long an upstream removed from the list may finish its in-flight
 *     requests before its connections are closed; 0 means the proxy's default (30 s)
 * @param groupWeights traffic split between the {@link UpstreamTarget#group() groups} of the
 *     upstreams (added later; null or empty: no split, every upstream competes as before). Each
 *     new request first picks a group at random in proportion to these weights, among the groups
 *     that have an upstream in rotation, then an upstream within it; {@code {"stable": 90,
 *     "canary": 10}} sends 10% of requests to the canary. A group of weight 0, and a group not
 *     named here (or an upstream without a group), gets new requests only when no group of
 *     positive weight has an upstream in rotation: that is the blue-green switch. Weights are 0 or
 *     more.
 * @param healthPath active health checks: the HTTP path the proxy GETs on each upstream (2xx or
 *     3xx pass), or null for a TCP connect (added later, as the three below)
 * @param healthIntervalMillis time between two checks of an upstream; 0 turns active checks off
 *     (the only health is then passive)
 * @param rise checks passed in a row that bring an unhealthy upstream back; 0 means 2
 * @param fall checks failed in a row that take a healthy upstream out; 0 means 3. An upstream
 *     starts healthy. When every upstream fails its checks, the service routes to all of them.
 * @param upstreamProtocol what the upstreams of an {@code "http"} service speak (added later):
 *     {@code "http/1.1"} (null, or left out: HTTP/1.1 over pooled keep-alive connections) or
 *     {@code "h2c"} (HTTP/2 in clear text with prior knowledge: requests go as streams over few
 *     connections per upstream; health checks use it too). Clients may speak either whatever it is.
 */
public record ServiceRoute(
    String name,
    String protocol,
    List<ListenAddress> listeners,
    List<UpstreamTarget> upstreams,
    long drainTimeoutMillis,
    Map<String, Integer> groupWeights,
    String healthPath,
    long healthIntervalMillis,
    int rise,
    int fall,
    String upstreamProtocol) {

  public static final String HTTP = "http";
  public static final String TCP = "tcp";

  /** {@link #upstreamProtocol()}: HTTP/1.1, the default. */
  public static final String HTTP_1_1 = "http/1.1";

  /** {@link #upstreamProtocol()}: HTTP/2 in clear text, with prior knowledge. */
  public static final String H2C = "h2c";

  public ServiceRoute {
    protocol = protocol == null ? HTTP : protocol;
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    healthPath = healthPath == null || healthPath.isEmpty() ? null : healthPath;
    upstreamProtocol =
        upstreamProtocol == null || upstreamProtocol.isEmpty() ? HTTP_1_1 : upstreamProtocol;
    // Kept in the pushed order, null values included, so that the validator can name them.
    groupWeights =
        groupWeights == null || groupWeights.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(groupWeights));
  }

  /** The shape before traffic groups: no split. */
  public ServiceRoute(
      String name,
      String protocol,
      List<ListenAddress> listeners,
      List<UpstreamTarget> upstreams,
      long drainTimeoutMillis) {
    this(name, protocol, listeners, upstreams, drainTimeoutMillis, null);
  }

  /** The shape before active health checks: none. */
  public ServiceRoute(
      String name,
      String protocol,
      List<ListenAddress> listeners,
      List<UpstreamTarget> upstreams,
      long drainTimeoutMillis,
      Map<String, Integer> groupWeights) {
    this(name, protocol, listeners, upstreams, drainTimeoutMillis, groupWeights, null, 0, 0, 0);
  }

  /** The shape before upstream protocols: HTTP/1.1 to the upstreams. */
  public ServiceRoute(
      String name,
      String protocol,
      List<ListenAddress> listeners,
      List<UpstreamTarget> upstreams,
      long drainTimeoutMillis,
      Map<String, Integer> groupWeights,
      String healthPath,
      long healthIntervalMillis,
      int rise,
      int fall) {
    this(
        name,
        protocol,
        listeners,
        upstreams,
        drainTimeoutMillis,
        groupWeights,
        healthPath,
        healthIntervalMillis,
        rise,
        fall,
        null);
  }

  /** Whether the upstreams speak HTTP/2 in clear text ({@link #H2C}). */
  @JsonIgnore
  public boolean h2cUpstreams() {
    return H2C.equals(upstreamProtocol);
  }
}
