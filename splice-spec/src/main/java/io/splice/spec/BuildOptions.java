package io.splice.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a service's image is built from its build context ({@link ServiceSpec#build()}).
 *
 * @param dockerfile the Dockerfile (absolute), or null for the file named {@value #DEFAULT_DOCKERFILE} in
 *     the build context
 * @param target the stage to build, or null for the Dockerfile's last stage; stage names ignore case
 * @param args the build arguments, in the order written (unmodifiable; empty when there are none)
 */
public record BuildOptions(Path dockerfile, String target, Map<String, String> args) {
  /** The file built when {@code dockerfile} is null, in the build context. */
  public static final String DEFAULT_DOCKERFILE = "Dockerfile";

  /** No option set: the context's {@value #DEFAULT_DOCKERFILE}, its last stage, no build arguments. */
  public static final BuildOptions NONE = new BuildOptions(null, null, Map.of());

  public BuildOptions {
    Objects.requireNonNull(args, "args");
    args.forEach((name, value) -> {
      Objects.requireNonNull(name, "args: a name");
      Objects.requireNonNull(value, () -> "args: the value of " + name);
    });
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /** The Dockerfile to build for the build context {@code context}: {@code dockerfile}, or the context's own. */
  public Path dockerfileIn(Path context) {
    Objects.requireNonNull(context, "context");
    return dockerfile != null ? dockerfile : context.resolve(DEFAULT_DOCKERFILE);
  }
}
