package io.splice.cli.command;

import io.splice.api.AppStatus;
import io.splice.api.BuiltImage;
import io.splice.api.DeployRequest;
import io.splice.api.DeploymentStatus;
import io.splice.api.SpliceClient;
import io.splice.cli.CliException;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import io.splice.spec.App;
import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splice deploy SERVICE}: a zero-downtime rolling update to what the spec file says now (and
 * {@code --env} overrides); with nothing changed, a rolling restart. Shows each replica's progress
 * and exits 1 when the deploy fails or rolls back, with the reason.
 */
@Command(name = "deploy", description = "Roll a service to its current spec (or restart it) without losing a request.")
public final class DeployCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(names = "--app", description = "The app (default: the only one that is up).")
  String app;

  @Option(names = {"-f", "--file"}, paramLabel = "SPEC", description = "Read the service from this spec (default: the one the app came from).")
  Path file;

  @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable for the new version.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to follow the deploy (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 600;

  @Option(names = "--strategy", paramLabel = "STRATEGY",
      description = "rolling; blue-green: a whole new set, one traffic switch, the old set kept for rollback;"
          + " canary: traffic shares in steps, each judged against the stable set (default: the spec's update.strategy).")
  String strategy;

  @Option(names = "--steps", paramLabel = "PERCENTS", split = ",",
      description = "Canary: the traffic shares, e.g. 10,50,100 (the default).")
  List<Integer> steps;

  @Option(names = "--step-time", paramLabel = "SECONDS",
      description = "Canary: how long each step runs before it is judged (default: 30).")
  Long stepSeconds;

  @Option(names = "--keep", paramLabel = "SECONDS",
      description = "Blue-green: how long the old set is kept for an instant 'splice rollback' (default: 300).")
  Long keepSeconds;

  @Override
  public Integer call() throws Exception {
    if (strategy != null && !List.of("rolling", "blue-green", "canary").contains(strategy)) {
      throw CliException.usage("--strategy: " + strategy + " (expected: rolling, blue-green or canary)");
    }
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    String name = Apps.resolve(client, app);
    Progress progress = new Progress(client, name).skipPast(client.app(name));
    String spec = file == null ? null : file.toAbsolutePath().normalize().toString();
    BuiltImage image = buildIfNeeded(spec != null ? spec : client.app(name).specPath());
    AppStatus started = client.deploy(name, new DeployRequest(service, spec, env, strategy, keepSeconds, System.getenv(), steps,
        stepSeconds, image));
    return Rollouts.follow(progress, started, service, timeoutSeconds);
  }

  /** A service with {@code build:} that runs in containers is rebuilt first: what changed in its folder is deployed. */
  private BuiltImage buildIfNeeded(String specPath) {
    App app = UpCommand.load(Path.of(specPath), List.of());
    ServiceSpec target = app.services().get(service);
    return target != null && ServiceImages.needsBuild(target) ? ServiceImages.build(app, target, global.dir()) : null;
  }

  /** Follows a service's rollout to its end; shared by deploy and rollback. */
  static final class Rollouts {
    private Rollouts() {}

    static int follow(Progress progress, AppStatus started, String service, long timeoutSeconds) throws Exception {
      DeploymentStatus begun = deployment(started, service);
      progress.print(started.events());
      AppStatus done = progress.until(status -> {
        DeploymentStatus current = deployment(status, service);
        return current != null && current.startedAt().equals(begun.startedAt()) && !current.state().equals("running");
      }, Duration.ofSeconds(timeoutSeconds), "the " + begun.kind());
      DeploymentStatus result = deployment(done, service);
      if (result.state().equals("succeeded") || result.state().equals("switched")) {
        System.out.println(service + ": " + result.kind() + " " + result.state() + ": " + result.message());
        return 0;
      }
      throw new CliException(service + ": " + result.kind() + " " + result.state() + ": " + result.message());
    }

    private static DeploymentStatus deployment(AppStatus status, String service) {
      return status.services().stream().filter(s -> s.name().equals(service)).findFirst()
          .map(io.splice.api.ServiceStatus::deployment).orElse(null);
    }
  }
}
