package io.splice.spec.load;

import io.splice.spec.Expose;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks that no two services claim the same port: two {@code port}s, two {@code expose}s on the
 * same host (a wildcard host clashes with every host), or a {@code port} that an {@code expose}
 * already listens on.
 */
final class PortCheck {
  static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "*");

  private PortCheck() {}

  static void check(AppDocument app, Problems problems) {
    List<Located<Integer>> ports = new ArrayList<>();
    List<AppDocument.Service> exposing = new ArrayList<>();
    for (AppDocument.Service service : app.services.values()) {
      if (inRange(service.port)) {
        ports.add(service.port);
      }
      if (inRange(service.exposePort)) {
        exposing.add(service);
      }
    }
    for (int i = 0; i < ports.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (ports.get(i).value().equals(ports.get(j).value())) {
          problems.error(ports.get(i), "a port no other service uses; " + ports.get(j).path() + " has it");
          break;
        }
      }
    }
    for (int i = 0; i < exposing.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (clash(exposing.get(i), exposing.get(j))) {
          problems.error(exposing.get(i).exposePort, "an address no other service exposes; "
              + exposing.get(j).exposePort.path() + " has it");
          break;
        }
      }
    }
    for (Located<Integer> port : ports) {
      for (AppDocument.Service service : exposing) {
        if (service.exposePort.value().equals(port.value())) {
          problems.error(port, "a port no expose uses; " + service.exposePort.path() + " has it");
          break;
        }
      }
    }
  }

  private static boolean clash(AppDocument.Service a, AppDocument.Service b) {
    if (!a.exposePort.value().equals(b.exposePort.value())) {
      return false;
    }
    String hostA = host(a);
    String hostB = host(b);
    return hostA.equals(hostB) || WILDCARD_HOSTS.contains(hostA) || WILDCARD_HOSTS.contains(hostB);
  }

  private static String host(AppDocument.Service service) {
    return Located.valueOr(service.exposeHost, Expose.DEFAULT_HOST);
  }

  private static boolean inRange(Located<Integer> port) {
    return port != null && port.value() >= 1 && port.value() <= 65535;
  }
}
