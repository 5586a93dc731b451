package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyAdminClient;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.TestBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyMainTest {

  @TempDir Path dir;

  @Test
  void options_parse() {
    assertThat(ProxyMain.Options.parse("--dir", "/var/x", "--admin-port", "7070"))
        .isEqualTo(new ProxyMain.Options(Path.of("/var/x"), 7070));
    assertThat(ProxyMain.Options.parse("--admin-port=1", "--dir=d"))
        .isEqualTo(new ProxyMain.Options(Path.of("d"), 1));
  }

  @Test
  void options_errors() {
    assertThatThrownBy(() -> ProxyMain.Options.parse("--dir", "d"))
        .hasMessage("--admin-port: missing");
    assertThatThrownBy(() -> ProxyMain.Options.parse("--admin-port", "7070"))
        .hasMessage("--dir: missing");
    assertThatThrownBy(() -> ProxyMain.Options.parse("--dir", "d", "--admin-port", "0"))
        .hasMessage("--admin-port: 0 (expected: 1..65535)");
    assertThatThrownBy(() -> ProxyMain.Options.parse("--dir")).hasMessage("--dir: missing value");
    assertThatThrownBy(() -> ProxyMain.Options.parse("-x")).hasMessage("unknown argument: -x");
  }

  /**
   * The real process: it serves the saved config before anything is pushed, and on SIGTERM it stops
   * accepting, finishes the request in progress, and exits.
   */
  @Test
  void process_servesSavedConfig_andStopsGracefullyOnSigterm() throws Exception {
    try (TestBackend backend = TestBackend.start("a")) {
      int port = FreePorts.next();
      int adminPort = FreePorts.next();
      ProxyConfig saved =
          new ProxyConfig(
              4,
              List.of(
                  new ServiceRoute(
                      "catalog",
                      "http",
                      List.of(new ListenAddress("127.0.0.1", port)),
                      List.of(backend.target()),
                      0)));
      Path state = Files.createDirectories(dir.resolve("state"));
      new ObjectMapper().writeValue(state.resolve("proxy-config.json").toFile(), saved);
      Path log = dir.resolve("proxy.log");
      Process process = startProxy(state, adminPort, log);
      try {
        HttpClient http = HttpClient.newHttpClient();
        Await.until("the listener serves", () -> answers(http, port));
        assertThat(new ProxyAdminClient("127.0.0.1", adminPort).config()).isEqualTo(saved);

        CompletableFuture<HttpResponse<String>> slow =
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until("the slow request reached the backend", () -> backend.slowArrived() == 1);

        process.destroy(); // SIGTERM

        Await.until("the listener stops accepting", () -> refuses(port));
        assertThat(process.isAlive()).isTrue();
        backend.releaseSlow();
        HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("a");
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log))
            .as("proxy log")
            .contains("config version 4 applied: 1 service: catalog (1 listener, 1 upstream)")
            .contains("stopped: ")
            .doesNotContain("grace period");
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static Process startProxy(Path state, int adminPort, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ProxyMain.class.getName(),
            "--dir",
            state.toString(),
            "--admin-port",
            Integer.toString(adminPort))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static boolean answers(HttpClient http, int port) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().equals("a");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean refuses(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
