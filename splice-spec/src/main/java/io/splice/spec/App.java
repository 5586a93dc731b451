package io.splice.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated application: a named set of services with every default applied.
 *
 * @param name the app's name, a DNS label
 * @param source the file it was loaded from (absolute)
 * @param services the services by name, in the order the file lists them
 * @param warnings what the loader accepted but could not honour (Compose keys Splice ignores)
 */
public record App(String name, Path source, Map<String, ServiceSpec> services, List<Diagnostic> warnings) {

  public App {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    warnings = List.copyOf(warnings);
  }

  /** The folder relative paths in the spec resolve against. */
  public Path baseDir() {
    return source.getParent();
  }

  public ServiceSpec service(String serviceName) {
    ServiceSpec spec = services.get(serviceName);
    if (spec == null) {
      throw new IllegalArgumentException("unknown service: " + serviceName + " (expected one of " + services.keySet() + ")");
    }
    return spec;
  }

  /** This app with one service replaced by {@code service} (matched by name). */
  public App withService(ServiceSpec service) {
    service(service.name());
    Map<String, ServiceSpec> replaced = new LinkedHashMap<>(services);
    replaced.put(service.name(), service);
    return new App(name, source, replaced, warnings);
  }

  /** Services ordered so that each comes after everything it depends on; the loader rejects cycles. */
  public List<ServiceSpec> startOrder() {
    Set<String> done = new LinkedHashSet<>();
    for (String serviceName : services.keySet()) {
      visit(serviceName, done);
    }
    List<ServiceSpec> ordered = new ArrayList<>();
    for (String serviceName : done) {
      ordered.add(services.get(serviceName));
    }
    return ordered;
  }

  private void visit(String serviceName, Set<String> done) {
    if (done.contains(serviceName)) {
      return;
    }
    for (String dependency : services.get(serviceName).dependsOn()) {
      visit(dependency, done);
    }
    done.add(serviceName);
  }
}
