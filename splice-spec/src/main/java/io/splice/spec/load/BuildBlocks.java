package io.splice.spec.load;

import io.splice.spec.BuildOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code splice.yaml} and Compose files share about {@code build}: the keys of its long form,
 * and the checks that turn what was written into {@link BuildOptions}.
 */
final class BuildBlocks {
  static final List<String> BUILD_KEYS = List.of("context", "dockerfile", "target", "args");
  static final String BUILD_EXPECTED = "a folder such as './web', or a map with context, dockerfile, target and args";
  /** Stage names as {@code FROM IMAGE AS NAME} accepts them; they ignore case. */
  static final Pattern STAGE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9._-]*");
  static final String STAGE_EXPECTED = "a stage name: a letter, then letters, digits, '.', '_' or '-'";

  private BuildBlocks() {}

  /** The context of a long form that leaves it out: the spec's folder. */
  static Located<String> defaultContext(Fields build) {
    return new Located<>(".", "'.'", build.position(), build.path("context"));
  }

  /** Reports a {@code dockerfile} given without the context it is relative to. */
  static void noContext(Fields build) {
    build.problems().error(build.position(), build.path() + ": dockerfile without a context (expected: 'context',"
        + " the folder to build, which 'dockerfile' is relative to)");
  }

  /**
   * The build options of {@code service}, whose build context is {@code context} (absolute), or
   * {@link BuildOptions#NONE} when it has no context (none written, or not a valid one, reported).
   * The Dockerfile resolves against the context and must exist; when it is the context's own
   * {@value BuildOptions#DEFAULT_DOCKERFILE} it is left unset, as if not written.
   */
  static BuildOptions options(AppDocument.Service service, Path context, Problems problems) {
    Path dockerfile = context == null || service.dockerfile == null ? null : dockerfile(service, context, problems);
    String target = Located.valueOr(service.target, null);
    if (target != null && !STAGE_NAME.matcher(target).matches()) {
      problems.error(service.target, STAGE_EXPECTED);
      target = null;
    }
    BuildOptions options = new BuildOptions(dockerfile, target, service.buildArgs);
    return context == null || options.equals(BuildOptions.NONE) ? BuildOptions.NONE : options;
  }

  private static Path dockerfile(AppDocument.Service service, Path context, Problems problems) {
    Located<String> written = service.dockerfile;
    Path file = null;
    try {
      if (!written.value().isBlank()) {
        file = context.resolve(written.value()).normalize();
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    if (file == null || !Files.isRegularFile(file)) {
      problems.error(written, "an existing file, relative to the build context " + service.build.shown());
      return null;
    }
    return file.equals(context.resolve(BuildOptions.DEFAULT_DOCKERFILE)) ? null : file;
  }
}
