package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;
import io.splice.api.SpliceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run, short: steady load on the example app while replicas are killed, a rolling deploy
 * runs, the catalog scales 3 to 1 to 5, a broken deploy rolls itself back, and the daemon and one
 * proxy are killed with SIGKILL. Only requests in flight on the killed proxy may fail.
 */
class ChaosIT {
  private static final int CLIENTS = 4;

  @TempDir Path dir;
  private Splice splice;
  private final long started = System.nanoTime();
  private final List<String> timeline = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    splice.tearDown();
  }

  @Test
  void chaos_losesNoRequestButThoseInFlightOnAKilledProxy() throws Exception {
    int port = Http.freePort();
    Path spec = Splice.shopSpec(dir, port, 3);
    splice = new Splice(dir.resolve("state"), Map.of("SPLICE_RESTART_BACKOFF_MS", "100"));
    assertThat(splice.run("up", "-d", spec.toString()).exit()).isZero();
    Random random = new Random(42);
    List<Http.Load> loads = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      loads.add(new Http.Load("http://127.0.0.1:" + port + "/", 200_000));
    }
    try {
      pause(2);
      killReplica("catalog", random);
      pause(2);
      event("rolling deploy of catalog", splice.run("deploy", "catalog", "--env", "VERSION=2").exit());
      killReplica("gateway", random);
      event("scale catalog to 1", splice.run("scale", "catalog=1").exit());
      event("scale catalog to 5", splice.run("scale", "catalog=5").exit());
      event("broken deploy of catalog (rolls back, exit 1 expected)",
          splice.run("deploy", "catalog", "--env", "FAIL_HEALTH=1").exit());
      long daemon = client().daemon().pid();
      kill(daemon, "the daemon");
      pause(2);
      event("daemon start", splice.run("daemon", "start").exit());
      long proxy = client().daemon().proxyPids().get(0);
      kill(proxy, "proxy " + proxy);
      Await.until("the proxy to be started again", Duration.ofSeconds(30),
          () -> !client().daemon().proxyPids().contains(proxy) && client().daemon().proxyAlive());
      event("proxy restarted", 0);
      killReplica("orders", random);
      pause(3);
    } finally {
      for (Http.Load load : loads) {
        load.close();
      }
    }
    long sent = loads.stream().mapToLong(load -> load.sent.get()).sum();
    long failed = loads.stream().mapToLong(load -> load.failed.get()).sum();
    double p99 = loads.stream().mapToDouble(load -> load.percentileMillis(0.99)).max().orElse(0);
    timeline.forEach(System.out::println);
    System.out.printf("chaos: %d requests, %d failed, p99 %.1f ms (worst client)%n", sent, failed, p99);
    loads.stream().map(load -> load.firstFailure.get()).filter(java.util.Objects::nonNull)
        .forEach(failure -> System.out.println("  a failure: " + failure));

    assertThat(failed).as("only requests in flight on the killed proxy may fail").isLessThanOrEqualTo(CLIENTS);
    ServiceStatus catalog = client().app("shop").services().stream().filter(s -> s.name().equals("catalog")).findFirst().orElseThrow();
    assertThat(catalog.readyReplicas()).isEqualTo(5);
    assertThat(catalog.deployment().state()).isEqualTo("rolled-back");
  }

  private void killReplica(String service, Random random) throws Exception {
    List<ReplicaStatus> replicas = client().app("shop").services().stream().filter(s -> s.name().equals(service))
        .findFirst().orElseThrow().replicas().stream().filter(replica -> replica.pid() > 0).toList();
    ReplicaStatus victim = replicas.get(random.nextInt(replicas.size()));
    kill(victim.pid(), victim.id());
  }

  private void kill(long pid, String what) throws Exception {
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    event("kill -9 " + what, 0);
  }

  private void event(String what, int exit) {
    timeline.add(String.format("%6.1fs  %s%s", (System.nanoTime() - started) / 1e9, what, exit == 0 ? "" : " (exit " + exit + ")"));
  }

  private static void pause(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
  }

  private SpliceClient client() throws Exception {
    return splice.client();
  }
}
