package io.splice.cli.it;

import io.splice.testing.DockerEngineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A build context for container tests: the host's static busybox (Debian's busybox-static) serving
 * a folder on {@code $PORT}, with a HEALTHCHECK that fetches from that port inside the container.
 */
final class BusyboxContext {
  private BusyboxContext() {}

  /** Writes the context into {@code web}, serving {@code index} as {@code /index.html}. */
  static Path write(Path web, String index) throws IOException {
    Files.createDirectories(web.resolve("www"));
    Files.writeString(web.resolve("www/index.html"), index);
    Files.copy(Path.of("/bin/busybox"), web.resolve("busybox"));
    Files.writeString(web.resolve("Dockerfile"), """
        FROM scratch
        COPY busybox /bin/busybox
        SHELL ["/bin/busybox", "sh", "-c"]
        HEALTHCHECK --interval=1s --timeout=2s CMD /bin/busybox wget -q -O /dev/null "http://127.0.0.1:$PORT/index.html"
        COPY www /www
        CMD ["/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www"]
        """);
    return web;
  }

  /** The environment that points the daemon at {@code engine}. */
  static Map<String, String> engineEnv(DockerEngineExtension engine) {
    Map<String, String> env = new HashMap<>();
    if (engine.host() != null) {
      env.put("DOCKER_HOST", engine.host());
    }
    return env;
  }
}
