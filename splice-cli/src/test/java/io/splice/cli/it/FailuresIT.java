package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ReplicaStatus;
import io.splice.api.SpliceClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas that crash or fail their checks: back-off, crash loops, readiness gating, and a foreground up. */
class FailuresIT {
  @TempDir Path dir;
  private Splice splice;
  private final Set<Long> pids = new HashSet<>();

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (splice != null) {
        splice.tearDown();
      }
    } finally {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void crashingReplica_backsOffAndIsReportedAsCrashLoop_whileSickReplicaGetsNoTraffic() throws Exception {
    int sickPort = Http.freePort();
    Path spec = dir.resolve("splice.yaml");
    Files.writeString(spec, """
        app: broken
        services:
          flaky:
            command: "echo booting; echo cannot open database >&2; exit 3"
            health: { tcp: true }
          sick:
            command: ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "%s/catalog/target/catalog.jar"]
            env: { FAIL_HEALTH: "1" }
            expose: %d
            health: { http: /healthz, interval: 200ms, unhealthy_threshold: 2, start_period: 1s }
        """.formatted(Splice.EXAMPLES, sickPort));
    splice = new Splice(dir.resolve("state"), Map.of("SPLICE_RESTART_BACKOFF_MS", "50"));

    Splice.Result up = splice.run("up", "-d", "--timeout", "3", spec.toString());
    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).contains("not ready after 3s", "broken-sick-1", "broken-flaky-1");
    trackPids();

    ReplicaStatus flaky = Await.until("flaky to be reported as a crash loop", Duration.ofSeconds(30),
        () -> replica("flaky").state().equals("crash-loop") ? replica("flaky") : null);
    assertThat(flaky.restarts()).isGreaterThanOrEqualTo(4);
    assertThat(flaky.health()).contains("process exited", "cannot open database");

    HttpResponse<String> response = Http.get("http://127.0.0.1:" + sickPort + "/products");
    assertThat(response.statusCode()).isEqualTo(503);
    ReplicaStatus sick = Await.until("the sick replica to be replaced", Duration.ofSeconds(30),
        () -> replica("sick").restarts() >= 1 ? replica("sick") : null);
    assertThat(sick.state()).isNotEqualTo("ready");
    trackPids();

    Splice.Result ps = splice.run("ps");
    assertThat(ps.out()).contains("crash-loop");
  }

  @Test
  void foregroundUp_servesUntilSignalled_thenTakesTheAppDown() throws Exception {
    int port = Http.freePort();
    Path spec = Splice.shopSpec(dir, port, 1);
    splice = new Splice(dir.resolve("state"), Map.of());
    Process up = splice.startMerged("up", spec.toString());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))
        .lines().forEach(lines::add));
    reader.start();
    try {
      Await.until("the app to be up", Duration.ofSeconds(90), () -> lines.stream().anyMatch(line -> line.contains("shop is up")));
      assertThat(Http.get("http://127.0.0.1:" + port + "/").statusCode()).isEqualTo(200);
      Set<Long> replicaPids = trackPids();

      // SIGTERM, like Ctrl-C: the CLI's shutdown hook takes the app down. (Process.destroy would also close our end of its output.)
      up.toHandle().destroy();
      assertThat(up.waitFor()).isIn(0, 143);
      reader.join(5_000);

      assertThat(String.join("\n", lines)).contains("Taking shop down", "shop is down");
      for (long pid : replicaPids) {
        Await.until("replica " + pid + " to exit", Duration.ofSeconds(5), () -> !Await.alive(pid));
      }
    } finally {
      up.destroyForcibly();
    }
  }

  private ReplicaStatus replica(String service) throws Exception {
    return client().app("broken").services().stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow()
        .replicas().get(0);
  }

  /** Records every process to clean up after the test; returns the replicas'. */
  private Set<Long> trackPids() throws Exception {
    SpliceClient client = client();
    pids.addAll(client.daemon().proxyPids());
    pids.add(client.daemon().pid());
    Set<Long> replicas = new HashSet<>();
    client.apps().forEach(app -> app.services().forEach(s -> s.replicas().forEach(r -> {
      if (r.pid() > 0) {
        replicas.add(r.pid());
      }
    })));
    pids.addAll(replicas);
    return replicas;
  }

  private SpliceClient client() throws Exception {
    return splice.client();
  }
}
