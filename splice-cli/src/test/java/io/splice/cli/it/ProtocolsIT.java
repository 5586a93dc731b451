package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ServiceStatus;
import io.splice.testing.TestCertificates;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a service says it speaks reaches the proxy: replicas that speak only HTTP/2 in clear text,
 * replicas on Unix domain sockets behind a TLS listener, and a TCP service, each checked for health
 * the way the proxy reaches it.
 */
class ProtocolsIT {
  @TempDir Path dir;
  private Splice splice;

  @AfterEach
  void cleanUp() throws Exception {
    if (splice != null) {
      splice.tearDown();
    }
  }

  @Test
  void h2cUnixSocketTlsAndTcpServices() throws Exception {
    TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("tls")), "site");
    int sitePort = Http.freePort();
    int echoPort = Http.freePort();
    String backend = "[\"%s\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xmx32m\", \"-cp\", \"%s\", \"%s\""
        .formatted(Splice.javaPath(), System.getProperty("java.class.path"), ProtocolBackend.class.getName());
    Path spec = dir.resolve("splice.yaml");
    Files.writeString(spec, """
        app: protocols
        services:
          grpc:
            command: %1$s, h2c]
            protocol: h2c
            replicas: 2
            health: { http: /healthz, interval: 300ms }
          site:
            command: %1$s, unix]
            unix_socket: true
            replicas: 2
            health: { http: /healthz, interval: 300ms }
            expose: { port: %2$d, tls: { cert: tls/site.crt, key: tls/site.key } }
          echo:
            command: %1$s, echo]
            protocol: tcp
            replicas: 2
            expose: %3$d
        """.formatted(backend, sitePort, echoPort));
    splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result up = splice.run("up", "-d", spec.toString());

    assertThat(up.exit()).as(up.all()).isZero();
    for (String name : new String[] {"grpc", "site", "echo"}) {
      Await.until(name + " ready", Duration.ofSeconds(30), () -> service(name).readyReplicas() == 2 ? true : null);
    }
    // HTTP/1.1 in, HTTP/2 streams out: both replicas answer, and each saw an HTTP/2 request.
    assertThat(replicasAnswering(Http.CLIENT, service("grpc").url() + "/hello", "h2c protocols-grpc-", " /hello\n"))
        .hasSize(2);

    // TLS with ALPN on the public port, then a Unix socket to the replica.
    HttpClient tlsClient = HttpClient.newBuilder().sslContext(certs.clientContext()).version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Set<String> siteReplicas =
        replicasAnswering(tlsClient, "https://127.0.0.1:" + sitePort + "/page", "unix protocols-site-", " /page\n");
    assertThat(siteReplicas).hasSize(2);
    Path sockets = dir.resolve("state/sockets");
    for (String replica : siteReplicas) {
      assertThat(sockets.resolve(replica + ".sock")).exists();
    }

    // Bytes in, the same bytes out, through the proxy's TCP mode.
    try (Socket socket = new Socket("127.0.0.1", echoPort)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] hello = "not HTTP at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      out.write(hello);
      out.flush();
      assertThat(in.readNBytes(hello.length)).isEqualTo(hello);
    }

    // Containers cannot offer a socket on the host: migrating such a service says so, and changes nothing.
    Splice.Result migrate = splice.run("migrate", "site", "--to", "docker");
    assertThat(migrate.exit()).as(migrate.all()).isNotZero();
    assertThat(migrate.err()).contains("services.site.unix_socket: a container cannot offer a Unix socket on the host");
    assertThat(service("site").readyReplicas()).isEqualTo(2);

    Splice.Result down = splice.run("down");
    assertThat(down.exit()).as(down.all()).isZero();
    try (var left = Files.list(sockets)) {
      assertThat(left.toList()).as("socket files after down").isEmpty();
    }
  }

  /**
   * Sends 40 requests at once, so that the balancer spreads them, and checks every answer; returns
   * the replicas that answered. Over TLS the client asks for HTTP/2 by ALPN and must get it.
   */
  private static Set<String> replicasAnswering(HttpClient client, String url, String prefix, String suffix) {
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> replicas = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).startsWith(prefix).endsWith(suffix);
      if (url.startsWith("https:")) {
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      }
      replicas.add(response.body().split(" ")[1]);
    }
    return replicas;
  }

  private ServiceStatus service(String name) throws Exception {
    return splice.client().app("protocols").services().stream()
        .filter(service -> service.name().equals(name)).findFirst().orElseThrow();
  }
}
