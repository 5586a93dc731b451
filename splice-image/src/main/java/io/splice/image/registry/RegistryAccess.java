package io.splice.image.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach registries: which hosts may be spoken to over plain HTTP or with an unverified
 * certificate, and the basic-auth credentials per host. Loopback hosts ({@code 127.0.0.1},
 * {@code localhost}, {@code [::1]}) are always allowed insecure, as Docker allows them.
 *
 * @param insecureHosts hosts ({@code HOST} or {@code HOST:PORT}) allowed without TLS
 * @param credentials credentials by host ({@code HOST} or {@code HOST:PORT})
 */
public record RegistryAccess(Set<String> insecureHosts, Map<String, Credentials> credentials) {
  /** A user name and password (or token) for basic auth. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  public RegistryAccess {
    insecureHosts = Set.copyOf(insecureHosts);
    credentials = Map.copyOf(credentials);
  }

  /** Loopback registries insecure, no credentials. */
  public static RegistryAccess defaults() {
    return new RegistryAccess(Set.of(), Map.of());
  }

  /** Whether {@code registry} ({@code HOST[:PORT]}) may be reached without verified TLS. */
  public boolean insecure(String registry) {
    String host = hostOf(registry);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")
        || insecureHosts.contains(registry) || insecureHosts.contains(host);
  }

  /** The credentials for {@code registry} ({@code HOST[:PORT]}), by full name first, then host. */
  public Optional<Credentials> credentialsFor(String registry) {
    Credentials c = credentials.get(registry);
    return Optional.ofNullable(c != null ? c : credentials.get(hostOf(registry)));
  }

  private static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      int close = registry.indexOf(']');
      return close < 0 ? registry : registry.substring(0, close + 1);
    }
    int colon = registry.lastIndexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }
}
