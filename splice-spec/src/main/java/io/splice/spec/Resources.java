package io.splice.spec;

/**
 * Resource limits of one replica.
 *
 * @param cpus CPU cores, or null for no limit
 * @param memoryBytes memory in bytes, or null for no limit
 */
public record Resources(Double cpus, Long memoryBytes) {
  public static Resources none() {
    return new Resources(null, null);
  }
}
