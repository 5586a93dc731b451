package io.splice.proxy;

import io.splice.proxy.ConfigRejectedException.Reason;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.http.ListenerTls;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the certificate and key of every TLS listener of a config, before anything is bound, and
 * refuses the config (400) naming each listener whose files cannot be used:
 *
 * <pre>
 * services[0].listeners[1]: cannot read certificate file /etc/tls/a.crt: NoSuchFileException: ...
 * </pre>
 *
 * The files are read at every push, so that a push after they were replaced rotates them.
 */
final class ListenerCertificates {

  private ListenerCertificates() {}

  /**
   * The TLS of each listener that has some, by {@link ConfigValidator#addressKey}; the config must
   * be valid.
   */
  static Map<String, ListenerTls> load(ProxyConfig config) throws ConfigRejectedException {
    Map<String, ListenerTls> loaded = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.services().size(); i++) {
      ServiceRoute service = config.services().get(i);
      for (int j = 0; j < service.listeners().size(); j++) {
        ListenAddress address = service.listeners().get(j);
        if (!address.tls()) {
          continue;
        }
        String where = "services[" + i + "].listeners[" + j + "]";
        try {
          loaded.put(
              ConfigValidator.addressKey(address),
              ListenerTls.load(Path.of(address.certFile()), Path.of(address.keyFile())));
        } catch (IOException | InvalidPathException e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigRejectedException(Reason.INVALID, String.join("; ", problems));
    }
    return loaded;
  }
}
