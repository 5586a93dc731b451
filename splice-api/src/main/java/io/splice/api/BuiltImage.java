package io.splice.api;

import java.util.List;

/**
 * An image the CLI built for a service with {@code build:}, with what the image itself says that
 * the daemon may use as the service's defaults.
 *
 * @param imageId the image id ({@code sha256:...}, the config's digest), as the Docker Engine knows it
 *     once loaded; its archive is {@code <hex>.tar} under {@link StateDir#dockerArchives()}
 * @param healthCommand the image's HEALTHCHECK as a command to run in the container (exec form;
 *     a shell form comes as {@code ["/bin/sh", "-c", "..."]}), or null when the image has none
 * @param healthIntervalMillis the HEALTHCHECK's interval, or null for Splice's default
 * @param healthTimeoutMillis the HEALTHCHECK's timeout, or null for Splice's default
 * @param healthRetries the HEALTHCHECK's retries, or null for Splice's default
 * @param healthStartPeriodMillis the HEALTHCHECK's start period, or null for Splice's default
 */
public record BuiltImage(
    String imageId,
    List<String> healthCommand,
    Long healthIntervalMillis,
    Long healthTimeoutMillis,
    Integer healthRetries,
    Long healthStartPeriodMillis) {
  public BuiltImage(String imageId) {
    this(imageId, null, null, null, null, null);
  }
}
