package io.splice.api;

import java.util.List;
import java.util.Map;

/**
 * Bring an app up, or update a running one to the spec at {@code specPath} (an absolute file path).
 *
 * @param profiles the Compose profiles to activate; empty for none
 * @param environment the variables a Compose file's {@code ${VAR}} read: the CLI's environment, so
 *     the daemon resolves the file exactly as the CLI validated it; null for the daemon's own
 * @param images the images the CLI built for the services with {@code build:}, by service name;
 *     null or empty when none
 */
public record UpRequest(String specPath, List<String> profiles, Map<String, String> environment,
    Map<String, BuiltImage> images) {
  public UpRequest(String specPath, List<String> profiles, Map<String, String> environment) {
    this(specPath, profiles, environment, null);
  }

  public UpRequest(String specPath) {
    this(specPath, List.of(), null);
  }
}
