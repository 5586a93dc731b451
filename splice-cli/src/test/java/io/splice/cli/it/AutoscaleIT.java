package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoscaler under a bounded load ramp: scales up while requests pile up, and back down after the window. */
class AutoscaleIT {
  @TempDir Path dir;
  private Splice splice;

  @AfterEach
  void cleanUp() throws Exception {
    splice.tearDown();
  }

  @Test
  void loadRamp_scalesUpThenDownAfterTheWindow() throws Exception {
    Path spec = dir.resolve("splice.yaml");
    Files.writeString(spec, """
        app: scaled
        services:
          catalog:
            command: ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "%s/catalog/target/catalog.jar"]
            replicas: 1
            health: { http: /healthz, interval: 200ms }
            autoscale: { min: 1, max: 4, target_inflight: 2 }
        """.formatted(Splice.EXAMPLES));
    splice = new Splice(dir.resolve("state"), Map.of("SPLICE_AUTOSCALE_DOWN_WINDOW_MS", "4000"));
    Splice.Result up = splice.run("up", "-d", spec.toString());
    assertThat(up.exit()).as(up.all()).isZero();
    String url = service().url() + "/products?work=250";

    List<Http.Load> loads = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        loads.add(new Http.Load(url, 2_000));
      }
      ServiceStatus scaledUp = Await.until("a scale-up to 4 ready replicas", Duration.ofSeconds(40), () -> {
        ServiceStatus current = service();
        return current.desiredReplicas() == 4 && current.readyReplicas() == 4 ? current : null;
      });
      assertThat(scaledUp.autoscale()).contains("in flight");
    } finally {
      for (Http.Load load : loads) {
        load.close();
      }
    }
    for (Http.Load load : loads) {
      assertThat(load.failed.get()).as("first failure: %s", load.firstFailure.get()).isZero();
    }

    ServiceStatus scaledDown = Await.until("a scale-down to 1 after the window", Duration.ofSeconds(40), () -> {
      ServiceStatus current = service();
      return current.desiredReplicas() == 1 && current.replicas().size() == 1 ? current : null;
    });
    assertThat(scaledDown.autoscale()).isNotNull();
    assertThat(events()).anyMatch(message -> message.startsWith("autoscale up to"))
        .anyMatch(message -> message.startsWith("autoscale down to 1") && message.contains("low for 4s"));
    Splice.Result ps = splice.run("ps");
    assertThat(ps.out()).contains("autoscale catalog: ");
  }

  @Test
  void latencyTarget_scalesUpWhileP99IsAboveItThenDownOnceIdle() throws Exception {
    Path spec = dir.resolve("splice.yaml");
    // One request at a time per replica: with 4 clients, a lone replica queues them and p99 climbs to about 400 ms.
    Files.writeString(spec, """
        app: scaled
        services:
          catalog:
            command: ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "%s/catalog/target/catalog.jar"]
            env: { THREADS: "1" }
            replicas: 1
            health: { http: /healthz, interval: 200ms }
            autoscale: { min: 1, max: 3, target_p99: 250ms }
        """.formatted(Splice.EXAMPLES));
    splice = new Splice(dir.resolve("state"), Map.of("SPLICE_AUTOSCALE_DOWN_WINDOW_MS", "4000"));
    Splice.Result up = splice.run("up", "-d", spec.toString());
    assertThat(up.exit()).as(up.all()).isZero();
    String url = service().url() + "/products?work=100";

    List<Http.Load> loads = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        loads.add(new Http.Load(url, 400));
      }
      ServiceStatus scaledUp = Await.until("a latency-driven scale-up", Duration.ofSeconds(40), () -> {
        ServiceStatus current = service();
        return current.desiredReplicas() >= 2 && current.readyReplicas() == current.desiredReplicas() ? current : null;
      });
      assertThat(scaledUp.autoscale()).contains("p99 ms").contains("target 250 ms");
    } finally {
      for (Http.Load load : loads) {
        load.close();
      }
    }
    for (Http.Load load : loads) {
      assertThat(load.failed.get()).as("first failure: %s", load.firstFailure.get()).isZero();
    }

    Await.until("a scale-down to 1 once idle", Duration.ofSeconds(40), () -> {
      ServiceStatus current = service();
      return current.desiredReplicas() == 1 && current.replicas().size() == 1 ? current : null;
    });
    assertThat(events()).anyMatch(message -> message.startsWith("autoscale up to") && message.contains("p99 ms"))
        .anyMatch(message -> message.startsWith("autoscale down to 1") && message.contains("p99 ms 0.0"));
  }

  private java.util.List<String> events() throws Exception {
    return splice.client().app("scaled").events().stream().map(io.splice.api.Event::message).toList();
  }

  private ServiceStatus service() throws Exception {
    return splice.client().app("scaled").services().get(0);
  }
}
