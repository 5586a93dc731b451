package io.splice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerEngineExtensionTest {

  @Test
  void withoutBridge_runsAnEngine_andLeavesNothingBehind() throws Exception {
    DockerEngineExtension engine = new DockerEngineExtension();
    engine.beforeAll(null);
    Optional<Path> own = Optional.empty();
    Optional<ProcessHandle> daemon = Optional.empty();
    try {
      assertThat(engine.dockerOk("version", "-f", "{{.Server.Version}}")).isNotEmpty();
      if (engine.host() != null) {
        // An engine of its own, without a bridge network.
        Path dir = Path.of(URI.create(engine.host()).getPath()).getParent();
        own = Optional.of(dir);
        daemon = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("docker.pid")).strip()));
        assertThat(daemon).isPresent();
        assertThat(engine.dockerOk("network", "ls", "--format", "{{.Name}}").lines()).doesNotContain("bridge");
      }
    } finally {
      engine.afterAll(null);
    }
    daemon.ifPresent(process -> assertThat(process.isAlive()).isFalse());
    if (own.isPresent()) {
      String dir = own.get().toString();
      assertThat(own.get()).doesNotExist();
      assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(line -> line.contains(dir));
    }
  }
}
