package io.splice.cli.output;

import io.splice.api.AppStatus;
import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;

/** Renders an app's status as {@code splice ps} shows it. */
public final class StatusView {
  private StatusView() {}

  public static String render(AppStatus app) {
    StringBuilder out = new StringBuilder();
    out.append("app ").append(app.name()).append(" (").append(app.state()).append(app.ready() ? ", all replicas ready" : "")
        .append(") from ").append(app.specPath()).append("\n\n");
    Table services = new Table("SERVICE", "READY", "URL", "PUBLIC", "REQUESTS", "VERSION", "LAST ROLLOUT");
    for (ServiceStatus service : app.services()) {
      services.row(service.name(), service.readyReplicas() + "/" + service.desiredReplicas(), service.url(),
          service.expose(), service.requests(), service.version(), rollout(service));
    }
    out.append(services.render()).append('\n');
    for (ServiceStatus service : app.services()) {
      if (service.autoscale() != null) {
        out.append("autoscale ").append(service.name()).append(": ").append(service.autoscale()).append('\n');
      }
    }
    Table replicas = new Table("SERVICE", "REPLICA", "RUNTIME", "PID", "PORT", "STATE", "VERSION", "RESTARTS", "UPTIME",
        "REQUESTS", "INFLIGHT", "HEALTH");
    for (ServiceStatus service : app.services()) {
      for (ReplicaStatus replica : service.replicas()) {
        replicas.row(service.name(), replica.id(), replica.runtime(), replica.pid() == 0 ? "-" : replica.pid(),
            replica.port(), replica.state(), replica.version(), replica.restarts(), replica.pid() == 0 ? "-" : Durations.format(replica.uptimeSeconds()),
            replica.requests(), replica.inflight(), replica.health());
      }
    }
    out.append(replicas.render());
    return out.toString();
  }

  private static String rollout(ServiceStatus service) {
    if (service.deployment() == null) {
      return null;
    }
    return service.deployment().kind() + " " + service.deployment().state();
  }
}
