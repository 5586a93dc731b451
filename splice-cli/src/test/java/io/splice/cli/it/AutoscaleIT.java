package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
    String url = upWith("", "target_inflight: 2", 4) + "/products?work=250";

    ServiceStatus scaledUp = underLoad(url, 8, 2_000, "a scale-up to 4 ready replicas",
        current -> current.desiredReplicas() == 4 && current.readyReplicas() == 4);
    assertThat(scaledUp.autoscale()).contains("in flight");

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
    // One request at a time per replica: with 4 clients, a lone replica queues them and p99 climbs to about 400 ms.
    String url = upWith("env: { THREADS: \"1\" }", "target_p99: 250ms", 3) + "/products?work=100";

    ServiceStatus scaledUp = underLoad(url, 4, 400, "a latency-driven scale-up",
        current -> current.desiredReplicas() >= 2 && current.readyReplicas() == current.desiredReplicas());
    assertThat(scaledUp.autoscale()).contains("p99 ms").contains("target 250 ms");

    Await.until("a scale-down to 1 once idle", Duration.ofSeconds(40), () -> {
      ServiceStatus current = service();
      return current.desiredReplicas() == 1 && current.replicas().size() == 1 ? current : null;
    });
    assertThat(events()).anyMatch(message -> message.startsWith("autoscale up to") && message.contains("p99 ms"))
        .anyMatch(message -> message.startsWith("autoscale down to 1") && message.contains("p99 ms 0.0"));
  }

  /** Brings up one autoscaled catalog (1 to {@code max} replicas, a 4 s down window); returns its URL. */
  private String upWith(String extra, String target, int max) throws Exception {
    Path spec = dir.resolve("splice.yaml");
    Files.writeString(spec, """
        app: scaled
        services:
          catalog:
            command: ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "%s/catalog/target/catalog.jar"]
            %s
            replicas: 1
            health: { http: /healthz, interval: 200ms }
            autoscale: { min: 1, max: %d, %s }
        """.formatted(Splice.EXAMPLES, extra, max, target));
    splice = new Splice(dir.resolve("state"), Map.of("SPLICE_AUTOSCALE_DOWN_WINDOW_MS", "4000"));
    Splice.Result up = splice.run("up", "-d", spec.toString());
    assertThat(up.exit()).as(up.all()).isZero();
    return service().url();
  }

  /** Runs {@code clients} bounded loads until the service is as {@code wanted}; none of their requests may fail. */
  private ServiceStatus underLoad(String url, int clients, long requestsEach, String what, Predicate<ServiceStatus> wanted)
      throws Exception {
    List<Http.Load> loads = new ArrayList<>();
    ServiceStatus reached;
    try {
      for (int i = 0; i < clients; i++) {
        loads.add(new Http.Load(url, requestsEach));
      }
      reached = Await.until(what, Duration.ofSeconds(40), () -> {
        ServiceStatus current = service();
        return wanted.test(current) ? current : null;
      });
    } finally {
      for (Http.Load load : loads) {
        load.close();
      }
    }
    for (Http.Load load : loads) {
      assertThat(load.failed.get()).as("first failure: %s", load.firstFailure.get()).isZero();
    }
    return reached;
  }

  private java.util.List<String> events() throws Exception {
    return splice.client().app("scaled").events().stream().map(io.splice.api.Event::message).toList();
  }

  private ServiceStatus service() throws Exception {
    return splice.client().app("scaled").services().get(0);
  }
}
