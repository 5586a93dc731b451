package io.splice.cli.command;

import io.splice.api.AppStatus;
import io.splice.api.BuiltImage;
import io.splice.api.MigrateRequest;
import io.splice.api.SpliceClient;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import io.splice.spec.App;
import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splice migrate SERVICE --to RUNTIME}: replicas move one at a time, start-first, like a deploy. */
@Command(name = "migrate", description = "Move a service's replicas to another runtime without losing a request.")
public final class MigrateCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(names = "--to", required = true, paramLabel = "RUNTIME", description = "The runtime to move to (process, docker).")
  String runtime;

  @Option(names = "--app", description = "The app (default: the only one that is up).")
  String app;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to follow the migration (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 600;

  @Override
  public Integer call() throws Exception {
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    String name = Apps.resolve(client, app);
    Progress progress = new Progress(client, name).skipPast(client.app(name));
    AppStatus started = client.migrate(name, new MigrateRequest(service, runtime, buildIfNeeded(client.app(name).specPath())));
    return DeployCommand.Rollouts.follow(progress, started, service, timeoutSeconds);
  }

  /** A move to containers of a service with {@code build:} builds its image first. */
  private BuiltImage buildIfNeeded(String specPath) {
    if (!ServiceSpec.RUNTIME_DOCKER.equals(runtime)) {
      return null;
    }
    App spec = UpCommand.load(Path.of(specPath), List.of());
    ServiceSpec target = spec.services().get(service);
    return target != null && target.build() != null ? ServiceImages.build(spec, target, global.dir()) : null;
  }
}
