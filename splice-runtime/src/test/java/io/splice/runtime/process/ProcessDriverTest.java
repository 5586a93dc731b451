package io.splice.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.runtime.ContainerSpec;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDriverTest {
  @TempDir Path dir;
  private final ProcessDriver driver = new ProcessDriver();
  private final List<ReplicaHandle> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(handle -> driver.stop(handle, Duration.ZERO));
  }

  private ReplicaHandle start(String script, Map<String, String> env) throws RuntimeDriverException {
    ReplicaHandle handle = driver.start(new ReplicaSpec("t-1", List.of("/bin/sh", "-c", script), dir, env, dir.resolve("logs/t-1.log")));
    started.add(handle);
    return handle;
  }

  @Test
  void start_runsInOwnSessionWithEnvAndLogFile() throws Exception {
    ReplicaHandle handle = start("echo port=$PORT; cat /proc/self/stat; exec sleep 30", Map.of("PORT", "1234"));

    assertThat(driver.isRunning(handle)).isTrue();
    String log = awaitLog(handle.logFile(), "(cat)");
    assertThat(log).contains("port=1234");
    // Field 6 of /proc/self/stat is the session id: the replica leads its own session.
    String stat = log.lines().filter(line -> line.contains("(cat)")).findFirst().orElseThrow();
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertThat(Long.parseLong(fields[3])).isEqualTo(handle.pid());
    assertThat(ProcessHandle.current().pid()).isNotEqualTo(handle.pid());
  }

  @Test
  void stop_sendsTermAndWaits() throws Exception {
    ReplicaHandle handle = start("trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 0.05; done", Map.of());
    awaitLog(handle.logFile(), "ready");

    driver.stop(handle, Duration.ofSeconds(5));

    assertThat(driver.isRunning(handle)).isFalse();
    assertThat(awaitLog(handle.logFile(), "got-term")).contains("got-term");
  }

  @Test
  void stop_killsAfterGraceWhenTermIsIgnored() throws Exception {
    ReplicaHandle handle = start("trap '' TERM; echo ready; while true; do sleep 0.05; done", Map.of());
    awaitLog(handle.logFile(), "ready");
    long before = System.nanoTime();

    driver.stop(handle, Duration.ofMillis(300));

    assertThat(driver.isRunning(handle)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void adopt_refusesRecycledPid() throws Exception {
    ReplicaHandle handle = start("exec sleep 30", Map.of());

    assertThat(driver.adopt(handle)).contains(handle);
    ReplicaHandle otherStart = new ReplicaHandle(handle.id(), handle.runtime(), handle.pid(), handle.startTime() + 1, handle.logFile());
    assertThat(driver.adopt(otherStart)).isEmpty();
  }

  @Test
  void adopt_emptyOnceExited() throws Exception {
    ReplicaHandle handle = start("exit 3", Map.of());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (driver.isRunning(handle) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(driver.adopt(handle)).isEmpty();
  }

  @Test
  void start_missingWorkdir_namesIt() {
    ReplicaSpec spec = new ReplicaSpec("t-2", List.of("true"), dir.resolve("nope"), Map.of(), dir.resolve("t-2.log"));
    assertThatThrownBy(() -> driver.start(spec))
        .isInstanceOf(RuntimeDriverException.class)
        .hasMessageContaining("t-2: workdir").hasMessageContaining("nope");
  }

  @Test
  void start_containerWithoutCommand_isRefused() {
    ReplicaSpec spec = new ReplicaSpec("t-3", List.of(), dir, Map.of(), dir.resolve("t-3.log"), new ContainerSpec("app:1", 8080));
    assertThatThrownBy(() -> driver.start(spec))
        .isInstanceOf(RuntimeDriverException.class)
        .hasMessageContaining("t-3: no command to run");
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
