package io.splice.control.apply;

import io.splice.control.reconcile.Phase;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.spec.App;
import io.splice.spec.Expose;
import io.splice.spec.ServiceSpec;
import io.splice.spec.Serving;
import io.splice.spec.Tls;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The proxy's routes for the apps: per service, its stable and public listeners and its ready replicas. */
final class Routes {
  private Routes() {}

  static final String LOCALHOST = "127.0.0.1";

  /** The traffic groups of a canary: the stable set and the new version's replicas. */
  static final String STABLE = "stable";
  static final String CANARY = "canary";

  static String groupOf(Replica replica, Deployment deployment) {
    return replica.version.equals(deployment.version) ? CANARY : STABLE;
  }

  static String routeName(String app, String service) {
    return app + "." + service;
  }

  static List<ServiceRoute> compute(Collection<AppEntry> apps, Collection<Replica> replicas, ReplicaSockets sockets) {
    List<ServiceRoute> routes = new ArrayList<>();
    for (AppEntry app : apps) {
      for (ServiceSpec service : app.spec.services().values()) {
        List<Replica> ready = replicas.stream()
            .filter(replica -> replica.app.equals(app.spec.name()) && replica.service.equals(service.name()))
            .filter(replica -> replica.phase == Phase.READY)
            .sorted(Comparator.comparing(replica -> replica.id))
            .toList();
        Deployment deployment = app.deployments.get(service.name());
        String routed = deployment == null ? null : deployment.routedVersion();
        // Blue-green sends traffic to one set only; if that set has nobody ready, any ready replica serves.
        if (routed != null && ready.stream().anyMatch(replica -> replica.version.equals(routed))) {
          ready = ready.stream().filter(replica -> replica.version.equals(routed)).toList();
        }
        boolean split = deployment != null && deployment.splitting();
        List<UpstreamTarget> upstreams = ready.stream()
            .map(replica -> upstream(service, replica, split ? groupOf(replica, deployment) : null, sockets))
            .toList();
        Map<String, Integer> weights = split
            ? Map.of(STABLE, 100 - deployment.share(), CANARY, deployment.share()) : null;
        Serving serving = service.serving();
        routes.add(new ServiceRoute(routeName(app.spec.name(), service.name()),
            serving.http() ? ServiceRoute.HTTP : ServiceRoute.TCP, listeners(service, app.servicePorts), upstreams,
            service.stopGracePeriod().toMillis(), weights, null, 0, 0, 0,
            Serving.H2C.equals(serving.protocol()) ? ServiceRoute.H2C : ServiceRoute.HTTP_1_1));
      }
    }
    return routes;
  }

  private static UpstreamTarget upstream(ServiceSpec service, Replica replica, String group, ReplicaSockets sockets) {
    return service.serving().unixSocket()
        ? UpstreamTarget.unixSocket(replica.id, sockets.of(replica.id).toString(), 1, group)
        : new UpstreamTarget(replica.id, LOCALHOST, replica.port, 1, group);
  }

  /** The stable address, always clear text for the app's own services, and the public one, with TLS if it has some. */
  static List<ListenAddress> listeners(ServiceSpec service, Map<String, Integer> servicePorts) {
    List<ListenAddress> listeners = new ArrayList<>();
    listeners.add(new ListenAddress(LOCALHOST, servicePorts.get(service.name())));
    Expose expose = service.expose();
    if (expose != null && !listeners.contains(new ListenAddress(expose.host(), expose.port()))) {
      Tls tls = expose.tls();
      listeners.add(tls == null
          ? new ListenAddress(expose.host(), expose.port())
          : new ListenAddress(expose.host(), expose.port(), tls.certFile().toString(), tls.keyFile().toString()));
    }
    return listeners;
  }

  /** Every listener the apps ask for. */
  static List<ListenAddress> listeners(App app, Map<String, Integer> servicePorts) {
    List<ListenAddress> listeners = new ArrayList<>();
    for (ServiceSpec service : app.services().values()) {
      listeners.addAll(listeners(service, servicePorts));
    }
    return listeners;
  }
}
