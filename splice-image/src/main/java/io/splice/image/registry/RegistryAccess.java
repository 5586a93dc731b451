package io.splice.image.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach registries: which hosts may be spoken to over plain HTTP or with an unverified
 * certificate, and the basic-auth credentials per host: those given explicitly first, then the
 * logins of Docker's config file. Loopback hosts ({@code 127.0.0.1}, {@code localhost}, {@code
 * [::1]}) are always allowed insecure, as Docker allows them.
 *
 * @param insecureHosts hosts ({@code HOST} or {@code HOST:PORT}) allowed without TLS
 * @param credentials credentials by host ({@code HOST} or {@code HOST:PORT})
 * @param dockerConfig the logins of Docker's config file, or null
 */
public record RegistryAccess(Set<String> insecureHosts, Map<String, Credentials> credentials, DockerConfig dockerConfig) {
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

  /** Explicit settings, without a Docker config file. */
  public RegistryAccess(Set<String> insecureHosts, Map<String, Credentials> credentials) {
    this(insecureHosts, credentials, null);
  }

  /** Loopback registries insecure, no credentials. */
  public static RegistryAccess defaults() {
    return new RegistryAccess(Set.of(), Map.of(), null);
  }

  /** These settings, with the logins of {@code config} after the explicit credentials. */
  public RegistryAccess withDockerConfig(DockerConfig config) {
    return new RegistryAccess(insecureHosts, credentials, config);
  }

  /** Whether {@code registry} ({@code HOST[:PORT]}) may be reached without verified TLS. */
  public boolean insecure(String registry) {
    String host = hostOf(registry);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")
        || insecureHosts.contains(registry) || insecureHosts.contains(host);
  }

  /**
   * The credentials for {@code registry} ({@code HOST[:PORT]}): the explicit ones by full name,
   * then by host, then the Docker config file's login for it.
   */
  public Optional<Credentials> credentialsFor(String registry) {
    Optional<Credentials> given = given(registry);
    if (given.isPresent() || dockerConfig == null) {
      return given;
    }
    return dockerConfig.credentialsFor(registry);
  }

  /**
   * Where the credentials for {@code registry} come from, for messages: {@code "given"}, the
   * Docker config file's path, or empty when there are none.
   */
  public Optional<String> credentialSource(String registry) {
    if (given(registry).isPresent()) {
      return Optional.of("given");
    }
    if (dockerConfig != null && dockerConfig.credentialsFor(registry).isPresent()) {
      return Optional.of(dockerConfig.file().toString());
    }
    return Optional.empty();
  }

  private Optional<Credentials> given(String registry) {
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
