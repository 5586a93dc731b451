package io.splice.api;

/**
 * Move a service's replicas to another runtime driver ({@code process}, {@code docker}).
 *
 * @param image for a move to containers of a service with {@code build:}: the image the CLI built,
 *     or null to keep the service's image
 */
public record MigrateRequest(String service, String runtime, BuiltImage image) {
  public MigrateRequest(String service, String runtime) {
    this(service, runtime, null);
  }
}
