package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.AppStatus;
import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;
import io.splice.api.SpliceClient;
import io.splice.api.StateDir;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation's whole path with real parts: the splice jar brings the example shop up (8
 * replicas as real processes behind the real proxy process), serves it through a replica crash and
 * a daemon crash, and takes it down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopIT {
  private static final Pattern REPLICA = Pattern.compile("\"(gateway|catalog|orders)\":\"([a-z]+-\\d+)\"");

  private Path work;
  private Splice splice;
  private int gatewayPort;
  private String gateway;
  private final Set<Long> pids = new HashSet<>();

  @BeforeAll
  void bringUp() throws Exception {
    work = Files.createTempDirectory("splice-shop-it");
    splice = new Splice(work.resolve("state"), Map.of());
    gatewayPort = Http.freePort();
    gateway = "http://127.0.0.1:" + gatewayPort;
    Path spec = Splice.shopSpec(work, gatewayPort, 3);

    long started = System.nanoTime();
    Splice.Result up = splice.run("up", "-d", spec.toString());
    System.out.printf("splice up -d: %.1fs to all replicas ready%n", (System.nanoTime() - started) / 1e9);

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(up.out()).contains("shop is up", "gateway: 2/2 ready", "catalog: 3/3 ready", "orders: 2/2 ready");
    status().services().forEach(service -> service.replicas().forEach(replica -> pids.add(replica.pid())));
    pids.add(daemonInfo().pid());
    pids.addAll(client().daemon().proxyPids());
  }

  @AfterAll
  void tearDown() throws Exception {
    try {
      splice.tearDown();
    } finally {
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  @Order(1)
  void requests_reachEveryReplicaOfEveryService() throws Exception {
    // Concurrent requests, so that every replica has work: with one request at a time a
    // latency-aware balancer rightly keeps picking the fastest replica.
    Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 160; i++) {
        results.add(clients.submit(() -> {
          HttpResponse<String> response = Http.get(gateway + "/");
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          Matcher matcher = REPLICA.matcher(response.body());
          while (matcher.find()) {
            seen.add(matcher.group(2));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> result : results) {
        result.get();
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(seen.stream().filter(id -> id.startsWith("gateway-"))).hasSize(2);
    assertThat(seen.stream().filter(id -> id.startsWith("catalog-"))).hasSize(3);
    assertThat(seen.stream().filter(id -> id.startsWith("orders-"))).hasSize(2);

    HttpResponse<String> order = Http.post(gateway + "/api/orders", "{\"productId\":\"p1\",\"quantity\":2}");
    assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
  }

  @Test
  @Order(2)
  void api_withoutTheToken_is401() throws Exception {
    String url = "http://127.0.0.1:" + daemonInfo().port() + "/v1/apps";
    HttpResponse<String> none = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer not-the-token").GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(Files.getPosixFilePermissions(splice.stateDir.resolve("token")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  @Order(3)
  void secondDaemonOnTheSameStateDir_isRefused() throws Exception {
    Splice.Result second = splice.run("daemon", "run");

    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.err()).contains("in use by another daemon").doesNotContain("\tat ");
    assertThat(client().daemon().pid()).isEqualTo(daemonInfo().pid());
  }

  @Test
  @Order(3)
  void killedReplica_isReplacedAndNoRequestFails() throws Exception {
    ReplicaStatus victim = replicas("catalog").get(0);

    try (Http.Load load = new Http.Load(gateway + "/api/products", 20_000)) {
      Await.until("some load", Duration.ofSeconds(10), () -> load.sent.get() > 20);
      new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
      ReplicaStatus replaced = Await.until("the killed replica to be replaced and ready", Duration.ofSeconds(30), () ->
          replicas("catalog").stream()
              .filter(replica -> replica.id().equals(victim.id()) && replica.state().equals("ready") && replica.pid() != victim.pid())
              .findFirst().orElse(null));
      pids.add(replaced.pid());
      long after = load.sent.get();
      Await.until("more load after the replacement", Duration.ofSeconds(10), () -> load.sent.get() > after + 20);
      load.close();

      assertThat(replaced.restarts()).isEqualTo(1);
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }
    assertThat(Await.alive(victim.pid())).isFalse();
  }

  @Test
  @Order(4)
  void killedDaemon_proxyKeepsServing_andNewDaemonAdoptsSamePids() throws Exception {
    Map<String, Long> before = pidsById();
    long daemonPid = daemonInfo().pid();

    try (Http.Load load = new Http.Load(gateway + "/", 20_000)) {
      new ProcessBuilder("kill", "-9", Long.toString(daemonPid)).start().waitFor();
      Await.until("the daemon to die", Duration.ofSeconds(10), () -> !Await.alive(daemonPid));
      long after = load.sent.get();
      Await.until("load while the daemon is dead", Duration.ofSeconds(10), () -> load.sent.get() > after + 50);
      load.close();
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isZero();
    }

    Splice.Result start = splice.run("daemon", "start");
    assertThat(start.exit()).as(start.all()).isZero();
    pids.add(daemonInfo().pid());
    Splice.Result ps = splice.run("ps");

    assertThat(ps.exit()).as(ps.all()).isZero();
    assertThat(pidsById()).isEqualTo(before);
    for (long pid : before.values()) {
      assertThat(ps.out()).contains(" " + pid + " ");
    }
    assertThat(status().ready()).isTrue();
    assertThat(Http.get(gateway + "/").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void killedProxy_theOtherKeepsServing_andItIsRestarted() throws Exception {
    List<Long> proxies = client().daemon().proxyPids();
    assertThat(proxies).as("two proxy processes share the listeners").hasSize(2);
    long victim = proxies.get(0);

    try (Http.Load load = new Http.Load(gateway + "/", 20_000)) {
      Await.until("some load", Duration.ofSeconds(10), () -> load.sent.get() > 20);
      new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
      List<Long> restarted = Await.until("the killed proxy to be started again", Duration.ofSeconds(30), () -> {
        List<Long> now = client().daemon().proxyPids();
        return !now.contains(victim) && client().daemon().proxyAlive() ? now : null;
      });
      pids.addAll(restarted);
      long after = load.sent.get();
      Await.until("more load after the restart", Duration.ofSeconds(10), () -> load.sent.get() > after + 50);
      load.close();
      // Only what was in flight on the killed process can fail: this load has one request in flight at a time.
      assertThat(load.failed.get()).as("failed of %s, first: %s", load.sent.get(), load.firstFailure.get()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  @Order(6)
  void logs_showReplicaOutput() throws Exception {
    Splice.Result logs = splice.run("logs", "catalog", "-n", "5");

    assertThat(logs.exit()).as(logs.all()).isZero();
    assertThat(logs.out()).contains("shop-catalog-1 | ", "shop-catalog-3 | ", "listening on 127.0.0.1:");
  }

  @Test
  @Order(7)
  void down_stopsEveryReplicaAndClosesTheListener() throws Exception {
    List<Long> replicaPids = new ArrayList<>(pidsById().values());
    List<Long> proxyPids = client().daemon().proxyPids();

    Splice.Result down = splice.run("down");

    assertThat(down.exit()).as(down.all()).isZero();
    assertThat(down.out()).contains("shop is down");
    for (long pid : replicaPids) {
      Await.until("replica " + pid + " to exit", Duration.ofSeconds(5), () -> !Await.alive(pid));
    }
    Await.until("the public listener to close", Duration.ofSeconds(5), () -> {
      try {
        Http.get(gateway + "/");
        return false;
      } catch (ConnectException e) {
        return true;
      }
    });

    Splice.Result stop = splice.run("daemon", "stop");
    assertThat(stop.exit()).as(stop.all()).isZero();
    for (long proxyPid : proxyPids) {
      Await.until("the idle proxy to stop with the daemon", Duration.ofSeconds(20), () -> !Await.alive(proxyPid));
    }
  }

  private SpliceClient client() throws Exception {
    return splice.client();
  }

  private StateDir.DaemonInfo daemonInfo() {
    return new StateDir(splice.stateDir).daemonInfo().orElseThrow();
  }

  private AppStatus status() throws Exception {
    return client().app("shop");
  }

  private List<ReplicaStatus> replicas(String service) throws Exception {
    return status().services().stream().filter(s -> s.name().equals(service)).findFirst().map(ServiceStatus::replicas).orElseThrow();
  }

  private Map<String, Long> pidsById() throws Exception {
    Map<String, Long> result = new java.util.TreeMap<>();
    status().services().forEach(service -> service.replicas().forEach(replica -> result.put(replica.id(), replica.pid())));
    return result;
  }
}
