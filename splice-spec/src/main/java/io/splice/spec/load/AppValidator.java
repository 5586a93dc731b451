package io.splice.spec.load;

import io.splice.spec.App;
import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validates a raw {@link AppDocument} into an {@link App}: names, every service (defaults, paths and
 * ranges), then the rules across services (dependencies and ports). Every problem is collected.
 */
final class AppValidator {
  private AppValidator() {}

  /** The app, or null when any error was found (in this step or an earlier one). */
  static App validate(AppDocument document, Problems problems) {
    String name = document.name == null ? null : document.name.value();
    if (name != null && !DnsLabels.isValid(name)) {
      problems.error(document.name, DnsLabels.EXPECTED);
    }
    Path baseDir = document.source.getParent();
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    for (AppDocument.Service service : document.services.values()) {
      if (!DnsLabels.isValid(service.name)) {
        problems.error(service.position, service.path + ": '" + service.name + "' (expected: a service name that is "
            + DnsLabels.EXPECTED + ")");
      }
      services.put(service.name, ServiceValidator.validate(service, baseDir, problems));
    }
    DependencyCheck.check(document, problems);
    PortCheck.check(document, problems);
    if (problems.hasErrors()) {
      return null;
    }
    return new App(name, document.source, services, problems.warnings());
  }
}
