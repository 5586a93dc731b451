package io.splice.proxy.admin;

import java.util.List;

/**
 * What the proxy is doing now.
 *
 * @param configVersion the version of the config in force, 0 before any
 * @param pid the proxy's process id
 * @param services one entry per configured service, in config order
 */
public record ProxyStatus(long configVersion, long pid, List<ServiceStatus> services) {

  public ProxyStatus {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
