package io.splice.proxy.testing;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import java.util.Arrays;
import java.util.List;

/** Short ways to write the configs tests push. */
public final class Configs {

  private Configs() {}

  public static ProxyConfig config(long version, ServiceRoute... services) {
    return new ProxyConfig(version, List.of(services));
  }

  /** An http service on 127.0.0.1:{@code port} with the given backends. */
  public static ServiceRoute service(String name, int port, TestBackend... backends) {
    return service(name, List.of(port), 0, backends);
  }

  public static ServiceRoute service(
      String name, List<Integer> ports, long drainTimeoutMillis, TestBackend... backends) {
    List<ListenAddress> listeners =
        ports.stream().map(p -> new ListenAddress("127.0.0.1", p)).toList();
    List<UpstreamTarget> upstreams = Arrays.stream(backends).map(TestBackend::target).toList();
    return new ServiceRoute(name, ServiceRoute.HTTP, listeners, upstreams, drainTimeoutMillis);
  }
}
