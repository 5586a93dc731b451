package io.splice.cli.command;

import io.splice.api.SpliceClient;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code splice down}: every replica leaves the proxy, drains, and stops. */
@Command(name = "down", description = "Take an app down: drain and stop every replica, close its listeners.")
public final class DownCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "The app (default: the only one that is up).")
  String app;

  @Override
  public Integer call() throws Exception {
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    String name = Apps.resolve(client, app);
    System.out.println("Taking " + name + " down…");
    client.down(name);
    System.out.println(name + " is down.");
    return 0;
  }
}
