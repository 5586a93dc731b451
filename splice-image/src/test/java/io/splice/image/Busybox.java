package io.splice.image;

import static io.splice.image.TestContexts.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small base image made from Debian's {@code busybox-static}: {@code /bin/busybox}, a symlink
 * per applet, {@code /etc/passwd} with root and {@code app} (1000), {@code /etc/group} with {@code staff}
 * (50) listing {@code app}.
 * No public registry is reachable, so tests build their bases this way.
 */
final class Busybox {
  static final Path BINARY = Path.of("/bin/busybox");

  private Busybox() {}

  /** Builds the base into {@code store} as {@code tag}; its context is {@code dir}. */
  static BuildResult buildBase(Path dir, Path store, String tag) throws Exception {
    writeContext(dir);
    return Images.build(TestContexts.request(dir, store).tag(tag).build());
  }

  /** A build context whose Dockerfile makes the busybox base {@code FROM scratch}. */
  static void writeContext(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install Debian's busybox-static");
    }
    Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
    Files.copy(BINARY, bin.resolve("busybox"));
    for (String applet : applets()) {
      if (!applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
      }
    }
    write(dir, "rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
    write(dir, "rootfs/etc/group", "root:x:0:\napp:x:1000:\nstaff:x:50:app\n");
    write(dir, "Dockerfile", String.join("\n",
        "FROM scratch",
        "COPY rootfs/ /",
        "ENV PATH=/bin",
        "CMD [\"/bin/sh\"]",
        ""));
  }

  private static List<String> applets() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(BINARY.toString(), "--list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("busybox --list failed: " + out);
    }
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
