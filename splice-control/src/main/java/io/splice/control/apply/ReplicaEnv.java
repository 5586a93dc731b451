package io.splice.control.apply;

import io.splice.spec.App;
import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of a replica: the spec's {@code env}, then what Splice sets and the user cannot
 * override: {@code PORT}, {@code SOCKET} for a {@code unix_socket} service, a {@code NAME_URL} per
 * dependency (its stable address on the proxy: {@code http://} or, for a tcp service, {@code tcp://}),
 * and the replica's identity.
 */
final class ReplicaEnv {
  private ReplicaEnv() {}

  static Map<String, String> of(App app, ServiceSpec service, String replicaId, int port, Path socket,
      Map<String, Integer> servicePorts) {
    Map<String, String> env = new LinkedHashMap<>(service.env());
    for (String dependency : service.dependsOn()) {
      ServiceSpec target = app.service(dependency);
      String scheme = target.serving().http() ? "http://" : "tcp://";
      env.put(target.urlVariable(), scheme + Routes.LOCALHOST + ":" + servicePorts.get(dependency));
    }
    env.put("PORT", Integer.toString(port));
    if (socket != null) {
      env.put("SOCKET", socket.toString());
    }
    env.put("SPLICE_APP", app.name());
    env.put("SPLICE_SERVICE", service.name());
    env.put("SPLICE_REPLICA", replicaId);
    return env;
  }
}
