package io.splice.control.apply;

import io.splice.spec.App;
import java.util.HashMap;
import java.util.Map;

/** An app the loop runs: its spec, whether it is going down, and its services' stable ports. */
final class AppEntry {
  App spec;
  boolean stopping;
  final Map<String, Integer> servicePorts = new HashMap<>();

  AppEntry(App spec) {
    this.spec = spec;
  }
}
