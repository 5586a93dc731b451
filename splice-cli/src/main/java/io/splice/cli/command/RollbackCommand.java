package io.splice.cli.command;

import io.splice.api.AppStatus;
import io.splice.api.RollbackRequest;
import io.splice.api.SpliceClient;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splice rollback SERVICE}: a rolling deploy back to the spec before the last deploy. */
@Command(name = "rollback", description = "Roll a service back to the version before its last deploy.")
public final class RollbackCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(names = "--app", description = "The app (default: the only one that is up).")
  String app;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to follow the rollback (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 600;

  @Override
  public Integer call() throws Exception {
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    String name = Apps.resolve(client, app);
    Progress progress = new Progress(client, name).skipPast(client.app(name));
    AppStatus started = client.rollback(name, new RollbackRequest(service));
    return DeployCommand.Rollouts.follow(progress, started, service, timeoutSeconds);
  }
}
