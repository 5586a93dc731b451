package io.splice.spec.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code depends_on} across services: every name is another service of the app, named once,
 * and the dependencies form no cycle, so that a start order exists.
 */
final class DependencyCheck {
  private final AppDocument app;
  private final Problems problems;
  /** For each service, its valid dependencies and where each was written. */
  private final Map<String, Map<String, Located<String>>> edges = new LinkedHashMap<>();
  private final Map<String, Boolean> finished = new HashMap<>();
  private final Deque<String> path = new ArrayDeque<>();
  private final Set<String> reported = new HashSet<>();

  private DependencyCheck(AppDocument app, Problems problems) {
    this.app = app;
    this.problems = problems;
  }

  static void check(AppDocument app, Problems problems) {
    DependencyCheck check = new DependencyCheck(app, problems);
    check.checkNames();
    for (String service : app.services.keySet()) {
      check.visit(service);
    }
  }

  private void checkNames() {
    for (AppDocument.Service service : app.services.values()) {
      Map<String, Located<String>> dependencies = new LinkedHashMap<>();
      edges.put(service.name, dependencies);
      for (Located<String> dependency : service.dependsOn) {
        String name = dependency.value();
        if (name.equals(service.name)) {
          problems.error(dependency, "another service; a service cannot depend on itself");
        } else if (app.excluded.containsKey(name)) {
          problems.error(dependency, "a service that is loaded; '" + name + "' is left out until one of its profiles"
              + " is active: " + String.join(", ", app.excluded.get(name)));
        } else if (!app.services.containsKey(name)) {
          List<String> others = new ArrayList<>(app.services.keySet());
          others.remove(service.name);
          String closest = Suggestions.closest(name, others);
          problems.error(dependency, closest != null
              ? "a service of this app; did you mean '" + closest + "'?"
              : "one of the other services: " + String.join(", ", others));
        } else if (dependencies.containsKey(name)) {
          problems.error(dependency, "each service once");
        } else {
          dependencies.put(name, dependency);
        }
      }
    }
  }

  /** Depth-first search; a dependency found on the current path closes a cycle. */
  private void visit(String service) {
    if (finished.containsKey(service)) {
      return;
    }
    finished.put(service, false);
    path.addLast(service);
    for (String dependency : edges.get(service).keySet()) {
      Boolean done = finished.get(dependency);
      if (done == null) {
        visit(dependency);
      } else if (!done) {
        reportCycle(dependency);
      }
    }
    path.removeLast();
    finished.put(service, true);
  }

  /** Reports the cycle from {@code start} to the end of the current path, once, from its first service in the file. */
  private void reportCycle(String start) {
    List<String> cycle = new ArrayList<>();
    boolean inCycle = false;
    for (String service : path) {
      inCycle |= service.equals(start);
      if (inCycle) {
        cycle.add(service);
      }
    }
    int first = 0;
    List<String> order = new ArrayList<>(app.services.keySet());
    for (int i = 1; i < cycle.size(); i++) {
      if (order.indexOf(cycle.get(i)) < order.indexOf(cycle.get(first))) {
        first = i;
      }
    }
    List<String> rotated = new ArrayList<>(cycle.subList(first, cycle.size()));
    rotated.addAll(cycle.subList(0, first));
    rotated.add(rotated.get(0));
    String text = String.join(" -> ", rotated);
    if (!reported.add(text)) {
      return;
    }
    AppDocument.Service from = app.services.get(rotated.get(0));
    Located<String> edge = edges.get(from.name).get(rotated.get(1));
    problems.error(edge.position(), from.path + ".depends_on: dependency cycle " + text
        + " (expected: no cycles, so that services can start in order)");
  }
}
