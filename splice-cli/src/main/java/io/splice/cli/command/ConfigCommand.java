package io.splice.cli.command;

import io.splice.cli.CliException;
import io.splice.cli.GlobalOptions;
import io.splice.cli.output.Diagnostics;
import io.splice.spec.App;
import io.splice.spec.SpecException;
import io.splice.spec.load.LoadOptions;
import io.splice.spec.load.SpecLoader;
import io.splice.spec.load.SpecPrinter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splice config}: loads and validates a {@code splice.yaml} or Compose file without running
 * anything, and prints the resolved app with every default filled in, like
 * {@code docker compose config}. Warnings go to stderr as {@code warning: file:line:column: ...}; a
 * spec with errors lists every one of them and exits 1.
 */
@Command(name = "config", description = "Validate a spec and print it resolved, with every default filled in.")
public final class ConfigCommand implements Callable<Integer> {
  /** The variable that activates Compose profiles when no --profile is given, as in Compose. */
  static final String PROFILES_VARIABLE = "COMPOSE_PROFILES";

  @Mixin GlobalOptions global;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE|DIR",
      description = "Spec file, or a folder holding one (default: the current folder).")
  Path path = Path.of(".");

  @Option(names = "--format", paramLabel = "yaml|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "yaml";

  @Option(names = "--profile", paramLabel = "PROFILE",
      description = "Activate a Compose profile (repeatable; default: $" + PROFILES_VARIABLE + ").")
  List<String> profiles = new ArrayList<>();

  @Override
  public Integer call() {
    SpecPrinter.Format output = format();
    App app;
    try {
      app = SpecLoader.load(path.toAbsolutePath().normalize(), LoadOptions.defaults().withProfiles(activeProfiles()));
    } catch (SpecException e) {
      List<String> details = e.errors().stream().map(Diagnostics::format).toList();
      throw new CliException(details.size() == 1 ? details.get(0) : details.size() + " errors in the spec:",
          details.size() == 1 ? List.of() : details);
    }
    app.warnings().forEach(warning -> System.err.println("warning: " + Diagnostics.format(warning)));
    System.out.print(SpecPrinter.print(app, output));
    System.out.flush();
    return 0;
  }

  private SpecPrinter.Format format() {
    try {
      return SpecPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--format " + format + " (expected: yaml or json)");
    }
  }

  private List<String> activeProfiles() {
    return activeProfiles(profiles);
  }

  /** The --profile options, or else the comma-separated profiles in $COMPOSE_PROFILES. */
  static List<String> activeProfiles(List<String> profiles) {
    if (!profiles.isEmpty()) {
      return profiles;
    }
    String variable = System.getenv(PROFILES_VARIABLE);
    if (variable == null || variable.isBlank()) {
      return List.of();
    }
    return List.of(variable.split("\\s*,\\s*")).stream().filter(profile -> !profile.isBlank()).toList();
  }
}
