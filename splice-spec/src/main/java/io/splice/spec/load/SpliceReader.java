package io.splice.spec.load;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@code splice.yaml} tree into an {@link AppDocument}: checks keys and shapes, and expands
 * short forms. For example:
 *
 * <pre>{@code
 * app: shop
 * services:
 *   catalog:
 *     command: ["java", "-jar", "catalog/target/catalog.jar"]
 *     replicas: 3
 *     expose: 8080
 *     health: /healthz
 *   gateway:
 *     runtime: docker
 *     build: ./gateway
 *     depends_on: [catalog]
 * }</pre>
 *
 * <p>Keys starting with {@code x-} are ignored everywhere, so they can hold YAML anchors.
 */
final class SpliceReader {
  static final List<String> TOP_KEYS = List.of("app", "services");
  static final List<String> SERVICE_KEYS = List.of("runtime", "command", "workdir", "build", "image",
      "replicas", "port", "target_port", "protocol", "unix_socket", "expose", "env", "health", "depends_on",
      "update", "autoscale", "resources", "stop_grace_period");
  static final List<String> DEPENDENCY_KEYS = List.of("condition");

  private SpliceReader() {}

  static AppDocument read(YamlNode.Mapping root, Path source, Problems problems) {
    Fields top = new Fields(root, "", problems);
    top.rejectUnknown(TOP_KEYS);
    AppDocument app = new AppDocument(source, root.position());
    app.name = top.string("app");
    if (!top.has("app")) {
      problems.error(root.position(), "app: missing (expected: the app's name, a DNS label such as 'shop')");
    }
    if (!top.has("services")) {
      problems.error(root.position(), "services: missing (expected: a map of services, at least one)");
      return app;
    }
    YamlNode.Mapping services =
        Values.mapping(top.node("services"), "services", problems, "a map of services, at least one");
    if (services == null) {
      return app;
    }
    if (services.entries().isEmpty()) {
      problems.error(services, "services", "a map of services, at least one");
    }
    for (YamlNode.Mapping.Entry entry : services.entries()) {
      if (entry.key().startsWith(Fields.EXTENSION_PREFIX)) {
        continue;
      }
      AppDocument.Service service =
          new AppDocument.Service(entry.key(), "services." + entry.key(), entry.keyPosition());
      app.services.put(entry.key(), service);
      if (Values.isAbsent(entry.value())) {
        service.malformed = true;
        problems.error(entry.keyPosition(), service.path + ": no settings (expected: a map such as {command: ...})");
        continue;
      }
      Fields fields = Fields.of(entry.value(), service.path, problems);
      service.malformed = fields == null;
      if (fields != null) {
        readService(fields, service);
      }
    }
    return app;
  }

  private static void readService(Fields fields, AppDocument.Service service) {
    Problems problems = fields.problems();
    fields.rejectUnknown(SERVICE_KEYS);
    fields.map().entries().forEach(entry -> service.keys.add(entry.key()));
    service.runtime = fields.string("runtime");
    service.command = fields.command("command");
    service.workdir = fields.string("workdir");
    SpliceBlocks.build(fields, service);
    service.image = fields.string("image");
    service.replicas = fields.integer("replicas");
    service.port = fields.integer("port");
    service.targetPort = fields.integer("target_port");
    SpliceBlocks.expose(fields, service);
    CommonFields.env(fields.node("env"), fields.path("env"), problems, service.env,
        name -> problems.error(name.position(), name.path() + ": no value (expected: a string, number or boolean)"));
    service.health = SpliceBlocks.health(fields.node("health"), fields.path("health"), problems);
    CommonFields.dependsOn(fields.node("depends_on"), fields.path("depends_on"), problems, service.dependsOn,
        (settings, name) -> settings.rejectUnknown(DEPENDENCY_KEYS));
    service.update = SpliceBlocks.update(fields.block("update"));
    service.autoscale = SpliceBlocks.autoscale(fields.block("autoscale"));
    Fields resources = fields.block("resources");
    if (resources != null) {
      resources.rejectUnknown(List.of("cpus", "memory"));
      service.cpus = resources.number("cpus");
      service.memory = resources.memory("memory");
    }
    service.stopGracePeriod = fields.duration("stop_grace_period");
    service.protocol = fields.string("protocol");
    service.unixSocket = fields.bool("unix_socket");
  }
}
