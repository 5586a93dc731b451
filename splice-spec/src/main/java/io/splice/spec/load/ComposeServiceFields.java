package io.splice.spec.load;

import io.splice.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Readers for Compose service keys whose meaning differs from {@code splice.yaml}: {@code command}
 * and {@code entrypoint} (a string is split into words, not run by a shell), {@code profiles}, and
 * the settings of a {@code depends_on} entry.
 */
final class ComposeServiceFields {
  static final List<String> DEPENDENCY_KEYS = List.of("condition", "required", "restart");
  static final List<String> CONDITIONS =
      List.of("service_started", "service_healthy", "service_completed_successfully");

  private static final Pattern PROFILE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private ComposeServiceFields() {}

  /**
   * Sets the service's command. The process runtime runs {@code entrypoint} followed by
   * {@code command}; the docker runtime passes {@code command} to the image, whose own entrypoint
   * runs it, so an {@code entrypoint} there is reported.
   */
  static void command(Fields fields, AppDocument.Service service) {
    Located<List<String>> command = words(fields.node("command"), fields.path("command"), fields.problems());
    Located<List<String>> entrypoint = words(fields.node("entrypoint"), fields.path("entrypoint"), fields.problems());
    boolean process = service.runtime != null && service.runtime.value().equals(ServiceSpec.RUNTIME_PROCESS);
    if (!process) {
      service.command = command;
      if (entrypoint != null) {
        ComposeIgnored.warnOnce(fields.problems(), fields.map().entry("entrypoint"), fields.path(),
            "the docker runtime runs the image's own entrypoint with 'command'");
      }
      return;
    }
    if (entrypoint == null) {
      service.command = command;
      return;
    }
    List<String> combined = new ArrayList<>(entrypoint.value());
    if (command != null) {
      combined.addAll(command.value());
    }
    service.command = entrypoint.with(List.copyOf(combined));
    if (combined.isEmpty()) {
      fields.problems().error(entrypoint, "a command: the process runtime runs 'entrypoint' then 'command'");
    }
  }

  /** A command as a list of words, or a string split like a shell would; an empty list is allowed. */
  static Located<List<String>> words(YamlNode node, String path, Problems problems) {
    if (Values.isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar scalar) {
      List<String> words = ShellWords.split(scalar.text());
      if (words == null) {
        problems.error(node, path, "a command whose quotes are closed");
        return null;
      }
      return Located.of(List.copyOf(words), node, path);
    }
    if (node instanceof YamlNode.Sequence sequence && sequence.items().isEmpty()) {
      return Located.of(List.of(), node, path);
    }
    return Values.stringList(node, path, problems, "a list of arguments or a string");
  }

  /** The service's profiles; empty when it has none or they are malformed (reported). */
  static List<String> profiles(Fields fields) {
    YamlNode node = fields.node("profiles");
    if (node == null) {
      return List.of();
    }
    String path = fields.path("profiles");
    Located<List<String>> profiles = Values.stringList(node, path, fields.problems(), "a list of profile names");
    if (profiles == null) {
      return List.of();
    }
    for (int i = 0; i < profiles.value().size(); i++) {
      if (!PROFILE.matcher(profiles.value().get(i)).matches()) {
        fields.problems().error(((YamlNode.Sequence) node).items().get(i), path + "[" + i + "]",
            "a profile name: letters, digits, '_', '.' and '-', starting with a letter or digit");
        return List.of();
      }
    }
    return profiles.value();
  }

  /**
   * Checks one {@code depends_on} entry's settings. Splice starts a service once each dependency has
   * a ready replica (health checks passed), which satisfies {@code service_started} and
   * {@code service_healthy}; {@code service_completed_successfully} is reported, since Splice runs
   * services, not one-off jobs.
   */
  static void dependency(Fields settings, String dependency) {
    Problems problems = settings.problems();
    ComposeIgnored.warnUnsupported(settings, DEPENDENCY_KEYS);
    Located<String> condition = settings.string("condition");
    if (condition != null && !CONDITIONS.contains(condition.value())) {
      problems.error(condition, "'service_started', 'service_healthy' or 'service_completed_successfully'");
    } else if (condition != null && condition.value().equals("service_completed_successfully")) {
      problems.warnOnce("completed:" + condition.position(), condition.position(), condition.path() + ": "
          + condition.shown() + " not honoured (Splice runs services, not one-off jobs: this service starts once '"
          + dependency + "' has a ready replica)");
    }
    Located<Boolean> required = settings.bool("required");
    if (required != null && !required.value()) {
      ComposeIgnored.warnOnce(problems, settings.map().entry("required"), settings.path(),
          "every dependency is required");
    }
    Located<Boolean> restart = settings.bool("restart");
    if (restart != null && restart.value()) {
      ComposeIgnored.warnOnce(problems, settings.map().entry("restart"), settings.path(),
          "Splice does not restart a service when a dependency restarts; its replicas reach it through the proxy");
    }
  }
}
