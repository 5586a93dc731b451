package io.splice.spec.load;

import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Compose file into an {@link AppDocument}. For example:
 *
 * <pre>{@code
 * name: shop
 * services:
 *   web:
 *     build: ./web
 *     ports: ["8080:80"]
 *     env_file: web.env
 *     environment: {DB_URL: "postgres://db:5432/${DB_NAME:-shop}"}
 *     healthcheck: {test: ["CMD", "curl", "-f", "http://localhost/"], interval: 5s, retries: 3}
 *     depends_on: {api: {condition: service_healthy}}
 *     deploy: {replicas: 3, update_config: {parallelism: 1, order: start-first}}
 *   debug:
 *     image: busybox
 *     profiles: [debug]
 * }</pre>
 *
 * <p>Values are interpolated first ({@link ComposeVariables}). The app is named by {@code name}, or
 * else by the file's folder. Services run in the docker runtime unless the service or the file says
 * {@code x-splice-runtime: process}, in which case {@code entrypoint} and {@code command} make the
 * process's command and it runs in the file's folder. A service with {@code profiles} is left out
 * unless one of them is active. Service names become DNS labels ({@code my_db} is renamed
 * {@code my-db}, with a warning). Keys that Splice does not support are warnings that say what
 * Splice does instead (see {@link ComposeIgnored}); other {@code x-} keys and {@code version} are
 * ignored silently; a supported key with a wrong shape is an error.
 */
final class ComposeReader {
  static final String RUNTIME_KEY = "x-splice-runtime";
  static final List<String> TOP_KEYS = List.of("version", "name", "services");
  static final List<String> SERVICE_KEYS = List.of("image", "build", "command", "entrypoint", "ports", "expose",
      "environment", "env_file", "healthcheck", "depends_on", "deploy", "scale", "stop_grace_period", "profiles",
      "restart", "cpus", "mem_limit");

  private final Path folder;
  private final LoadOptions options;
  private final Map<String, String> variables;
  private final Problems problems;

  private ComposeReader(Path folder, LoadOptions options, Map<String, String> variables, Problems problems) {
    this.folder = folder;
    this.options = options;
    this.variables = variables;
    this.problems = problems;
  }

  static AppDocument read(YamlNode.Mapping written, Path source, LoadOptions options, Problems problems) {
    Path folder = source.getParent();
    Map<String, String> variables = ComposeVariables.environment(folder, options.environment(), problems);
    YamlNode.Mapping root = ComposeVariables.interpolate(written, variables, problems);
    return new ComposeReader(folder, options, variables, problems).read(root, source);
  }

  private AppDocument read(YamlNode.Mapping root, Path source) {
    Fields top = new Fields(root, "", problems);
    ComposeIgnored.warnUnsupported(top, TOP_KEYS);
    AppDocument app = new AppDocument(source, root.position());
    Located<String> name = top.string("name");
    if (name != null) {
      app.name = name.with(DnsLabels.sanitize(name.value()));
    } else {
      Path folderName = folder.getFileName();
      String shown = folderName == null ? DnsLabels.FALLBACK : folderName.toString();
      app.name = new Located<>(DnsLabels.sanitize(shown), "'" + shown + "'", root.position(), "name");
    }
    Located<String> defaultRuntime = top.string(RUNTIME_KEY);
    YamlNode.Mapping services = Values.mapping(top.node("services"), "services", problems, "a map of services");
    if (!top.has("services")) {
      problems.error(root.position(), "services: missing (expected: a map of services, at least one)");
      return app;
    }
    if (services == null || services.entries().isEmpty()) {
      if (services != null) {
        problems.error(services, "services", "a map of services, at least one");
      }
      return app;
    }
    Map<String, String> names = renames(services);
    Set<String> usedProfiles = new HashSet<>();
    for (YamlNode.Mapping.Entry entry : services.entries()) {
      String path = "services." + entry.key();
      AppDocument.Service service = new AppDocument.Service(names.get(entry.key()), path, entry.keyPosition());
      if (app.services.containsKey(service.name) || app.excluded.containsKey(service.name)) {
        problems.error(entry.keyPosition(), path + ": '" + entry.key() + "' (expected: a name that stays"
            + " unique as a DNS label; another service is also named '" + service.name + "')");
        continue;
      }
      if (Values.isAbsent(entry.value())) {
        app.services.put(service.name, service);
        service.malformed = true;
        problems.error(entry.keyPosition(), path + ": no settings (expected: a map such as {image: ...})");
        continue;
      }
      Fields fields = Fields.of(entry.value(), path, problems);
      List<String> profiles = fields == null ? List.of() : ComposeServiceFields.profiles(fields);
      usedProfiles.addAll(profiles);
      if (!options.isActive(profiles)) {
        app.excluded.put(service.name, profiles);
        continue;
      }
      app.services.put(service.name, service);
      service.malformed = fields == null;
      if (fields != null) {
        readService(fields, service, defaultRuntime, names);
      }
    }
    if (app.services.isEmpty() && !app.excluded.isEmpty()) {
      problems.error(services.position(), "services: every service has profiles and none is active (expected: a"
          + " service without profiles, or an active profile such as '" + app.excluded.values().iterator().next().get(0)
          + "')");
    }
    for (String profile : options.profiles()) {
      if (!profile.equals(LoadOptions.ALL_PROFILES) && !usedProfiles.contains(profile)) {
        problems.warn(null, "profile '" + profile + "' is active but no service has it");
      }
    }
    return app;
  }

