package io.splice.control.server;

import io.splice.api.BuiltImage;
import io.splice.spec.App;
import io.splice.spec.HealthCheckSpec;
import io.splice.spec.ServiceSpec;
import java.time.Duration;
import java.util.Map;

/**
 * Puts the images the CLI built into the spec: a service with {@code build:} runs the image id,
 * and an image's HEALTHCHECK becomes the service's check when the spec declares none (the default
 * TCP connect), run inside the container.
 */
final class BuiltImages {
  private BuiltImages() {}

  static App apply(App app, Map<String, BuiltImage> images) {
    if (images == null) {
      return app;
    }
    App result = app;
    for (Map.Entry<String, BuiltImage> entry : images.entrySet()) {
      if (!app.services().containsKey(entry.getKey())) {
        throw new ApiError(400, "images: no service " + entry.getKey() + " in " + app.source());
      }
      result = result.withService(apply(app.service(entry.getKey()), entry.getValue()));
    }
    return result;
  }

  static ServiceSpec apply(ServiceSpec service, BuiltImage image) {
    if (image == null) {
      return service;
    }
    if (image.imageId() == null || !image.imageId().matches("sha256:[0-9a-f]{64}")) {
      throw new ApiError(400, "images." + service.name() + ".imageId: " + image.imageId() + " (expected: sha256: and 64 hex digits)");
    }
    ServiceSpec result = service.withImage(image.imageId());
    if (image.healthCommand() != null && !image.healthCommand().isEmpty()
        && service.health().equals(HealthCheckSpec.defaultTcp())) {
      result = result.withHealth(new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND, null, image.healthCommand(),
          millis(image.healthIntervalMillis(), HealthCheckSpec.DEFAULT_INTERVAL),
          millis(image.healthTimeoutMillis(), HealthCheckSpec.DEFAULT_TIMEOUT),
          HealthCheckSpec.DEFAULT_HEALTHY_THRESHOLD,
          image.healthRetries() == null ? HealthCheckSpec.DEFAULT_UNHEALTHY_THRESHOLD : Math.max(1, image.healthRetries()),
          millis(image.healthStartPeriodMillis(), HealthCheckSpec.DEFAULT_START_PERIOD)));
    }
    return result;
  }

  private static Duration millis(Long value, Duration fallback) {
    return value == null || value <= 0 ? fallback : Duration.ofMillis(value);
  }
}
