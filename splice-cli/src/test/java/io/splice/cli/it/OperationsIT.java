package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.AppStatus;
import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;
import io.splice.api.SpliceClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scale, rolling deploy, rollback and an automatically rolled-back broken deploy, each under a
 * steady load through the service's stable address, with no failed request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
  private Path work;
  private Splice splice;
  private String catalog;
  private final Set<Long> pids = new HashSet<>();

  @BeforeAll
  void bringUp() throws Exception {
    work = Files.createTempDirectory("splice-ops-it");
    Path spec = work.resolve("splice.yaml");
    Files.writeString(spec, """
        app: ops
        services:
          catalog:
            command: ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "%s/catalog/target/catalog.jar"]
            replicas: 3
            health: { http: /healthz, interval: 200ms, unhealthy_threshold: 2, start_period: 2s }
            update: { max_surge: 1, max_unavailable: 0, healthy_deadline: 20s }
            stop_grace_period: 5s
        """.formatted(Splice.EXAMPLES));
    splice = new Splice(work.resolve("state"), Map.of("SPLICE_RESTART_BACKOFF_MS", "50"));
    Splice.Result up = splice.run("up", "-d", spec.toString());
    assertThat(up.exit()).as(up.all()).isZero();
    catalog = service().url();
    track();
  }

  @AfterAll
  void tearDown() throws Exception {
    try {
      splice.tearDown();
    } finally {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  @Order(1)
  void scale_downAndUp_losesNoRequest() throws Exception {
    try (Http.Load load = new Http.Load(catalog + "/products", 50_000)) {
      Splice.Result down = splice.run("scale", "catalog=1");
      assertThat(down.exit()).as(down.all()).isZero();
      assertThat(down.out()).contains("stopping: scaled to 1", "catalog: 1/1 ready");
      assertThat(service().replicas()).hasSize(1);

      Splice.Result up = splice.run("scale", "catalog=5");
      assertThat(up.exit()).as(up.all()).isZero();
      assertThat(up.out()).contains("catalog: 5/5 ready");
      track();
      load.close();
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    assertThat(service().replicas()).hasSize(5).allMatch(replica -> replica.state().equals("ready"));
  }

  @Test
  @Order(2)
  void deploy_rollsEveryReplicaToTheNewVersion_losingNoRequest() throws Exception {
    String before = service().version();
    try (Http.Load load = new Http.Load(catalog + "/products", 50_000)) {
      Splice.Result deploy = splice.run("deploy", "catalog", "--env", "VERSION=2");
      track();
      load.close();

      assertThat(deploy.exit()).as(deploy.all()).isZero();
      assertThat(deploy.out()).contains("deploy " + before + " -> ", "replaced by version", "catalog: deploy succeeded");
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    ServiceStatus after = service();
    assertThat(after.version()).isNotEqualTo(before);
    assertThat(after.replicas()).hasSize(5).allMatch(replica -> replica.version().equals(after.version()));
    assertThat(versionsServed()).containsExactly("2");
  }

  @Test
  @Order(3)
  void rollback_returnsToThePreviousVersion() throws Exception {
    try (Http.Load load = new Http.Load(catalog + "/products", 50_000)) {
      Splice.Result rollback = splice.run("rollback", "catalog");
      track();
      load.close();

      assertThat(rollback.exit()).as(rollback.all()).isZero();
      assertThat(rollback.out()).contains("catalog: rollback succeeded");
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    assertThat(versionsServed()).containsExactly("1");
  }

  @Test
  @Order(4)
  void brokenDeploy_rollsBackByItself_andSaysWhy() throws Exception {
    String good = service().version();
    try (Http.Load load = new Http.Load(catalog + "/products", 50_000)) {
      Splice.Result deploy = splice.run("deploy", "catalog", "--env", "FAIL_HEALTH=1");
      track();
      load.close();

      assertThat(deploy.exit()).as(deploy.all()).isEqualTo(1);
      assertThat(deploy.err()).contains("catalog: deploy rolled-back:", "HTTP 503: failing", "last output:",
          "catalog listening on");
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    ServiceStatus after = Await.until("the failed replicas to be gone", Duration.ofSeconds(20), () -> {
      ServiceStatus current = service();
      return current.replicas().size() == 5 && current.readyReplicas() == 5 ? current : null;
    });
    assertThat(after.version()).isEqualTo(good);
    assertThat(after.replicas()).allMatch(replica -> replica.version().equals(good));
  }

  @Test
  @Order(5)
  void migrate_movesReplicasOneAtATime_losingNoRequest() throws Exception {
    Set<String> before = new HashSet<>(service().replicas().stream().map(ReplicaStatus::id).toList());
    try (Http.Load load = new Http.Load(catalog + "/products", 50_000)) {
      Splice.Result migrate = splice.run("migrate", "catalog", "--to", "process");
      track();
      load.close();

      assertThat(migrate.exit()).as(migrate.all()).isZero();
      assertThat(migrate.out()).contains("catalog: migrate succeeded");
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    ServiceStatus after = Await.until("the last old replica to stop", Duration.ofSeconds(20),
        () -> service().replicas().size() == 5 ? service() : null);
    assertThat(after.replicas()).noneMatch(replica -> before.contains(replica.id()));

    Splice.Result unknown = splice.run("migrate", "catalog", "--to", "vm");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("runtime vm is not available");
  }

  @Test
  @Order(6)
  void daemonKilledMidDeploy_newDaemonFinishesIt_losingNoRequest() throws Exception {
    String before = service().version();
    long daemon = client().daemon().pid();
    try (Http.Load load = new Http.Load(catalog + "/products", 50_000)) {
      Process deploy = splice.start("deploy", "catalog", "--env", "VERSION=3");
      Await.until("the first replica of the new version to start", Duration.ofSeconds(20), () -> {
        ServiceStatus current = service();
        return !current.version().equals(before)
            && current.replicas().stream().anyMatch(replica -> replica.version().equals(current.version()));
      });
      new ProcessBuilder("kill", "-9", Long.toString(daemon)).start().waitFor();
      deploy.waitFor();

      Splice.Result start = splice.run("daemon", "start");
      assertThat(start.exit()).as(start.all()).isZero();
      ServiceStatus done = Await.until("the deploy to finish under the new daemon", Duration.ofSeconds(60), () -> {
        ServiceStatus current = service();
        return current.deployment() != null && current.deployment().state().equals("succeeded")
            && current.replicas().size() == 5 ? current : null;
      });
      track();
      load.close();

      assertThat(done.version()).isNotEqualTo(before);
      assertThat(done.replicas()).hasSize(5).allMatch(replica -> replica.version().equals(done.version()));
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    assertThat(versionsServed()).containsExactly("3");
  }

  @Test
  @Order(7)
  void blueGreen_switchesAllTrafficAtOnce_andRollbackSwitchesBack() throws Exception {
    try (Http.Load load = new Http.Load(catalog + "/products", 100_000)) {
      Splice.Result deploy = splice.run("deploy", "catalog", "--strategy", "blue-green", "--keep", "30", "--env", "VERSION=4");
      track();
      assertThat(deploy.exit()).as(deploy.all()).isZero();
      assertThat(deploy.out()).contains("blue-green", "switched all traffic to version", "catalog: deploy switched");
      assertThat(versionsServed()).containsExactly("4");
      assertThat(service().replicas()).as("the old set is kept, out of traffic").hasSize(10);

      Splice.Result rollback = splice.run("rollback", "catalog");
      track();
      assertThat(rollback.exit()).as(rollback.all()).isZero();
      assertThat(versionsServed()).containsExactly("3");
      load.close();
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
  }

  @Test
  @Order(8)
  void canary_ofABrokenVersion_isJudgedWorseAndRolledBack_losingNoGet() throws Exception {
    String stable = service().version();
    try (Http.Load load = new Http.Load(catalog + "/products", 100_000)) {
      Splice.Result deploy = splice.run("deploy", "catalog", "--strategy", "canary", "--steps", "20,100", "--step-time", "3",
          "--env", "FAIL_REQUESTS=1");
      track();
      load.close();

      assertThat(deploy.exit()).as(deploy.all()).isEqualTo(1);
      assertThat(deploy.out()).contains("canary step 1: 1 replica(s) of version", "get 20% of the traffic");
      assertThat(deploy.err()).contains("catalog: deploy rolled-back: canary at 20% judged worse: canary error rate 100.0%");
      // The proxy retries a GET that got a 5xx on a stable replica, so clients never see the canary's errors.
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    ServiceStatus after = Await.until("the canary to be gone", Duration.ofSeconds(20), () -> {
      ServiceStatus current = service();
      return current.replicas().stream().allMatch(replica -> replica.version().equals(stable)) ? current : null;
    });
    assertThat(after.version()).isEqualTo(stable);
  }

  private Set<String> versionsServed() throws Exception {
    Set<String> versions = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> response = Http.get(catalog + "/products");
      assertThat(response.statusCode()).isEqualTo(200);
      versions.add(response.headers().firstValue("X-Version").orElse("?"));
    }
    return versions;
  }

  private ServiceStatus service() throws Exception {
    AppStatus app = client().app("ops");
    return app.services().get(0);
  }

  private void track() throws Exception {
    SpliceClient client = client();
    pids.add(client.daemon().pid());
    pids.addAll(client.daemon().proxyPids());
    for (ReplicaStatus replica : service().replicas()) {
      pids.add(replica.pid());
    }
  }

  private SpliceClient client() throws Exception {
    return splice.client();
  }
}
