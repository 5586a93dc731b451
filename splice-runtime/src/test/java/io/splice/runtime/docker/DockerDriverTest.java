package io.splice.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.runtime.ContainerSpec;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriverException;
import io.splice.runtime.process.LogRotator;
import io.splice.testing.DockerEngineExtension;
import io.splice.testing.FreePorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Docker Engine with a bridge (started for this class when none runs), and an image
 * made here without a registry: the host's static busybox and a web page, {@code docker import}ed.
 */
class DockerDriverTest {
  @RegisterExtension static final DockerEngineExtension engine = DockerEngineExtension.withBridge();

  private static final String IMAGE = "splice-test/httpd:" + UUID.randomUUID().toString().substring(0, 8);
  private static final String PAGE = "hello from a splice container\n";
  private static final String TICKS = "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.1; done";

  @TempDir static Path imageDir;
  private static DockerDriver driver;
  private static final List<String> images = new ArrayList<>();

  @TempDir Path dir;
  private final List<ReplicaHandle> started = new ArrayList<>();
  private final List<DockerDriver> drivers = new ArrayList<>();

  @BeforeAll
  static void image() throws Exception {
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException(busybox + " is missing: install Debian's busybox-static");
    }
    Path root = imageDir.resolve("root");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("www"));
    Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    Process list = new ProcessBuilder(busybox.toString(), "--list").start();
    for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
      if (!applet.isEmpty() && !applet.equals("busybox")) {
        Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
      }
    }
    list.waitFor(10, TimeUnit.SECONDS);
    Files.writeString(root.resolve("www/index.html"), PAGE);
    Path tar = tar(root, imageDir.resolve("httpd.tar"));
    engine.dockerOk("import", "--change", "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]",
        tar.toString(), IMAGE);
    images.add(IMAGE);
    driver = connect();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (driver != null) {
      driver.close();
    }
    for (String image : images) {
      engine.docker("rmi", "-f", image);
    }
  }

  @AfterEach
  void stopAll() {
    started.forEach(handle -> driver.stop(handle, Duration.ZERO));
    drivers.forEach(DockerDriver::close);
  }

  @Test
  void start_hostNetwork_servesOnItsPortWithLabelsAndLimits() throws Exception {
    int port = FreePorts.next();
    String id = id("host");
    ContainerSpec container = new ContainerSpec(IMAGE, port, null, 0.5, 64L * 1024 * 1024, Map.of("team", "shop"));
    ReplicaHandle handle = start(id, List.of("/bin/sh", "-c", "exec httpd -f -p 127.0.0.1:$PORT -h /www"),
        Map.of("PORT", Integer.toString(port)), container);

    assertThat(get(port)).isEqualTo(PAGE);
    assertThat(driver.isRunning(handle)).isTrue();
    // The handle names the container's main process as the host sees it.
    assertThat(Files.readString(Path.of("/proc", Long.toString(handle.pid()), "cmdline"))).contains("httpd");
    assertThat(engine.dockerOk("inspect", "-f",
        "{{.HostConfig.NetworkMode}} {{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} "
            + "{{index .Config.Labels \"io.splice.replica\"}} {{index .Config.Labels \"team\"}}",
        "splice-" + id))
        .isEqualTo("host 500000000 67108864 " + id + " shop");
  }

  @Test
  void start_containerPort_publishesOnLoopbackAndRunsTheImageCmd() throws Exception {
    int port = FreePorts.next();
    String id = id("bridge");
    start(id, List.of(), Map.of(), new ContainerSpec(IMAGE, port, 8080, null, null, Map.of()));

    assertThat(get(port)).isEqualTo(PAGE);
    assertThat(engine.dockerOk("port", "splice-" + id)).contains("8080/tcp -> 127.0.0.1:" + port);
  }

  @Test
  void logs_reachTheLogFile_andSurviveRotation() throws Exception {
    ReplicaHandle handle = start(id("logs"), List.of("/bin/sh", "-c", "echo out-line; echo err-line >&2; " + TICKS),
        Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));

    String log = awaitLog(handle.logFile(), "tick-3");
    assertThat(log).contains("out-line", "err-line");

    // The daemon rotates by copy-and-truncate; the follower appends, so it keeps writing at the new end.
    assertThat(new LogRotator(1, 1).rotateIfNeeded(handle.logFile())).isTrue();
    String after = awaitLog(handle.logFile(), "tick-");
    assertThat(after).doesNotContain("out-line").startsWith("tick-");
    assertThat(Files.readString(handle.logFile().resolveSibling(handle.logFile().getFileName() + ".1"))).contains("out-line");
  }

  @Test
  void adopt_byARestartedDriver_resumesLogsAndRefusesOnceStopped() throws Exception {
    DockerDriver first = connect();
    ReplicaSpec spec = spec(id("adopt"), List.of("/bin/sh", "-c", TICKS), Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));
    ReplicaHandle handle = first.start(spec);
    started.add(handle);
    awaitLog(handle.logFile(), "tick-12"); // over a second: following from "now" cannot reach back to tick-0
    first.close(); // as a daemon that stops: the container runs on

    assertThat(driver.isRunning(handle)).isTrue();
    DockerDriver second = connect();
    assertThat(second.adopt(handle)).contains(handle);
    long adoptedAt = Files.size(handle.logFile());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.size(handle.logFile()) <= adoptedAt + 20 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String resumed = Files.readString(handle.logFile()).substring((int) adoptedAt);
    assertThat(resumed).contains("tick-").doesNotContain("tick-0\n");

    ReplicaHandle recycled = new ReplicaHandle(handle.id(), handle.runtime(), handle.pid(), handle.startTime() + 1, handle.logFile());
    assertThat(second.adopt(recycled)).isEmpty();
    second.stop(handle, Duration.ZERO);
    assertThat(second.adopt(handle)).isEmpty();
    assertThat(engine.docker("inspect", "splice-" + handle.id()).exitCode()).isNotZero();
  }

  @Test
  void isRunning_turnsFalseAfterDockerKill_andStopRemovesTheExitedContainer() throws Exception {
    ReplicaHandle handle = start(id("kill"), List.of("/bin/sh", "-c", "exec sleep 30"), Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));
    assertThat(driver.isRunning(handle)).isTrue();

    engine.dockerOk("kill", "splice-" + handle.id());

    awaitNotRunning(handle, Duration.ofSeconds(5));
    assertThat(driver.adopt(handle)).isEmpty();
    driver.stop(handle, Duration.ofSeconds(5));
    assertThat(engine.docker("inspect", "splice-" + handle.id()).exitCode()).isNotZero();
  }

  @Test
  void stop_sendsTheStopSignal_keepsTheLastOutput_andRemoves() throws Exception {
    ReplicaHandle handle = start(id("term"), List.of("/bin/sh", "-c",
        "trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 0.05; done"), Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));
    awaitLog(handle.logFile(), "ready");
    long before = System.nanoTime();

    driver.stop(handle, Duration.ofSeconds(10));

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThat(driver.isRunning(handle)).isFalse();
    assertThat(Files.readString(handle.logFile())).contains("got-term");
    assertThat(engine.docker("inspect", "splice-" + handle.id()).exitCode()).isNotZero();
  }

  @Test
  void stop_killsAfterTheGraceWhenTermIsIgnored() throws Exception {
    ReplicaHandle handle = start(id("grace"), List.of("/bin/sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.05; done"),
        Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));
    awaitLog(handle.logFile(), "ready");
    long before = System.nanoTime();

    driver.stop(handle, Duration.ofMillis(700));

    Duration took = Duration.ofNanos(System.nanoTime() - before);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(5));
    assertThat(driver.isRunning(handle)).isFalse();
    assertThat(engine.docker("inspect", "splice-" + handle.id()).exitCode()).isNotZero();
  }

  @Test
  void stop_withoutAnEngine_stopsTheProcessByItsPid() throws Exception {
    ReplicaHandle handle = start(id("nopid"), List.of("/bin/sh", "-c", "echo ready; exec sleep 30"), Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));
    awaitLog(handle.logFile(), "ready");
    DockerDriver unreachable = DockerDriver.open("unix://" + dir.resolve("none.sock"));
    drivers.add(unreachable);

    unreachable.stop(handle, Duration.ofMillis(200));

    assertThat(driver.isRunning(handle)).isFalse();
  }

  @Test
  void stop_missingContainer_doesNothing() {
    ReplicaHandle gone = new ReplicaHandle(id("gone"), DockerDriver.NAME, Integer.MAX_VALUE, 1, dir.resolve("gone.log"));
    driver.stop(gone, Duration.ofSeconds(1));
    assertThat(driver.adopt(gone)).isEmpty();
  }

  @Test
  void start_exitingAtOnce_pointsToTheLog() throws Exception {
    ReplicaSpec spec = spec(id("exit"), List.of("/bin/sh", "-c", "echo boom; exit 3"), Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));

    assertThatThrownBy(() -> driver.start(spec))
        .isInstanceOf(RuntimeDriverException.class)
        .hasMessageContaining("exited at once with code 3")
        .hasMessageContaining(spec.logFile().toString());
    assertThat(Files.readString(spec.logFile())).contains("boom");
    assertThat(engine.docker("inspect", "splice-" + spec.id()).exitCode()).isNotZero();
  }

  @Test
  void start_unknownImage_saysItIsNotInTheEngine() throws Exception {
    ReplicaSpec spec = spec(id("noimg"), List.of(), Map.of(), new ContainerSpec("splice-test/none:404", FreePorts.next()));

    assertThatThrownBy(() -> driver.start(spec))
        .isInstanceOf(RuntimeDriverException.class)
        .hasMessageContaining("image splice-test/none:404 is not in the Docker Engine");
  }

  @Test
  void start_withoutContainer_saysTheRuntimeRunsImages() {
    ReplicaSpec spec = new ReplicaSpec(id("plain"), List.of("true"), dir, Map.of(), dir.resolve("plain.log"));
    assertThatThrownBy(() -> driver.start(spec)).hasMessageContaining("no container to run");
  }

  @Test
  void connect_engineNotAnswering_namesTheAddressAndWhatToDo() {
    String host = "unix://" + dir.resolve("docker.sock");

    assertThatThrownBy(() -> DockerDriver.connect(host))
        .isInstanceOf(RuntimeDriverException.class)
        .hasNoCause()
        .hasMessageContaining("the Docker Engine at " + host + " does not answer")
        .hasMessageContaining("dockerd")
        .hasMessageContaining("DOCKER_HOST");
    assertThatThrownBy(() -> DockerDriver.connect("http://127.0.0.1:2375"))
        .hasMessageContaining("http://127.0.0.1:2375 is not usable (expected: unix:///PATH or tcp://HOST:PORT)");
  }

  @Test
  void exec_returnsExitCodeAndOutput_boundsIt_andTimesOut() throws Exception {
    ReplicaHandle handle = start(id("exec"), List.of("/bin/sh", "-c", "exec sleep 30"), Map.of(), new ContainerSpec(IMAGE, FreePorts.next()));

    ExecResult result = driver.exec(handle, List.of("sh", "-c", "echo to-out; echo to-err >&2; exit 3"), Duration.ofSeconds(5));
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.output()).contains("to-out", "to-err");
    assertThat(result.timedOut()).isFalse();

    ExecResult big = driver.exec(handle, List.of("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(5));
    assertThat(big.exitCode()).isZero();
    assertThat(big.output()).hasSize(DockerDriver.MAX_EXEC_OUTPUT);

    long before = System.nanoTime();
    ExecResult slow = driver.exec(handle, List.of("sleep", "10"), Duration.ofMillis(300));
    assertThat(slow.timedOut()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
    assertThat(engine.dockerOk("exec", "splice-" + handle.id(), "ps")).doesNotContain("sleep 10");
  }

  @Test
  void hasImage_andLoad_ofTaggedAndUntaggedArchives() throws Exception {
    assertThat(driver.hasImage(IMAGE)).isTrue();
    assertThat(driver.hasImage("splice-test/none:404")).isFalse();

    // A second, tiny image: saved, removed, then loaded back.
    Path root = dir.resolve("tiny");
    Files.createDirectories(root);
    Files.writeString(root.resolve("hello.txt"), "tiny\n");
    String tiny = "splice-test/tiny:" + UUID.randomUUID().toString().substring(0, 8);
    images.add(tiny);
    String id = engine.dockerOk("import", tar(root, dir.resolve("tiny-rootfs.tar")).toString(), tiny);
    Path tagged = dir.resolve("tagged.tar");
    Path untagged = dir.resolve("untagged.tar");
    engine.dockerOk("save", "-o", tagged.toString(), tiny);
    engine.dockerOk("save", "-o", untagged.toString(), id);

    engine.dockerOk("rmi", tiny);
    assertThat(driver.hasImage(tiny)).isFalse();
    try (InputStream archive = Files.newInputStream(tagged)) {
      assertThat(driver.load(archive)).isEqualTo(id);
    }
    assertThat(driver.hasImage(tiny)).isTrue();

    engine.dockerOk("rmi", tiny);
    try (InputStream archive = Files.newInputStream(untagged)) {
      assertThat(driver.load(archive)).isEqualTo(id);
    }
    assertThat(driver.hasImage(id)).isTrue();
    images.add(id);

    assertThatThrownBy(() -> driver.load(new ByteArrayInputStream("not a tar".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(RuntimeDriverException.class)
        .hasMessageContaining("cannot load the image archive");
  }

  // ---- helpers ----

  private static DockerDriver connect() throws RuntimeDriverException {
    return engine.host() == null ? DockerDriver.connect() : DockerDriver.connect(engine.host());
  }

  private static String id(String name) {
    return "rt-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private ReplicaSpec spec(String id, List<String> command, Map<String, String> env, ContainerSpec container) {
    return new ReplicaSpec(id, command, dir, env, dir.resolve("logs/" + id + ".log"), container);
  }

  private ReplicaHandle start(String id, List<String> command, Map<String, String> env, ContainerSpec container)
      throws RuntimeDriverException {
    ReplicaHandle handle = driver.start(spec(id, command, env, container));
    started.add(handle);
    return handle;
  }

  private static Path tar(Path root, Path out) throws IOException, InterruptedException {
    Process tar = new ProcessBuilder("tar", "-C", root.toString(), "-cf", out.toString(), ".").inheritIO().start();
    if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
      throw new IOException("tar of " + root + " failed");
    }
    return out;
  }

  private static String get(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 || System.nanoTime() - deadline > 0) {
          assertThat(response.statusCode()).isEqualTo(200);
          return response.body();
        }
      } catch (IOException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
      Thread.sleep(50);
    }
  }

  private void awaitNotRunning(ReplicaHandle handle, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (driver.isRunning(handle) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(driver.isRunning(handle)).isFalse();
  }

  private static String awaitLog(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        String content = Files.readString(log);
        if (content.contains(text)) {
          return content;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("log " + log + " never showed " + text);
  }
}
