package io.splice.control.apply;

import io.splice.spec.App;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of one app, taken on the control loop.
 *
 * @param state {@code up} or {@code stopping}
 * @param ready whether every service has all its desired replicas ready
 * @param servicePorts each service's stable local port
 * @param versions each service's desired version
 * @param deployments each service's last deployment, if any
 * @param autoscale per autoscaled service, the autoscaler's last decision in words
 */
public record AppView(App spec, String state, boolean ready, Map<String, Integer> servicePorts, List<ReplicaView> replicas,
    Map<String, String> versions, Map<String, DeploymentView> deployments, Map<String, String> autoscale) {

  /** A deployment as the API shows it. */
  public record DeploymentView(String kind, String version, String previousVersion, String state, String message,
      Instant startedAt, Instant finishedAt) {}
}
