package io.splice.cli.command;

import io.splice.api.SpliceClient;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import io.splice.cli.output.StatusView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splice ps}: services, replicas, health and traffic. */
@Command(name = "ps", description = "Show services, replicas, health and traffic.")
public final class PsCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--app", description = "The app (default: the only one that is up).")
  String app;

  @Override
  public Integer call() throws Exception {
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    System.out.print(StatusView.render(client.app(Apps.resolve(client, app))));
    return 0;
  }
}
