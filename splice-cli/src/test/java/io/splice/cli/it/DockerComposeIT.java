package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ReplicaStatus;
import io.splice.testing.DockerEngineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker-compose.yml as users write it: a service built from its folder that listens on a fixed
 * port inside its container ({@code ports: "PUBLIC:80"}). Splice builds the image, runs two
 * replicas on Docker's bridge with port 80 published on 127.0.0.1, and serves them on the public
 * port through its proxy.
 */
class DockerComposeIT {
  @RegisterExtension static final DockerEngineExtension ENGINE = DockerEngineExtension.withBridge();

  @TempDir Path dir;
  private Splice splice;

  @AfterEach
  void cleanUp() throws Exception {
    splice.tearDown();
  }

  @Test
  void up_composeServiceOnAFixedContainerPort_isPublishedAndServed() throws Exception {
    int port = Http.freePort();
    BusyboxContext.write(dir.resolve("web"), "from compose\n");
    Files.writeString(dir.resolve("docker-compose.yml"), """
        services:
          web:
            build: ./web
            ports: ["%d:80"]
            deploy: { replicas: 2 }
        """.formatted(port));
    splice = new Splice(dir.resolve("state"), BusyboxContext.engineEnv(ENGINE));

    Splice.Result up = splice.run("up", "-d", dir.toString());

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(splice.client().apps().get(0).services().get(0).replicas())
        .extracting(ReplicaStatus::runtime).containsOnly("docker");
    assertThat(Http.get("http://127.0.0.1:" + port + "/index.html").body()).isEqualTo("from compose\n");
    String published = ENGINE.dockerOk("ps", "--filter", "label=io.splice.service=web", "--format", "{{.Ports}}");
    assertThat(published.lines()).hasSize(2).allMatch(line -> line.startsWith("127.0.0.1:") && line.endsWith("->80/tcp"));
  }
}
