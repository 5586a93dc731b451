package io.splice.cli.command;

import io.splice.api.BuiltImage;
import io.splice.api.StateDir;
import io.splice.cli.CliException;
import io.splice.image.BuildRequest;
import io.splice.image.BuildResult;
import io.splice.image.ImageException;
import io.splice.image.Images;
import io.splice.image.ServiceDefaults;
import io.splice.spec.App;
import io.splice.spec.BuildOptions;
import io.splice.spec.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the images of the services that have {@code build:}, here in the CLI so that the user
 * sees each step, before {@code up} or {@code deploy} hands the app to the daemon. Each image goes
 * into the local store (tagged {@code APP/SERVICE:latest}) and, as a docker-archive named by its
 * image id, next to it, from where the daemon loads it into the Docker Engine when it is missing
 * there. Unchanged inputs hit the layer cache and give the same image id, so an unchanged service
 * is not redeployed.
 */
final class ServiceImages {
  private ServiceImages() {}

  /** Builds every service that runs in containers and has {@code build:}; returns the images by service name. */
  static Map<String, BuiltImage> buildAll(App app, StateDir dir) {
    Map<String, BuiltImage> images = new LinkedHashMap<>();
    for (ServiceSpec service : app.startOrder()) {
      if (needsBuild(service)) {
        images.put(service.name(), build(app, service, dir));
      }
    }
    return images;
  }

  /** A process-runtime service with {@code build:} is built only when it moves to containers. */
  static boolean needsBuild(ServiceSpec service) {
    return service.build() != null && ServiceSpec.RUNTIME_DOCKER.equals(service.runtime());
  }

  /** Builds one service's image, printing each step prefixed with the service's name. */
  static BuiltImage build(App app, ServiceSpec service, StateDir dir) {
    String tag = app.name() + "/" + service.name() + ":latest";
    System.out.println(service.name() + ": building " + service.build() + " as " + tag);
    Path archives = dir.dockerArchives();
    Path partial = archives.resolve(app.name() + "-" + service.name() + ".tar.partial");
    BuildResult result;
    try {
      Files.createDirectories(archives);
      BuildOptions options = service.buildOptions();
      BuildRequest.Builder request = BuildRequest.builder(service.build())
          .dockerfile(options.dockerfileIn(service.build()))
          .storeDir(dir.images())
          .tag(tag)
          .dockerArchive(partial)
          .progress(BuildCommand.progress(service.name() + ": "));
      if (options.target() != null) {
        request.target(options.target());
      }
      options.args().forEach(request::buildArg);
      result = Images.build(request.build());
      String hex = result.configDigest().substring("sha256:".length());
      Files.move(partial, archives.resolve(hex + ".tar"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (ImageException e) {
      throw new CliException(service.name() + ": the build failed: " + e.getMessage());
    } catch (IOException e) {
      throw new CliException(service.name() + ": cannot write the image to " + archives + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // a leftover partial file is overwritten by the next build
      }
    }
    long cached = result.layers().stream().filter(layer -> layer.cached()).count();
    System.out.printf("%s: built %s (%d layers, %d from cache)%n", service.name(), result.configDigest().substring(0, 19),
        result.layers().size(), cached);
    return image(result);
  }

  private static BuiltImage image(BuildResult result) {
    ServiceDefaults.Healthcheck check = result.serviceDefaults().healthcheck().filter(h -> !h.disabled()).orElse(null);
    if (check == null) {
      return new BuiltImage(result.configDigest());
    }
    return new BuiltImage(result.configDigest(), check.argv(), check.interval().toMillis(), check.timeout().toMillis(),
        check.retries(), check.startPeriod().toMillis());
  }
}
