package io.splice.spec.load;

import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Compose file into an {@link AppDocument}. For example:
 *
 * <pre>{@code
 * name: shop
 * services:
 *   web:
 *     build: ./web
 *     ports: ["8080:80"]
 *     environment: {DB_URL: "jdbc:h2:mem:shop"}
 *     healthcheck: {test: ["CMD", "curl", "-f", "http://localhost/"], interval: 5s, retries: 3}
 *     depends_on: [api]
 *     deploy: {replicas: 3, update_config: {parallelism: 1, order: start-first}}
 * }</pre>
 *
 * <p>The app is named by {@code name}, or else by the file's folder. Services run in the docker
 * runtime unless the service or the file says {@code x-splice-runtime: process}, in which case
 * {@code command} is the process's command and it runs in the file's folder. Service names become
 * DNS labels ({@code my_db} is renamed {@code my-db}, with a warning). Keys that Splice does not
 * support are warnings that say what Splice does instead (see {@link ComposeIgnored}); other
 * {@code x-} keys and {@code version} are ignored silently; a supported key with a wrong shape is an error.
 */
final class ComposeReader {
  static final String RUNTIME_KEY = "x-splice-runtime";
  static final List<String> TOP_KEYS = List.of("version", "name", "services");
  static final List<String> SERVICE_KEYS = List.of("image", "build", "command", "ports", "environment",
      "healthcheck", "depends_on", "deploy", "scale", "stop_grace_period");
  static final List<String> DEPENDENCY_KEYS = List.of("condition");

  private ComposeReader() {}

  static AppDocument read(YamlNode.Mapping root, Path source, Problems problems) {
    Fields top = new Fields(root, "", problems);
    ComposeIgnored.warnUnsupported(top, TOP_KEYS);
    AppDocument app = new AppDocument(source, root.position());
    Located<String> name = top.string("name");
    if (name != null) {
      app.name = name.with(DnsLabels.sanitize(name.value()));
    } else {
      Path folder = source.getParent().getFileName();
      String folderName = folder == null ? DnsLabels.FALLBACK : folder.toString();
      app.name = new Located<>(DnsLabels.sanitize(folderName), "'" + folderName + "'", root.position(), "name");
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
    Map<String, String> names = renames(services, problems);
    for (YamlNode.Mapping.Entry entry : services.entries()) {
      String path = "services." + entry.key();
      AppDocument.Service service = new AppDocument.Service(names.get(entry.key()), path, entry.keyPosition());
      if (app.services.putIfAbsent(service.name, service) != null) {
        problems.error(entry.keyPosition(), path + ": '" + entry.key() + "' (expected: a name that stays"
            + " unique as a DNS label; another service is also named '" + service.name + "')");
        continue;
      }
      if (Values.isAbsent(entry.value())) {
        service.malformed = true;
        problems.error(entry.keyPosition(), path + ": no settings (expected: a map such as {image: ...})");
        continue;
      }
      Fields fields = Fields.of(entry.value(), path, problems);
      service.malformed = fields == null;
      if (fields != null) {
        readService(fields, service, defaultRuntime, names);
      }
    }
    return app;
  }

  /** Each Compose service name and the DNS label it becomes; a rename is a warning. */
  private static Map<String, String> renames(YamlNode.Mapping services, Problems problems) {
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

  private static void readService(Fields fields, AppDocument.Service service, Located<String> defaultRuntime,
      Map<String, String> names) {
    Problems problems = fields.problems();
    ComposeIgnored.warnUnsupported(fields, SERVICE_KEYS);
    fields.map().entries().forEach(entry -> service.keys.add(entry.key()));
    Located<String> runtime = fields.string(RUNTIME_KEY);
    if (runtime == null) {
      runtime = defaultRuntime;
    }
    service.runtime = runtime != null ? runtime : new Located<>(ServiceSpec.RUNTIME_DOCKER,
        "'" + ServiceSpec.RUNTIME_DOCKER + "'", service.position, fields.path(RUNTIME_KEY));
    service.image = fields.string("image");
    ComposeBlocks.build(fields, service);
    service.command = fields.command("command");
    ComposePorts.read(fields.node("ports"), fields.path("ports"), service, problems);
    CommonFields.env(fields.node("environment"), fields.path("environment"), problems, service.env,
        name -> problems.warn(name.position(), name.path() + ": no value, ignored (Splice does not pass"
            + " its own environment on; write the value here)"));
    service.health = ComposeBlocks.health(fields.block("healthcheck"));
    CommonFields.dependsOn(fields.node("depends_on"), fields.path("depends_on"), problems, service.dependsOn,
        (settings, name) -> ComposeIgnored.warnUnsupported(settings, DEPENDENCY_KEYS));
    service.dependsOn.replaceAll(name -> name.with(names.getOrDefault(name.value(), name.value())));
    service.replicas = fields.integer("scale");
    ComposeBlocks.deploy(fields.block("deploy"), service);
    service.stopGracePeriod = fields.duration("stop_grace_period");
  }
}
