package io.splice.spec.load;

import java.util.Collection;
import java.util.Map;

/**
 * The Compose keys Splice reads past, and what it does instead. Each key becomes one warning with
 * its position, such as {@code docker-compose.yml:9:5: services.db.volumes: ignored (Splice does not
 * mount volumes; ...)}; the same key in other services only adds its line ({@code ; also at lines
 * 20, 31}). A Compose file that runs under Compose should load under Splice too.
 */
final class ComposeIgnored {
  static final String DEFAULT_REASON = "Splice does not support this Compose key";

  private static final String SERVICES = "services.";

  private static final String NETWORK =
      "services reach each other through Splice's proxy at the address in NAME_URL";
  private static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("volumes", "Splice does not mount volumes; a replica starts from its image or folder, so keep"
          + " state in a database or store outside it"),
      Map.entry("networks", NETWORK),
      Map.entry("network_mode", NETWORK),
      Map.entry("links", NETWORK),
      Map.entry("external_links", NETWORK),
      Map.entry("hostname", NETWORK),
      Map.entry("domainname", NETWORK),
      Map.entry("dns", NETWORK),
      Map.entry("dns_search", NETWORK),
      Map.entry("extra_hosts", NETWORK),
      Map.entry("secrets", "pass secrets through 'environment'"),
      Map.entry("configs", "pass settings through 'environment'"),
      Map.entry("privileged", "Splice never runs a replica privileged"),
      Map.entry("cap_add", "Splice runs replicas with the runtime's default capabilities"),
      Map.entry("cap_drop", "Splice runs replicas with the runtime's default capabilities"),
      Map.entry("security_opt", "Splice runs replicas with the runtime's default security options"),
      Map.entry("user", "the image's user is used; 'splice edit --user' sets it"),
      Map.entry("container_name", "Splice names each replica itself"),
      Map.entry("labels", "Splice labels its containers itself"),
      Map.entry("logging", "Splice keeps each replica's output in its own log files"),
      Map.entry("working_dir", "the image's working folder is used"),
      Map.entry("include", "Splice reads one file; copy the services into it"),
      Map.entry("stop_signal", "Splice stops a replica with SIGTERM, then SIGKILL after stop_grace_period"),
      Map.entry("mem_reservation", "Splice applies limits only"),
      Map.entry("platform", "Splice builds and runs for this machine's platform"),
      Map.entry("init", "Splice runs the command as the replica's first process"),
      Map.entry("start_interval", "Splice checks at 'interval' from the start"),
      Map.entry("delay", "Splice replaces the next replicas as soon as the previous ones are healthy"),
      Map.entry("max_failure_ratio", "one failed replica fails the deploy"),
      Map.entry("reservations", "Splice applies limits only"),
      Map.entry("placement", "Splice runs every replica on this machine"),
      Map.entry("mode", "Splice runs the number of replicas given by 'replicas'"),
      Map.entry("endpoint_mode", "Splice's proxy balances over the replicas"),
      Map.entry("required", "every dependency is required"));

  private ComposeIgnored() {}

  /** Warns that {@code entry} is ignored, with a hint when it looks like a typo of a supported key. */
  static void warn(Problems problems, YamlNode.Mapping.Entry entry, String parentPath, Collection<String> supported) {
    String reason = REASONS.get(entry.key());
    if (reason == null) {
      String closest = Suggestions.closest(entry.key(), supported);
      reason = closest != null ? "unknown key; did you mean '" + closest + "'?" : DEFAULT_REASON;
    }
    warnOnce(problems, entry, parentPath, reason);
  }

  /**
   * Warns that {@code entry} is ignored because of {@code reason}, once per key: the same key in
   * another service adds its line to the first warning.
   */
  static void warnOnce(Problems problems, YamlNode.Mapping.Entry entry, String parentPath, String reason) {
    String path = parentPath.isEmpty() ? entry.key() : parentPath + "." + entry.key();
    problems.warnOnce("ignored:" + group(path), entry.keyPosition(), path + ": ignored (" + reason + ")");
  }

  /** The path with the service's name left out: {@code services.*.deploy.restart_policy}. */
  private static String group(String path) {
    if (!path.startsWith(SERVICES)) {
      return path;
    }
    int end = path.indexOf('.', SERVICES.length());
    return end < 0 ? path : SERVICES + "*" + path.substring(end);
  }

  /** Warns about every key of {@code fields} that is not in {@code supported} and not an {@code x-} extension. */
  static void warnUnsupported(Fields fields, Collection<String> supported) {
    for (YamlNode.Mapping.Entry entry : fields.map().entries()) {
      if (!supported.contains(entry.key()) && !entry.key().startsWith(Fields.EXTENSION_PREFIX)) {
        warn(fields.problems(), entry, fields.path(), supported);
      }
    }
  }
}
