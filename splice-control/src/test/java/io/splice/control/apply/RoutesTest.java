package io.splice.control.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.control.reconcile.Phase;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.spec.App;
import io.splice.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesTest {
  @TempDir Path dir;

  @Test
  void compute_protocolsSocketsAndTls() throws Exception {
    Files.writeString(dir.resolve("web.crt"), "certificate");
    Files.writeString(dir.resolve("web.key"), "key");
    Files.writeString(dir.resolve("splice.yaml"), """
        app: shop
        services:
          web:
            command: [./web]
            unix_socket: true
            expose: { host: 0.0.0.0, port: 8443, tls: { cert: web.crt, key: web.key } }
          grpc:
            command: [./grpc]
            protocol: h2c
          cache:
            command: [./cache]
            protocol: tcp
            expose: 6379
        """);
    App app = SpecLoader.load(dir);
    AppEntry entry = new AppEntry(app);
    entry.servicePorts.putAll(Map.of("web", 18001, "grpc", 18002, "cache", 18003));
    ReplicaSockets sockets = new ReplicaSockets(dir.resolve("sockets"));
    List<Replica> replicas = List.of(ready("web", 41001), ready("grpc", 41002), ready("cache", 41003));

    Map<String, ServiceRoute> routes = byName(Routes.compute(List.of(entry), replicas, sockets));

    ServiceRoute web = routes.get("shop.web");
    assertThat(web.protocol()).isEqualTo(ServiceRoute.HTTP);
    assertThat(web.upstreams()).containsExactly(
        UpstreamTarget.unixSocket("shop-web-1", dir.resolve("sockets/shop-web-1.sock").toString(), 1, null));
    assertThat(web.listeners()).containsExactly(new ListenAddress("127.0.0.1", 18001),
        new ListenAddress("0.0.0.0", 8443, dir.resolve("web.crt").toString(), dir.resolve("web.key").toString()));
    ServiceRoute grpc = routes.get("shop.grpc");
    assertThat(grpc.h2cUpstreams()).isTrue();
    assertThat(grpc.upstreams()).containsExactly(new UpstreamTarget("shop-grpc-1", "127.0.0.1", 41002, 1, null));
    ServiceRoute cache = routes.get("shop.cache");
    assertThat(cache.protocol()).isEqualTo(ServiceRoute.TCP);
    assertThat(cache.listeners()).containsExactly(new ListenAddress("127.0.0.1", 18003),
        new ListenAddress("127.0.0.1", 6379));
  }

  @Test
  void replicaEnv_socketAndDependencySchemes() throws Exception {
    Files.writeString(dir.resolve("splice.yaml"), """
        app: shop
        services:
          web:
            command: [./web]
            unix_socket: true
            depends_on: [cache, grpc]
          grpc:
            command: [./grpc]
            protocol: h2c
          cache:
            command: [./cache]
            protocol: tcp
        """);
    App app = SpecLoader.load(dir);
    Path socket = dir.resolve("sockets/shop-web-1.sock");

    Map<String, String> env = ReplicaEnv.of(app, app.service("web"), "shop-web-1", 41001, socket,
        Map.of("web", 18001, "grpc", 18002, "cache", 18003));

    assertThat(env).containsEntry("SOCKET", socket.toString()).containsEntry("PORT", "41001")
        .containsEntry("CACHE_URL", "tcp://127.0.0.1:18003").containsEntry("GRPC_URL", "http://127.0.0.1:18002");
  }

  @Test
  void sockets_staleFileCleared_tooLongPathRefused() throws Exception {
    ReplicaSockets sockets = new ReplicaSockets(dir.resolve("sockets"));
    Files.createDirectories(dir.resolve("sockets"));
    Files.writeString(sockets.of("shop-web-1"), "left by a replica killed with -9");

    assertThat(sockets.prepare("shop-web-1")).doesNotExist();

    ReplicaSockets deep = new ReplicaSockets(dir.resolve("x".repeat(120)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> deep.prepare("shop-web-1"))
        .hasMessageContaining("longer than the kernel's 107 bytes");
  }

  private Replica ready(String service, int port) {
    Replica replica = new Replica("shop-" + service + "-1", "shop", service, 1, dir.resolve(service + ".log"));
    replica.phase = Phase.READY;
    replica.port = port;
    replica.version = "v1";
    return replica;
  }

  private static Map<String, ServiceRoute> byName(List<ServiceRoute> routes) {
    return routes.stream().collect(java.util.stream.Collectors.toMap(ServiceRoute::name, route -> route));
  }
}