  /** Each Compose service name and the DNS label it becomes; a rename is a warning. */
  private Map<String, String> renames(YamlNode.Mapping services) {
    Map<String, String> names = new HashMap<>();
    for (YamlNode.Mapping.Entry entry : services.entries()) {
      String label = DnsLabels.isValid(entry.key()) ? entry.key() : DnsLabels.sanitize(entry.key());
      names.put(entry.key(), label);
      if (!label.equals(entry.key())) {
        problems.warn(entry.keyPosition(), "services." + entry.key() + ": renamed to '" + label
            + "' (Splice names services with DNS labels)");
      }
    }
    return names;
  }

  private void readService(Fields fields, AppDocument.Service service, Located<String> defaultRuntime,
      Map<String, String> names) {
    ComposeIgnored.warnUnsupported(fields, SERVICE_KEYS);
    fields.map().entries().forEach(entry -> service.keys.add(entry.key()));
    Located<String> runtime = fields.string(RUNTIME_KEY);
    if (runtime == null) {
      runtime = defaultRuntime;
    }
    service.runtime = runtime != null ? runtime : new Located<>(ServiceSpec.RUNTIME_DOCKER,
        "'" + ServiceSpec.RUNTIME_DOCKER + "'", service.position, fields.path(RUNTIME_KEY));
    service.image = fields.string("image");
    ComposeBlocks.build(fields, service, variables);
    ComposeServiceFields.command(fields, service);
    ComposePorts.read(fields.node("ports"), fields.path("ports"), service, problems);
    ComposePorts.expose(fields.node("expose"), fields.path("expose"), service, problems);
    ComposeEnvFiles.read(fields.node("env_file"), fields.path("env_file"), folder, variables, problems, service.env);
    CommonFields.env(fields.node("environment"), fields.path("environment"), problems, service.env,
        name -> problems.warn(name.position(), name.path() + ": no value, ignored (Splice does not pass"
            + " its own environment on; write the value here)"));
    service.health = ComposeBlocks.health(fields.block("healthcheck"));
    CommonFields.dependsOn(fields.node("depends_on"), fields.path("depends_on"), problems, service.dependsOn,
        (settings, name) -> ComposeServiceFields.dependency(settings, name));
    service.dependsOn.replaceAll(name -> name.with(names.getOrDefault(name.value(), name.value())));
    service.replicas = fields.integer("scale");
    service.cpus = fields.number("cpus");
    service.memory = fields.memory("mem_limit");
    ComposeDeploy.deploy(fields.block("deploy"), service);
    ComposeDeploy.restart(fields);
    service.stopGracePeriod = fields.duration("stop_grace_period");
  }
}
