package io.splice.control.apply;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.spec.App;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * An app the loop runs: its spec (and the one before the last deploy, for rollback), whether it is
 * going down, its services' stable ports, and the deploy tokens that make a deploy without changes
 * a rolling restart.
 */
final class AppEntry {
  private static final ObjectMapper JSON = new ObjectMapper();

  App spec;
  App previous;
  boolean stopping;
  final Map<String, Integer> servicePorts = new HashMap<>();
  Map<String, Integer> tokens = new HashMap<>();
  Map<String, Integer> previousTokens = new HashMap<>();
  final Map<String, Deployment> deployments = new HashMap<>();
  /** Per autoscaled service, the autoscaler's last decision in words. */
  final Map<String, String> autoscaleReasons = new HashMap<>();

  AppEntry(App spec) {
    this.spec = spec;
  }

  String tokensJson() {
    try {
      return JSON.writeValueAsString(Map.of("current", tokens, "previous", previousTokens));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void readTokens(String json) {
    try {
      Map<String, Map<String, Integer>> both = JSON.readValue(json, new TypeReference<Map<String, Map<String, Integer>>>() {});
      tokens = new HashMap<>(both.getOrDefault("current", Map.of()));
      previousTokens = new HashMap<>(both.getOrDefault("previous", Map.of()));
    } catch (IOException e) {
      tokens = new HashMap<>();
      previousTokens = new HashMap<>();
    }
  }
}
