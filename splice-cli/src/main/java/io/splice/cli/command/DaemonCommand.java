package io.splice.cli.command;

import io.splice.api.DaemonStatus;
import io.splice.api.SpliceClient;
import io.splice.cli.DaemonConnector;
import io.splice.cli.GlobalOptions;
import io.splice.cli.output.Durations;
import io.splice.control.daemon.Daemon;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code splice daemon}: the control plane's own life. */
@Command(name = "daemon", description = "Start, inspect, stop or run the splice daemon.",
    subcommands = {DaemonCommand.Status.class, DaemonCommand.Start.class, DaemonCommand.Stop.class, DaemonCommand.Run.class})
public final class DaemonCommand {

  @Command(name = "status", description = "Show whether the daemon and its proxy run.")
  static final class Status implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() throws Exception {
      Optional<SpliceClient> client = new DaemonConnector(global.dir()).find();
      if (client.isEmpty()) {
        System.out.println("daemon: not running (state in " + global.dir().root() + ")");
        return 3;
      }
      DaemonStatus status = client.get().daemon();
      System.out.println("daemon: running, pid " + status.pid() + ", version " + status.version() + ", up "
          + Durations.format(status.uptimeSeconds()) + ", state in " + status.stateDir());
      System.out.println("proxy:  " + (status.proxyAlive() ? "running, " : "not all running, ") + "pids " + status.proxyPids()
          + ", admin port " + status.proxyAdminPort());
      System.out.println("apps:   " + (status.apps().isEmpty() ? "none" : String.join(", ", status.apps())));
      return 0;
    }
  }

  @Command(name = "start", description = "Start the daemon in the background if it is not running.")
  static final class Start implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      DaemonStatus status;
      try {
        status = new DaemonConnector(global.dir()).connectOrStart(false).daemon();
      } catch (io.splice.api.ApiException e) {
        throw new io.splice.cli.CliException(e.getMessage());
      }
      System.out.println("daemon: running, pid " + status.pid());
      return 0;
    }
  }

  @Command(name = "stop", description = "Stop the daemon; the proxy and the replicas keep running, and the next daemon adopts them.")
  static final class Stop implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() throws Exception {
      Optional<SpliceClient> client = new DaemonConnector(global.dir()).find();
      if (client.isEmpty()) {
        System.out.println("daemon: not running");
        return 0;
      }
      long pid = client.get().daemon().pid();
      client.get().stopDaemon();
      ProcessHandle.of(pid).ifPresent(process -> process.onExit().join());
      System.out.println("daemon: stopped (pid " + pid + ")");
      return 0;
    }
  }

  @Command(name = "run", description = "Run the daemon in the foreground (what 'splice up' starts in the background).")
  static final class Run implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() throws Exception {
      try {
        new Daemon(global.dir()).run();
      } catch (io.splice.control.state.StateException e) {
        throw new io.splice.cli.CliException(e.getMessage());
      }
      return 0;
    }
  }
}
