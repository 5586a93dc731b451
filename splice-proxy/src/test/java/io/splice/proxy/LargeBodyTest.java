package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.Pattern;
import io.splice.proxy.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gigabyte each way through a proxy process whose heap is capped at 64 MiB: bodies stream in
 * constant memory. The bytes are made on the fly on both ends and compared by length and CRC.
 */
class LargeBodyTest {

  private static final long GIB = 1024L * 1024 * 1024;
  private static final String HEAP = "-Xmx64m";

  @TempDir static Path dir;
  private static TestBackend backend;
  private static Process process;
  private static int port;
  private static Path log;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startProxyProcess() throws Exception {
    backend = TestBackend.start("a");
    port = FreePorts.next();
    ProxyConfig config =
        new ProxyConfig(
            1,
            List.of(
                new ServiceRoute(
                    "files",
                    ServiceRoute.HTTP,
                    List.of(new ListenAddress("127.0.0.1", port)),
                    List.of(backend.target()),
                    0)));
    Path state = Files.createDirectories(dir.resolve("state"));
    new ObjectMapper().writeValue(state.resolve(ProxySettings.CONFIG_FILE_NAME).toFile(), config);
    log = dir.resolve("proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                java,
                HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                ProxyMain.class.getName(),
                "--dir",
                state.toString(),
                "--admin-port",
                Integer.toString(FreePorts.next()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Await.until("the proxy process listens", Duration.ofSeconds(30), () -> accepts(port));
  }

  @AfterAll
  static void stop() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void oneGibibyteUpload_passesThrough_withTheHeapCapped() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/count"))
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(GIB)), GIB))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Pattern.describe(GIB));
    assertProxyAlive();
  }

  @Test
  void oneGibibyteDownload_passesThrough_withTheHeapCapped() throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bytes?n=" + GIB))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream body = response.body()) {
      assertThat(Pattern.count(body)).isEqualTo(Pattern.describe(GIB));
    }
    assertProxyAlive();
  }

  private static void assertProxyAlive() throws IOException {
    assertThat(process.isAlive()).as("proxy process alive").isTrue();
    assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
