package io.splice.proxy;

import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.route.Service;
import io.splice.proxy.route.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Turns the routing state into what the admin endpoint and the log show. */
final class StatusReport {

  private StatusReport() {}

  /** Services in config order; each lists its active upstreams, then its draining ones. */
  static ProxyStatus status(RouteTable.Snapshot snapshot) {
    List<ServiceStatus> services = new ArrayList<>();
    for (ServiceRoute route : snapshot.config().services()) {
      Service service = snapshot.services().get(route.name());
      List<UpstreamStatus> upstreams = new ArrayList<>();
      for (Upstream upstream : service.upstreams()) {
        upstreams.add(status(upstream));
      }
      services.add(
          new ServiceStatus(
              route.name(),
              route.listeners(),
              service.requests(),
              service.failures(),
              upstreams,
              service.retries(),
              service.retriesDenied(),
              service.inPanic(),
              service.panics(),
              service.latencyWindow().quantileMillis(0.99)));
    }
    return new ProxyStatus(snapshot.config().version(), ProcessHandle.current().pid(), services);
  }

  /** "config version 7 applied: 2 services: catalog (1 listener, 3 upstreams), orders (...)". */
  static String describe(ProxyConfig config) {
    String services =
        config.services().stream()
            .map(
                s ->
                    s.name()
                        + " ("
                        + plural(s.listeners().size(), "listener")
                        + ", "
                        + plural(s.upstreams().size(), "upstream")
                        + ")")
            .collect(Collectors.joining(", "));
    return "config version "
        + config.version()
        + " applied: "
        + plural(config.services().size(), "service")
        + (services.isEmpty() ? "" : ": " + services);
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** The passive health's reason, then the active checks' when the service has them. */
  private static String health(Upstream upstream) {
    String passive = upstream.outlier().reason();
    return upstream.activeHealth() == null
        ? passive
        : passive + "; active checks: " + upstream.activeHealth().reason();
  }

  private static UpstreamStatus status(Upstream upstream) {
    String state =
        upstream.state() == Upstream.State.ACTIVE ? UpstreamStatus.ACTIVE : UpstreamStatus.DRAINING;
    return new UpstreamStatus(
        upstream.id(),
        upstream.host(),
        upstream.port(),
        state,
        upstream.outstanding(),
        upstream.requests(),
        upstream.failures(),
        upstream.outlier().isEjected(),
        health(upstream),
        upstream.outlier().ejections(),
        upstream.group(),
        upstream.responses5xx(),
        upstream.latencyWindow().quantileMillis(0.5),
        upstream.latencyWindow().quantileMillis(0.99),
        upstream.path());
  }
}
