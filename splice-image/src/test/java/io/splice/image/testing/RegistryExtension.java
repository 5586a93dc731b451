package io.splice.image.testing;

import io.splice.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real registry (Debian's {@code docker-registry}, the distribution project's server) on
 * 127.0.0.1 and a free port, for one test class: started with a generated config (storage in a
 * temporary folder, optionally htpasswd basic auth), awaited until {@code /v2/} answers, and
 * stopped by its PID.
 *
 * <pre>{@code
 * @RegisterExtension static final RegistryExtension REGISTRY = RegistryExtension.anonymous();
 * ... REGISTRY.address() + "/busybox:1" ...
 * }</pre>
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
  private static final String PROGRAM = "docker-registry";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String username;
  private final String password;
  private Path dir;
  private Process process;
  private int port;

  private RegistryExtension(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /** A registry anyone may push to. */
  public static RegistryExtension anonymous() {
    return new RegistryExtension(null, null);
  }

  /** A registry that needs basic auth with this user and password. */
  public static RegistryExtension withBasicAuth(String username, String password) {
    return new RegistryExtension(username, password);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("registry");
    port = FreePorts.next();
    StringBuilder config = new StringBuilder()
        .append("version: 0.1\n")
        .append("log:\n  level: warn\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append("\n  secret: test-only-secret\n");
    if (username != null) {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      Files.writeString(dir.resolve("htpasswd"),
          username + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 6) + "\n");
      config.append("auth:\n  htpasswd:\n    realm: splice-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
    }
    Path configFile = dir.resolve("config.yml");
    Files.writeString(configFile, config.toString(), StandardCharsets.UTF_8);
    try {
      process = new ProcessBuilder(PROGRAM, "serve", configFile.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("registry.log").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(PROGRAM + " cannot be started (install Debian's docker-registry): " + e.getMessage(), e);
    }
    awaitAnswer();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (dir != null) {
      new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void awaitAnswer() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(PROGRAM + " exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (List.of(200, 401).contains(status)) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(PROGRAM + " did not answer on " + address() + " within " + START_TIMEOUT + ":\n" + log());
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("registry.log"));
  }
}
