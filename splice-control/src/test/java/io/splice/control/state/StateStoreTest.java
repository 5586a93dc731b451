package io.splice.control.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.spec.App;
import io.splice.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  @Test
  void writesSurviveReopen() throws Exception {
    Instant started = Instant.parse("2026-01-01T10:00:00Z");
    try (StateStore store = StateStore.open(dir)) {
      store.saveApp(new AppRow("shop", "/x/splice.yaml", "{}", "up"));
      store.saveServicePort("shop", "catalog", 18001);
      store.saveReplica(new ReplicaRow("shop-catalog-1", "shop", "catalog", 1, "process", 42, 777, 20001, "/l", "READY", 2, started, "v1"));
      store.saveProxy(1, new ProxyRow(43, 778, 20002, 9));
    }

    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.apps()).containsExactly(new AppRow("shop", "/x/splice.yaml", "{}", "up"));
      assertThat(store.servicePorts()).containsEntry("shop", java.util.Map.of("catalog", 18001));
      assertThat(store.replicas()).containsExactly(
          new ReplicaRow("shop-catalog-1", "shop", "catalog", 1, "process", 42, 777, 20001, "/l", "READY", 2, started, "v1"));
      assertThat(store.proxy(1)).contains(new ProxyRow(43, 778, 20002, 9));

      store.deleteApp("shop");
      assertThat(store.apps()).isEmpty();
      assertThat(store.replicas()).isEmpty();
      assertThat(store.servicePorts()).isEmpty();
    }
  }

  @Test
  void specCodec_roundTripsALoadedApp() throws Exception {
    Files.writeString(dir.resolve("splice.yaml"), """
        app: shop
        services:
          catalog:
            command: ["java", "-jar", "catalog.jar"]
            replicas: 3
            env: { A: "1" }
            health: { http: /healthz, interval: 500ms, start_period: 5s }
          gateway:
            command: "exec java -jar gateway.jar"
            expose: 8080
            depends_on: [catalog]
            resources: { memory: 256m }
        """);
    App app = SpecLoader.load(dir.resolve("splice.yaml"));

    assertThat(SpecCodec.decode(SpecCodec.encode(app))).isEqualTo(app);
  }
}
