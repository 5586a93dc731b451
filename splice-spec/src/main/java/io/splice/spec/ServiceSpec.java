package io.splice.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One service of an app, validated, with defaults applied and paths made absolute.
 *
 * @param name the service's name, a DNS label
 * @param runtime the runtime driver that runs its replicas ({@link #RUNTIME_PROCESS} by default)
 * @param command the command of the process runtime; empty when the service runs from an image
 * @param workdir where the command runs (absolute; the spec's folder unless {@code workdir} says otherwise)
 * @param build the build context: the folder an image is built from (absolute), or null
 * @param image the image reference, or null
 * @param replicas how many replicas run
 * @param port the stable local port on which dependants reach the service through the proxy, or null to allocate one
 * @param targetPort the port a replica listens on inside its container (docker runtime), or null when
 *     the replica listens on the port given in its {@code PORT} variable
 * @param expose the public listener on the proxy, or null when the service is internal
 * @param env extra environment for every replica (Splice adds PORT and the NAME_URL of each dependency)
 * @param health how readiness and liveness are checked
 * @param dependsOn services that start first and whose URLs this one receives
 * @param update how deploys replace replicas
 * @param autoscale the autoscaling policy, or null when the replica count is fixed
 * @param resources resource limits (hints for the process runtime, limits for containers)
 * @param stopGracePeriod how long a replica has between SIGTERM and SIGKILL
 * @param buildOptions how the image is built from {@code build}: the Dockerfile, target stage and build
 *     arguments; {@link BuildOptions#NONE} when none is set (also when {@code build} is null). Left out of
 *     the JSON form when it is {@code NONE}, so that a service without build options serializes as before.
 * @param serving what the replicas speak and where they listen; {@link Serving#DEFAULT} (HTTP on {@code PORT})
 *     unless the spec says otherwise, and then left out of the JSON form, as {@code buildOptions}.
 */
public record ServiceSpec(
    String name,
    String runtime,
    List<String> command,
    Path workdir,
    Path build,
    String image,
    int replicas,
    Integer port,
    Integer targetPort,
    Expose expose,
    Map<String, String> env,
    HealthCheckSpec health,
    List<String> dependsOn,
    UpdateStrategy update,
    Autoscale autoscale,
    Resources resources,
    Duration stopGracePeriod,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ServiceSpec.NoBuildOptions.class)
    BuildOptions buildOptions,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ServiceSpec.DefaultServing.class)
    Serving serving) {

  public static final String RUNTIME_PROCESS = "process";
  public static final String RUNTIME_DOCKER = "docker";
  public static final int DEFAULT_REPLICAS = 1;
  public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);

  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(runtime, "runtime");
    command = List.copyOf(command);
    Objects.requireNonNull(workdir, "workdir");
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    Objects.requireNonNull(health, "health");
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
    buildOptions = buildOptions == null ? BuildOptions.NONE : buildOptions;
    serving = serving == null ? Serving.DEFAULT : serving;
  }

  /** A service served the {@link Serving#DEFAULT default} way: the canonical constructor before {@code serving}. */
  public ServiceSpec(String name, String runtime, List<String> command, Path workdir, Path build, String image,
      int replicas, Integer port, Integer targetPort, Expose expose, Map<String, String> env, HealthCheckSpec health,
      List<String> dependsOn, UpdateStrategy update, Autoscale autoscale, Resources resources,
      Duration stopGracePeriod, BuildOptions buildOptions) {
    this(name, runtime, command, workdir, build, image, replicas, port, targetPort, expose, env, health, dependsOn,
        update, autoscale, resources, stopGracePeriod, buildOptions, Serving.DEFAULT);
  }

  /** A service without build options ({@link BuildOptions#NONE}): the canonical constructor before they existed. */
  public ServiceSpec(String name, String runtime, List<String> command, Path workdir, Path build, String image,
      int replicas, Integer port, Integer targetPort, Expose expose, Map<String, String> env, HealthCheckSpec health,
      List<String> dependsOn, UpdateStrategy update, Autoscale autoscale, Resources resources,
      Duration stopGracePeriod) {
    this(name, runtime, command, workdir, build, image, replicas, port, targetPort, expose, env, health, dependsOn,
        update, autoscale, resources, stopGracePeriod, BuildOptions.NONE, Serving.DEFAULT);
  }

  /** This service with another replica count. */
  public ServiceSpec withReplicas(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("replicas: " + count + " (expected: >= 0)");
    }
    return new ServiceSpec(name, runtime, command, workdir, build, image, count, port, targetPort, expose, env, health,
        dependsOn, update, autoscale, resources, stopGracePeriod, buildOptions, serving);
  }

  /** This service run by another runtime driver. */
  public ServiceSpec withRuntime(String driver) {
    return new ServiceSpec(name, driver, command, workdir, build, image, replicas, port, targetPort, expose, env, health,
        dependsOn, update, autoscale, resources, stopGracePeriod, buildOptions, serving);
  }

  /** This service with {@code overrides} added to its environment (an override wins). */
  public ServiceSpec withEnv(Map<String, String> overrides) {
    Map<String, String> merged = new java.util.LinkedHashMap<>(env);
    merged.putAll(overrides);
    return new ServiceSpec(name, runtime, command, workdir, build, image, replicas, port, targetPort, expose, merged, health,
        dependsOn, update, autoscale, resources, stopGracePeriod, buildOptions, serving);
  }

  /** This service with another command ({@code []}: a container runs its image's own). */
  public ServiceSpec withCommand(List<String> newCommand) {
    return new ServiceSpec(name, runtime, newCommand, workdir, build, image, replicas, port, targetPort, expose, env, health,
        dependsOn, update, autoscale, resources, stopGracePeriod, buildOptions, serving);
  }

  /** This service running {@code reference}, such as the image that was built for its {@code build:}. */
  public ServiceSpec withImage(String reference) {
    return new ServiceSpec(name, runtime, command, workdir, build, reference, replicas, port, targetPort, expose, env, health,
        dependsOn, update, autoscale, resources, stopGracePeriod, buildOptions, serving);
  }

  /** This service checked by {@code check}, such as the HEALTHCHECK of its image. */
  public ServiceSpec withHealth(HealthCheckSpec check) {
    return new ServiceSpec(name, runtime, command, workdir, build, image, replicas, port, targetPort, expose, env, check,
        dependsOn, update, autoscale, resources, stopGracePeriod, buildOptions, serving);
  }

  /** This service built with {@code options} (null: {@link BuildOptions#NONE}). */
  public ServiceSpec withBuildOptions(BuildOptions options) {
    return new ServiceSpec(name, runtime, command, workdir, build, image, replicas, port, targetPort, expose, env, health,
        dependsOn, update, autoscale, resources, stopGracePeriod, options, serving);
  }

  /** The environment variable through which dependants find this service: {@code CATALOG_URL} for {@code catalog}. */
  public String urlVariable() {
    return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
  }

  /** The filter that leaves {@code serving} out of the JSON form when it is {@link Serving#DEFAULT}. */
  private static final class DefaultServing {
    @Override
    public boolean equals(Object value) {
      return value == null || Serving.DEFAULT.equals(value);
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /**
   * The filter that leaves {@code buildOptions} out of the JSON form when it is {@link BuildOptions#NONE}:
   * Jackson skips a value that this filter equals.
   */
  private static final class NoBuildOptions {
    @Override
    public boolean equals(Object value) {
      return value == null || BuildOptions.NONE.equals(value);
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
