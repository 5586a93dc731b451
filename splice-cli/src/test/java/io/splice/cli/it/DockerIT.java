package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;
import io.splice.testing.DockerEngineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services in containers on a real Docker Engine: {@code splice up} builds the image of a service
 * with {@code build:} (no Docker daemon involved in the build), loads it into the Engine and runs
 * its replicas behind the proxy, checked by the image's HEALTHCHECK inside the containers; a
 * changed file is deployed by rebuilding it; a process service moves into containers. Under load,
 * no request fails. The image is busybox (Debian's busybox-static) serving a folder.
 */
class DockerIT {
  @RegisterExtension static final DockerEngineExtension ENGINE = new DockerEngineExtension();

  @TempDir Path dir;
  private Splice splice;

  @AfterEach
  void cleanUp() throws Exception {
    try {
      splice.tearDown();
    } finally {
      String left = ENGINE.docker("ps", "-aq", "--filter", "label=io.splice.app").output().trim();
      if (!left.isEmpty()) {
        ENGINE.docker(concat(List.of("rm", "-f"), left.lines().toList()));
      }
    }
  }

  @Test
  void up_buildsRunsAndChecksContainers_deployRebuildsTheChangedFile_downRemovesThem() throws Exception {
    int port = Http.freePort();
    Path context = BusyboxContext.write(dir.resolve("web"), "version one\n");
    Path spec = dir.resolve("splice.yaml");
    Files.writeString(spec, """
        app: boxes
        services:
          web:
            runtime: docker
            build: ./web
            replicas: 2
            expose: %d
        """.formatted(port));
    splice = new Splice(dir.resolve("state"), env());

    Splice.Result up = splice.run("up", "-d", spec.toString());

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(up.out()).contains("web: Step 1/", "web: built sha256:");
    ServiceStatus web = service("web");
    assertThat(web.readyReplicas()).isEqualTo(2);
    assertThat(web.replicas()).extracting(ReplicaStatus::runtime).containsOnly("docker");
    assertThat(Http.get("http://127.0.0.1:" + port + "/index.html").body()).isEqualTo("version one\n");
    assertThat(ENGINE.dockerOk("ps", "-q", "--filter", "label=io.splice.app=boxes").lines()).hasSize(2);
    try (var archives = Files.list(dir.resolve("state/images/docker"))) {
      assertThat(archives).as("archives left once the Engine has their image").isEmpty();
    }
    // No health block in the spec: the image's HEALTHCHECK ran inside the containers.
    assertThat(events()).anyMatch(message -> message.startsWith("ready: exit 0"));

    Files.writeString(context.resolve("www/index.html"), "version two\n");
    Http.Load load = new Http.Load("http://127.0.0.1:" + port + "/index.html", 100_000);
    Splice.Result deploy;
    try {
      deploy = splice.run("deploy", "web");
    } finally {
      load.close();
    }

    assertThat(deploy.exit()).as(deploy.all()).isZero();
    assertThat(deploy.out()).contains(" ---> cached", "web: deploy succeeded");
    assertThat(load.failed.get()).as("first failure: %s", load.firstFailure.get()).isZero();
    assertThat(load.sent.get()).isGreaterThan(10);
    assertThat(Http.get("http://127.0.0.1:" + port + "/index.html").body()).isEqualTo("version two\n");

    Splice.Result down = splice.run("down");
    assertThat(down.exit()).as(down.all()).isZero();
    assertThat(ENGINE.dockerOk("ps", "-aq", "--filter", "label=io.splice.app=boxes")).isEmpty();
  }

  @Test
  void migrate_processToDocker_losesNoRequest() throws Exception {
    int port = Http.freePort();
    BusyboxContext.write(dir.resolve("web"), "served\n");
    Path spec = dir.resolve("splice.yaml");
    // The same busybox serves the folder as a plain process first.
    Files.writeString(spec, """
        app: boxes
        services:
          web:
            command: ["sh", "-c", "exec busybox httpd -f -p $PORT -h web/www"]
            build: ./web
            replicas: 2
            expose: %d
            health: { http: /index.html, interval: 500ms }
        """.formatted(port));
    splice = new Splice(dir.resolve("state"), env());
    Splice.Result up = splice.run("up", "-d", spec.toString());
    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(service("web").replicas()).extracting(ReplicaStatus::runtime).containsOnly("process");

    Http.Load load = new Http.Load("http://127.0.0.1:" + port + "/index.html", 100_000);
    Splice.Result migrate;
    try {
      migrate = splice.run("migrate", "web", "--to", "docker");
    } finally {
      load.close();
    }

    assertThat(migrate.exit()).as(migrate.all()).isZero();
    assertThat(load.failed.get()).as("first failure: %s", load.firstFailure.get()).isZero();
    assertThat(service("web").replicas()).extracting(ReplicaStatus::runtime).containsOnly("docker");
    assertThat(ENGINE.dockerOk("ps", "-q", "--filter", "label=io.splice.app=boxes").lines()).hasSize(2);
    assertThat(Http.get("http://127.0.0.1:" + port + "/index.html").body()).isEqualTo("served\n");
  }

  @Test
  void up_dockerServiceWithoutEngine_saysWhatToDo() throws Exception {
    Path spec = dir.resolve("splice.yaml");
    BusyboxContext.write(dir.resolve("web"), "unused\n");
    Files.writeString(spec, """
        app: boxes
        services:
          web:
            runtime: docker
            build: ./web
        """);
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"));
    splice = new Splice(dir.resolve("state"), env);

    Splice.Result up = splice.run("up", "-d", spec.toString());

    assertThat(up.exit()).isEqualTo(1);
    assertThat(up.err()).contains("services.web.runtime: docker:", "no-engine.sock").doesNotContain("\tat ");
  }

  private Map<String, String> env() {
    return BusyboxContext.engineEnv(ENGINE);
  }

  private ServiceStatus service(String name) throws Exception {
    return splice.client().app("boxes").services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private List<String> events() throws Exception {
    return splice.client().app("boxes").events().stream().map(io.splice.api.Event::message).toList();
  }

  private static String[] concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }
}
