package io.splice.image.registry;

import io.splice.image.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry logins of Docker's client config file, as {@code docker login} writes them:
 *
 * <pre>{@code
 * {"auths": {
 *    "127.0.0.1:5000": {"auth": "BASE64(user:password)"},
 *    "https://registry.example.com/v1/": {"username": "ci", "password": "s3cret"},
 *    "ghcr.io": {"auth": "BASE64(user:)", "identitytoken": "REFRESH-TOKEN"}},
 *  "credsStore": "desktop", "credHelpers": {"gcr.io": "gcloud"}}
 * }</pre>
 *
 * Keys may carry a scheme and a path; they are matched by {@code HOST[:PORT]}, and Docker Hub's
 * names ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io}) are one. Credential
 * helpers ({@code credsStore}, {@code credHelpers}) are not run; they are only named in errors.
 */
public final class DockerConfig {
  /** Docker's variable naming the config directory. */
  public static final String DOCKER_CONFIG = "DOCKER_CONFIG";
  /** A username that marks the password as an OAuth2 refresh token (Docker's identity token). */
  static final String TOKEN_USER = "<token>";
  private static final String HUB = "docker.io";

  private final Path file;
  private final Map<String, RegistryAccess.Credentials> logins;
  private final List<String> helpers;

  private DockerConfig(Path file, Map<String, RegistryAccess.Credentials> logins, List<String> helpers) {
    this.file = file;
    this.logins = Map.copyOf(logins);
    this.helpers = List.copyOf(helpers);
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code HOME/.docker/config.json}. */
  public static Path defaultFile(Map<String, String> env, String userHome) {
    String dir = env.get(DOCKER_CONFIG);
    Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(userHome, ".docker");
    return base.resolve("config.json");
  }

  /**
   * Reads a config file; a missing file has no logins.
   *
   * @throws IOException when the file cannot be read or is not a Docker config (the message says why)
   */
  public static DockerConfig load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new DockerConfig(file, Map.of(), List.of());
    }
    Object parsed;
    try {
      parsed = OciJson.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException("not valid JSON (" + firstLine(e.getMessage()) + ")", e);
    }
    if (!(parsed instanceof Map<?, ?> root)) {
      throw new IOException("expected a JSON object");
    }
    Map<String, RegistryAccess.Credentials> logins = new LinkedHashMap<>();
    if (root.get("auths") instanceof Map<?, ?> auths) {
      for (Map.Entry<?, ?> entry : auths.entrySet()) {
        String key = String.valueOf(entry.getKey());
        if (entry.getValue() instanceof Map<?, ?> login) {
          credentials(key, login).ifPresent(c -> logins.putIfAbsent(registryOf(key), c));
        }
      }
    }
    List<String> helpers = new ArrayList<>();
    if (root.get("credsStore") instanceof String store && !store.isEmpty()) {
      helpers.add("docker-credential-" + store);
    }
    if (root.get("credHelpers") instanceof Map<?, ?> perRegistry) {
      for (Map.Entry<?, ?> entry : perRegistry.entrySet()) {
        helpers.add("docker-credential-" + entry.getValue() + " (for " + entry.getKey() + ")");
      }
    }
    return new DockerConfig(file, logins, helpers);
  }

  /** The file the logins came from. */
  public Path file() {
    return file;
  }

  /** The login for {@code registry} ({@code HOST[:PORT]}), if the file has one. */
  public Optional<RegistryAccess.Credentials> credentialsFor(String registry) {
    return Optional.ofNullable(logins.get(registryOf(registry)));
  }

  /** The credential helpers the file names, which Splice does not run. */
  public List<String> helpers() {
    return helpers;
  }

  /** The registries that have a login, as {@code HOST[:PORT]}. */
  public java.util.Set<String> registries() {
    return logins.keySet();
  }

  /** {@code https://Host:5000/v2/} as {@code host:5000}; Docker Hub's names as {@code docker.io}. */
  static String registryOf(String key) {
    String k = key.strip();
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    k = k.toLowerCase(Locale.ROOT);
    if (k.equals("index.docker.io") || k.equals("registry-1.docker.io") || k.equals("registry.hub.docker.com")) {
      return HUB;
    }
    return k;
  }

  private static Optional<RegistryAccess.Credentials> credentials(String key, Map<?, ?> entry) throws IOException {
    String user = text(entry, "username");
    String password = text(entry, "password");
    String auth = text(entry, "auth");
    if (auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IOException("auths." + key + ".auth is not base64 (expected: base64 of user:password)", e);
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IOException("auths." + key + ".auth does not decode to user:password");
      }
      user = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    String token = text(entry, "identitytoken");
    if (token != null && !token.isEmpty()) {
      return Optional.of(new RegistryAccess.Credentials(TOKEN_USER, token));
    }
    if (user == null || user.isEmpty() || password == null) {
      return Optional.empty();
    }
    return Optional.of(new RegistryAccess.Credentials(user, password));
  }

  private static String text(Map<?, ?> node, String field) {
    return node.get(field) instanceof String value ? value : null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
