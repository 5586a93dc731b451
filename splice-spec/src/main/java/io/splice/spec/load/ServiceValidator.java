package io.splice.spec.load;

import static io.splice.spec.load.Located.valueOr;

import io.splice.spec.BuildOptions;
import io.splice.spec.Expose;
import io.splice.spec.Resources;
import io.splice.spec.Serving;
import io.splice.spec.ServiceSpec;
import io.splice.spec.Tls;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one raw service into a {@link ServiceSpec}: applies the defaults, resolves paths against
 * the spec's folder and reports every value out of range. When something is wrong the spec is still
 * built, from defaults, so that checking can go on; the loader discards it.
 */
final class ServiceValidator {
  private ServiceValidator() {}

  static ServiceSpec validate(AppDocument.Service service, Path baseDir, Problems problems) {
    String runtime = runtime(service, problems);
    List<String> command = valueOr(service.command, List.of());
    Path workdir = workdir(service, baseDir, problems);
    Path build = service.build == null ? null : path(service.build, baseDir, problems);
    BuildOptions buildOptions = BuildBlocks.options(service, build, problems);
    String image = valueOr(service.image, null);
    if (image != null && (image.isBlank() || image.chars().anyMatch(Character::isWhitespace))) {
      problems.error(service.image, "an image reference such as 'shop/catalog:1'");
    }
    checkSomethingRuns(service, runtime, command, image, build, problems);
    int replicas = atLeast(service.replicas, 0, ServiceSpec.DEFAULT_REPLICAS, problems);
    Integer port = port(service.port, problems);
    Integer targetPort = port(service.targetPort, problems);
    Serving serving = serving(service, runtime, problems);
    return new ServiceSpec(
        service.name,
        runtime == null ? ServiceSpec.RUNTIME_PROCESS : runtime,
        command,
        workdir,
        build,
        image,
        replicas,
        port,
        targetPort,
        expose(service, serving, baseDir, problems),
        service.env,
        BlockValidator.health(service.health, problems),
        names(service.dependsOn),
        BlockValidator.update(service.update, problems),
        BlockValidator.autoscale(service.autoscale, problems),
        resources(service, problems),
        valueOr(service.stopGracePeriod, ServiceSpec.DEFAULT_STOP_GRACE_PERIOD),
        buildOptions,
        serving);
  }

  /**
   * A process needs a command; a container needs an image or a Dockerfile to build one. Skipped
   * when the settings could not be read, or the key was written with a wrong shape (both reported).
   */
  private static void checkSomethingRuns(AppDocument.Service service, String runtime, List<String> command,
      String image, Path build, Problems problems) {
    if (service.malformed) {
      return;
    }
    if (ServiceSpec.RUNTIME_PROCESS.equals(runtime) && command.isEmpty() && !service.keys.contains("command")) {
      problems.error(service.position, service.path + ": no command (expected: 'command' for the process"
          + " runtime, or runtime: docker with 'image' or 'build')");
    }
    if (ServiceSpec.RUNTIME_DOCKER.equals(runtime) && image == null && build == null
        && !service.keys.contains("image") && !service.keys.contains("build")) {
      problems.error(service.position, service.path + ": no image (expected: 'image' or 'build' for the"
          + " docker runtime)");
    }
  }

  /** The runtime, or null when it is not one Splice has (an error is reported). */
  private static String runtime(AppDocument.Service service, Problems problems) {
    if (service.runtime == null) {
      return ServiceSpec.RUNTIME_PROCESS;
    }
    String runtime = service.runtime.value();
    if (runtime.equals(ServiceSpec.RUNTIME_PROCESS) || runtime.equals(ServiceSpec.RUNTIME_DOCKER)) {
      return runtime;
    }
    problems.error(service.runtime, "'" + ServiceSpec.RUNTIME_PROCESS + "' or '" + ServiceSpec.RUNTIME_DOCKER + "'");
    return null;
  }

  private static Path workdir(AppDocument.Service service, Path baseDir, Problems problems) {
    if (service.workdir == null) {
      return baseDir;
    }
    Path workdir = path(service.workdir, baseDir, problems);
    if (workdir == null) {
      return baseDir;
    }
    if (!Files.isDirectory(workdir)) {
      problems.error(service.workdir, "an existing folder, relative to the spec's folder");
    }
    return workdir;
  }

