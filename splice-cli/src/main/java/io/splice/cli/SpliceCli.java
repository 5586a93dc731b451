package io.splice.cli;

import io.splice.cli.command.BuildCommand;
import io.splice.cli.command.ConfigCommand;
import io.splice.cli.command.DaemonCommand;
import io.splice.cli.command.DeployCommand;
import io.splice.cli.command.DownCommand;
import io.splice.cli.command.ImagesCommand;
import io.splice.cli.command.LogsCommand;
import io.splice.cli.command.MigrateCommand;
import io.splice.cli.command.PsCommand;
import io.splice.cli.command.RollbackCommand;
import io.splice.cli.command.ScaleCommand;
import io.splice.cli.command.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code splice} command: one jar, three roles (CLI, daemon, proxy). */
@Command(
    name = "splice",
    mixinStandardHelpOptions = true,
    version = "splice 0.1.0",
    description = "Runs split services as health-checked replicas behind a load balancer, with no request lost.",
    subcommands = {UpCommand.class, PsCommand.class, LogsCommand.class, ScaleCommand.class, DeployCommand.class,
        RollbackCommand.class, MigrateCommand.class, DownCommand.class, ConfigCommand.class, BuildCommand.class, ImagesCommand.class,
        DaemonCommand.class})
public final class SpliceCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new SpliceCli());
    commandLine.setExecutionExceptionHandler(new ShortErrorHandler());
    return commandLine.execute(args);
  }
}
