package io.splice.cli.command;

import io.splice.api.AppStatus;
import io.splice.api.ScaleRequest;
import io.splice.api.ServiceStatus;
import io.splice.api.SpliceClient;
import io.splice.cli.CliException;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splice scale catalog=5}: new replicas join when ready; removed ones leave the proxy and drain first. */
@Command(name = "scale", description = "Set services' replica counts, e.g. 'splice scale catalog=5 orders=1'.")
public final class ScaleCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(arity = "1..*", paramLabel = "SERVICE=N")
  List<String> targets;

  @Option(names = "--app", description = "The app (default: the only one that is up).")
  String app;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the new count (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 180;

  @Override
  public Integer call() throws Exception {
    Map<String, Integer> counts = parse(targets);
    SpliceClient client = new DaemonConnector(global.dir()).connect();
    String name = Apps.resolve(client, app);
    Progress progress = new Progress(client, name).skipPast(client.app(name));
    for (Map.Entry<String, Integer> target : counts.entrySet()) {
      client.scale(name, new ScaleRequest(target.getKey(), target.getValue()));
    }
    AppStatus status = progress.until(current -> counts.entrySet().stream().allMatch(target -> converged(current, target)),
        Duration.ofSeconds(timeoutSeconds), "scaling");
    for (String service : counts.keySet()) {
      ServiceStatus scaled = status.services().stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
      System.out.println(service + ": " + scaled.readyReplicas() + "/" + scaled.desiredReplicas() + " ready");
    }
    return 0;
  }

  private static boolean converged(AppStatus status, Map.Entry<String, Integer> target) {
    return status.services().stream().filter(service -> service.name().equals(target.getKey())).anyMatch(service ->
        service.replicas().size() == target.getValue() && service.readyReplicas() == target.getValue());
  }

  static Map<String, Integer> parse(List<String> targets) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String target : targets) {
      int eq = target.indexOf('=');
      try {
        if (eq <= 0) {
          throw new NumberFormatException();
        }
        int count = Integer.parseInt(target.substring(eq + 1));
        if (count < 0) {
          throw new NumberFormatException();
        }
        counts.put(target.substring(0, eq), count);
      } catch (NumberFormatException e) {
        throw CliException.usage(target + ": expected SERVICE=N with N >= 0, e.g. catalog=5");
      }
    }
    return counts;
  }
}
