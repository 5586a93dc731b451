package io.splice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSpecTest {
  private static final Path DIR = Path.of("/srv/app");

  @Test
  void fiveArguments_meanNoContainer_andNeedACommand() {
    ReplicaSpec spec = new ReplicaSpec("a-1", List.of("run"), DIR, Map.of(), DIR.resolve("a-1.log"));
    assertThat(spec.container()).isNull();
    assertThatThrownBy(() -> new ReplicaSpec("a-1", List.of(), DIR, Map.of(), DIR.resolve("a-1.log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("command: [] (expected: at least the program)");
  }

  @Test
  void container_mayGoWithoutCommand() {
    ContainerSpec container = new ContainerSpec("app:1", 18080);
    ReplicaSpec spec = new ReplicaSpec("a-1", List.of(), DIR, Map.of(), DIR.resolve("a-1.log"), container);
    assertThat(spec.command()).isEmpty();
    assertThat(container.containerPort()).isNull();
    assertThat(container.labels()).isEmpty();
  }

  @Test
  void containerSpec_namesTheBadValue() {
    assertThatThrownBy(() -> new ContainerSpec(" ", 1))
        .hasMessage("image: \"\" (expected: a reference or an image id)");
    assertThatThrownBy(() -> new ContainerSpec("app:1", 0))
        .hasMessage("hostPort: 0 (expected: 1-65535)");
    assertThatThrownBy(() -> new ContainerSpec("app:1", 80, 70000, null, null, Map.of()))
        .hasMessage("containerPort: 70000 (expected: 1-65535)");
    assertThatThrownBy(() -> new ContainerSpec("app:1", 80, null, 0.0, null, Map.of()))
        .hasMessage("cpus: 0.0 (expected: > 0)");
    assertThatThrownBy(() -> new ContainerSpec("app:1", 80, null, null, 0L, Map.of()))
        .hasMessage("memoryBytes: 0 (expected: > 0)");
  }
}
