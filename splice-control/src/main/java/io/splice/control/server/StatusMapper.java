package io.splice.control.server;

import io.splice.api.AppStatus;
import io.splice.api.DeploymentStatus;
import io.splice.api.Event;
import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;
import io.splice.control.apply.AppView;
import io.splice.control.apply.ReplicaView;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.spec.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shapes an engine snapshot and the proxy's traffic counters into the API's status records. */
final class StatusMapper {
  private StatusMapper() {}

  static AppStatus map(AppView app, List<Event> events, Optional<ProxyStatus> traffic, String state) {
    Map<String, UpstreamStatus> upstreams = new HashMap<>();
    Map<String, Long> serviceRequests = new HashMap<>();
    traffic.ifPresent(status -> status.services().forEach(service -> {
      serviceRequests.put(service.name(), service.requests());
      service.upstreams().forEach(upstream -> upstreams.put(upstream.id(), upstream));
    }));
    Instant now = Instant.now();
    List<ServiceStatus> services = app.spec().services().values().stream()
        .map(service -> service(app, service, upstreams, serviceRequests, now))
        .toList();
    return new AppStatus(app.spec().name(), app.spec().source().toString(), state, app.ready(), services, events);
  }

  private static ServiceStatus service(AppView app, ServiceSpec service, Map<String, UpstreamStatus> upstreams,
      Map<String, Long> serviceRequests, Instant now) {
    List<ReplicaStatus> replicas = app.replicas().stream()
        .filter(replica -> replica.service().equals(service.name()))
        .map(replica -> replica(replica, upstreams.get(replica.id()), now))
        .toList();
    int ready = (int) replicas.stream().filter(replica -> replica.state().equals("ready")).count();
    Integer port = app.servicePorts().get(service.name());
    String expose = service.expose() == null ? null : service.expose().host() + ":" + service.expose().port();
    AppView.DeploymentView deployment = app.deployments().get(service.name());
    return new ServiceStatus(service.name(), service.runtime(), service.replicas(), ready,
        port == null ? null : "http://127.0.0.1:" + port, expose,
        serviceRequests.getOrDefault(app.spec().name() + "." + service.name(), 0L), replicas,
        app.versions().get(service.name()), deployment == null ? null : new DeploymentStatus(deployment.kind(),
            deployment.version(), deployment.previousVersion(), deployment.state(), deployment.message(),
            deployment.startedAt(), deployment.finishedAt()), app.autoscale().get(service.name()));
  }

  private static ReplicaStatus replica(ReplicaView replica, UpstreamStatus traffic, Instant now) {
    long uptime = replica.pid() == 0 ? 0 : Math.max(0, Duration.between(replica.startedAt(), now).toSeconds());
    return new ReplicaStatus(replica.id(), replica.service(), replica.slot(), replica.runtime(), replica.pid(),
        replica.port(), replica.state(), replica.health(), replica.restarts(), uptime,
        traffic == null ? 0 : traffic.requests(), traffic == null ? 0 : traffic.activeRequests(), replica.version());
  }
}
