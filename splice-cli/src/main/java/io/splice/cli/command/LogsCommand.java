package io.splice.cli.command;

import io.splice.api.LogChunk;
import io.splice.api.SpliceClient;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splice logs SERVICE}: the output of a service's replicas, each line prefixed with its replica. */
@Command(name = "logs", description = "Show the output of a service's replicas.")
public final class LogsCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(names = "--app", description = "The app (default: the only one that is up).")
  String app;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new output until Ctrl-C.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "LINES", description = "Lines per replica to show first (default: ${DEFAULT-VALUE}).")
  int tail = 100;

  @Override
  public Integer call() throws Exception {
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    String appName = Apps.resolve(client, app);
    Map<String, Long> cursors = new HashMap<>();
    LogChunk chunk = client.logs(appName, service, tail, cursors);
    while (true) {
      chunk.lines().forEach(line -> System.out.println(line.replica() + " | " + line.line()));
      System.out.flush();
      if (!follow) {
        return 0;
      }
      cursors.putAll(chunk.cursors());
      Thread.sleep(500);
      chunk = client.logs(appName, service, tail, cursors);
    }
  }
}
