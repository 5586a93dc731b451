package io.splice.cli;

import io.splice.api.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class GlobalOptions {
  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "The daemon's state directory (default: $SPLICE_HOME, else ~/.splice).")
  Path stateDir;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces of internal errors.")
  boolean verbose;

  public StateDir dir() {
    return StateDir.resolve(stateDir);
  }

  public boolean verbose() {
    return verbose;
  }
}
