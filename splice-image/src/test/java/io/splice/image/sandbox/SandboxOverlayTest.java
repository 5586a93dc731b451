package io.splice.image.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sandbox#runOverlay} with runc (Debian packages {@code runc} and {@code busybox-static}):
 * runc itself mounts the overlay as the container's root, so nothing stays mounted on the host,
 * and a mount that fails is told apart from a command that fails.
 */
class SandboxOverlayTest {
  @TempDir Path tmp;

  @Test
  void runOverlay_changesLandInTheUpperDirectory_andNothingStaysMounted() throws Exception {
    Path lower = busyboxLayer();

    Sandbox.Outcome outcome = Sandbox.locate().runOverlay(List.of(lower),
        spec("echo made > /made && rm /bin/true && echo out"), Files.createDirectory(tmp.resolve("run")), line -> {});

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.lastLines()).containsExactly("out");
    assertThat(outcome.upper().resolve("made")).hasContent("made");
    assertThat(Files.exists(outcome.upper().resolve("bin/true"))).isTrue(); // the whiteout
    assertThat(lower.resolve("bin/true")).exists();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
  }

  @Test
  void runOverlay_aMountThatFails_isOverlayUnavailable_notACommandFailure() throws Exception {
    Path missing = tmp.resolve("no-such-layer");

    assertThatThrownBy(() -> Sandbox.locate().runOverlay(List.of(busyboxLayer(), missing), spec("true"),
        Files.createDirectory(tmp.resolve("run")), line -> {}))
        .isInstanceOf(Sandbox.OverlayUnavailable.class)
        .hasMessageContaining("overlay");
  }

  @Test
  void runOverlay_manyLayers_goThroughShortLinks() throws Exception {
    List<Path> layers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Path layer = Files.createDirectories(tmp.resolve("layers-with-a-rather-long-name-" + "x".repeat(40) + "/" + i));
      Files.writeString(layer.resolve("f" + i), Integer.toString(i));
      layers.add(layer);
    }
    layers.add(busyboxLayer());

    Sandbox.Outcome outcome = Sandbox.locate().runOverlay(layers, spec("cat /f0 /f59 > /both"),
        Files.createDirectory(tmp.resolve("run")), line -> {});

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.upper().resolve("both")).hasContent("059");
  }

  private static RunSpec spec(String command) {
    return new RunSpec(List.of("/bin/sh", "-c", command), List.of("PATH=/bin"), "/", null, Map.of());
  }

  /** A lower directory with busybox and the applets the tests use. */
  private Path busyboxLayer() throws Exception {
    Path root = tmp.resolve("busybox");
    if (Files.isDirectory(root)) {
      return root;
    }
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    for (String applet : List.of("sh", "echo", "rm", "cat", "true")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    return root;
  }
}