  /** {@code located} resolved against {@code baseDir}, or null when it is not a path (an error is reported). */
  private static Path path(Located<String> located, Path baseDir, Problems problems) {
    try {
      if (!located.value().isBlank()) {
        return baseDir.resolve(located.value()).normalize();
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    problems.error(located, "a path");
    return null;
  }

  private static Expose expose(AppDocument.Service service, Serving serving, Path baseDir, Problems problems) {
    Integer port = port(service.exposePort, problems);
    String host = valueOr(service.exposeHost, Expose.DEFAULT_HOST);
    if (service.exposeHost != null && (host.isBlank() || host.chars().anyMatch(Character::isWhitespace))) {
      problems.error(service.exposeHost, "a host name or IP address to listen on");
      return null;
    }
    Tls tls = tls(service.tls, serving, baseDir, problems);
    return port == null ? null : new Expose(host, port, tls);
  }

  /** The listener's certificate files, checked to exist now so that a typo fails {@code up}, not the proxy. */
  private static Tls tls(AppDocument.Tls tls, Serving serving, Path baseDir, Problems problems) {
    if (tls == null || tls.cert == null || tls.key == null) {
      return null;
    }
    if (!serving.http()) {
      problems.error(tls.position, tls.path + ": TLS on a tcp service (expected: protocol http or h2c, whose"
          + " requests the proxy decrypts; a tcp service's replicas can terminate TLS themselves)");
      return null;
    }
    Path cert = readableFile(tls.cert, baseDir, problems);
    Path key = readableFile(tls.key, baseDir, problems);
    return cert == null || key == null ? null : new Tls(cert, key);
  }

  private static Path readableFile(Located<String> located, Path baseDir, Problems problems) {
    Path file = path(located, baseDir, problems);
    if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
      problems.error(located, "a readable PEM file, relative to the spec's folder (" + file + " is not one)");
      return null;
    }
    return file;
  }

  private static Serving serving(AppDocument.Service service, String runtime, Problems problems) {
    String protocol = valueOr(service.protocol, Serving.HTTP);
    if (!Serving.PROTOCOLS.contains(protocol)) {
      problems.error(service.protocol, "one of " + String.join(", ", Serving.PROTOCOLS));
      protocol = Serving.HTTP;
    }
    boolean unixSocket = valueOr(service.unixSocket, false);
    if (unixSocket && ServiceSpec.RUNTIME_DOCKER.equals(runtime)) {
      problems.error(service.unixSocket.position(), service.unixSocket.path() + ": a Unix socket on the docker"
          + " runtime (expected: false; only the process runtime's replicas can offer one, on the host)");
      unixSocket = false;
    }
    return new Serving(protocol, unixSocket);
  }

  private static Resources resources(AppDocument.Service service, Problems problems) {
    Double cpus = valueOr(service.cpus, null);
    if (cpus != null && !(cpus > 0)) {
      problems.error(service.cpus, "> 0");
      cpus = null;
    }
    Long memory = valueOr(service.memory, null);
    if (memory != null && memory <= 0) {
      problems.error(service.memory, "> 0");
      memory = null;
    }
    return new Resources(cpus, memory);
  }

  private static List<String> names(List<Located<String>> dependsOn) {
    List<String> names = new ArrayList<>();
    for (Located<String> name : dependsOn) {
      if (!names.contains(name.value())) {
        names.add(name.value());
      }
    }
    return names;
  }

  /** A port 1-65535, or null when absent or out of range (an error is reported). */
  static Integer port(Located<Integer> port, Problems problems) {
    if (port == null) {
      return null;
    }
    if (port.value() < 1 || port.value() > 65535) {
      problems.error(port, "1-65535");
      return null;
    }
    return port.value();
  }

  static int atLeast(Located<Integer> value, int min, int fallback, Problems problems) {
    if (value == null) {
      return fallback;
    }
    if (value.value() < min) {
      problems.error(value, ">= " + min);
      return fallback;
    }
    return value.value();
  }

  static Duration positive(Located<Duration> value, Duration fallback, Problems problems) {
    if (value == null) {
      return fallback;
    }
    if (value.value().isZero()) {
      problems.error(value, "> 0");
      return fallback;
    }
    return value.value();
  }
}
