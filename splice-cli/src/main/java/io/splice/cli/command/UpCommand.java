package io.splice.cli.command;

import io.splice.api.ApiException;
import io.splice.api.AppStatus;
import io.splice.api.BuiltImage;
import io.splice.api.ReplicaStatus;
import io.splice.api.ServiceStatus;
import io.splice.api.SpliceClient;
import io.splice.api.UpRequest;
import io.splice.cli.CliException;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import io.splice.cli.output.Diagnostics;
import io.splice.spec.App;
import io.splice.spec.SpecException;
import io.splice.spec.load.LoadOptions;
import io.splice.spec.load.SpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splice up}: validates the spec here (so mistakes show as {@code file:line:column}), hands
 * it to the daemon, and shows progress until every replica is ready. In the foreground it then
 * follows events until Ctrl-C, which takes the app down gracefully; {@code -d} returns at once.
 */
@Command(name = "up", description = "Build, start and serve an app (a splice.yaml or docker-compose.yml, or a folder holding one).")
public final class UpCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(250);

  @Mixin GlobalOptions global;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Spec file or folder (default: the current folder).")
  Path path = Path.of(".");

  @Option(names = {"-d", "--detach"}, description = "Return once every replica is ready; the app keeps running.")
  boolean detach;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for every replica to be ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 180;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Activate a Compose profile (repeatable; default: $COMPOSE_PROFILES).")
  List<String> profiles = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> active = ConfigCommand.activeProfiles(profiles);
    App app = load(path, active);
    app.warnings().forEach(warning -> System.out.println("warning: " + Diagnostics.format(warning)));
    long started = System.nanoTime();
    Map<String, BuiltImage> images = ServiceImages.buildAll(app, global.dir());
    SpliceClient client = new DaemonConnector(global.dir()).connectOrStart(false);
    AppStatus status = client.up(new UpRequest(app.source().toString(), active, System.getenv(), images));
    System.out.println("Bringing up " + status.name() + " (" + status.services().size() + " services)");
    Progress events = new Progress(client, status.name());
    events.print(status.events());
    status = awaitReady(client, status.name(), events, started);
    if (status == null) {
      return 1;
    }
    System.out.printf("%s is up in %.1fs%n", status.name(), (System.nanoTime() - started) / 1e9);
    for (ServiceStatus service : status.services()) {
      System.out.println("  " + service.name() + ": " + service.readyReplicas() + "/" + service.desiredReplicas() + " ready, "
          + service.url() + (service.expose() == null ? "" : ", public on http://" + service.expose()));
    }
    if (detach) {
      System.out.println("Running in the background: 'splice ps' shows it, 'splice down' stops it.");
      return 0;
    }
    return follow(client, status.name(), events);
  }

  static App load(Path path, List<String> profiles) {
    try {
      return SpecLoader.load(path.toAbsolutePath().normalize(), LoadOptions.defaults().withProfiles(profiles));
    } catch (SpecException e) {
      List<String> details = e.errors().stream().map(Diagnostics::format).toList();
      throw new CliException(details.size() == 1 ? details.get(0) : details.size() + " errors in the spec:",
          details.size() == 1 ? List.of() : details);
    }
  }

  private AppStatus awaitReady(SpliceClient client, String name, Progress events, long started) throws ApiException {
    long deadline = started + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      AppStatus status = client.app(name);
      events.print(status.events());
      if (status.ready()) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        System.err.println("splice: " + name + " is not ready after " + timeoutSeconds + "s; these replicas are not:");
        for (ServiceStatus service : status.services()) {
          for (ReplicaStatus replica : service.replicas()) {
            if (!replica.state().equals("ready")) {
              System.err.println("  " + replica.id() + ": " + replica.state() + ", " + replica.health());
            }
          }
        }
        System.err.println("It keeps trying; 'splice logs SERVICE' shows their output, 'splice down' stops the app.");
        return null;
      }
      sleep(POLL);
    }
  }

  /** Follows events until Ctrl-C, then takes the app down and waits for every replica to stop. */
  private int follow(SpliceClient client, String name, Progress events) {
    System.out.println("Following events; press Ctrl-C to take " + name + " down.");
    CountDownLatch downDone = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      main.interrupt();
      System.out.println("\nTaking " + name + " down (draining, then stopping every replica)…");
      try {
        client.down(name);
        System.out.println(name + " is down.");
      } catch (ApiException e) {
        System.err.println("splice: " + e.getMessage());
      }
      downDone.countDown();
    }));
    try {
      while (!Thread.currentThread().isInterrupted()) {
        events.print(client.app(name).events());
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ApiException e) {
      if (!stopping.get()) {
        System.err.println("splice: " + e.getMessage());
        return 1;
      }
    }
    try {
      downDone.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
