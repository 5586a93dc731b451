package io.splice.api;

import java.util.List;
import java.util.Map;

/**
 * Roll a service to what its spec file says now, plus {@code env} overrides. With nothing changed
 * the replicas are restarted one by one.
 *
 * @param specPath the spec file to read the service from (absolute), or null for the one the app came from
 * @param strategy {@code rolling} or {@code blue-green}, or null for the spec's {@code update.strategy}
 * @param keepSeconds blue-green: how long the old set is kept for an instant rollback, or null for the default
 * @param environment the variables a Compose file's {@code ${VAR}} read (the CLI's), or null for the daemon's own
 * @param canarySteps canary: traffic shares in percent, ascending, ending at 100; null for {@code 10,50,100}
 * @param stepSeconds canary: how long each step runs before it is judged, or null for the default (30)
 * @param image the image the CLI built for the service when it has {@code build:}, or null
 */
public record DeployRequest(String service, String specPath, Map<String, String> env, String strategy, Long keepSeconds,
    Map<String, String> environment, List<Integer> canarySteps, Long stepSeconds, BuiltImage image) {
  public DeployRequest(String service, String specPath, Map<String, String> env, String strategy, Long keepSeconds,
      Map<String, String> environment, List<Integer> canarySteps, Long stepSeconds) {
    this(service, specPath, env, strategy, keepSeconds, environment, canarySteps, stepSeconds, null);
  }

  public DeployRequest(String service, String specPath, Map<String, String> env) {
    this(service, specPath, env, null, null, null, null, null);
  }
}
