package io.splice.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * How to run a replica as a container (the {@code docker} runtime).
 *
 * <p>Networking follows {@code containerPort}. Without it the container shares the host's network
 * (Docker's {@code --network host}): it listens at the port its {@code PORT} variable names,
 * which must be {@code hostPort}, so the proxy reaches it on 127.0.0.1, and it reaches the other
 * services' proxy addresses ({@code http://127.0.0.1:PORT}) just as a process replica does. With it the container
 * runs on the default bridge and {@code 127.0.0.1:hostPort} is published to {@code
 * containerPort}, the port the image's program listens on; it then cannot reach the host's
 * 127.0.0.1.
 *
 * @param image an image reference ({@code catalog:1}) or image id ({@code sha256:…}) that the
 *     Docker Engine already holds
 * @param hostPort the port the proxy reaches the replica on at 127.0.0.1
 * @param containerPort the port inside the container to publish {@code hostPort} to, or null for
 *     the host's network
 * @param cpus a CPU limit in CPUs ({@code 0.5}), or null for none
 * @param memoryBytes a memory limit in bytes (swap included), or null for none
 * @param labels labels added to the container (the driver adds its own too)
 */
public record ContainerSpec(String image, int hostPort, Integer containerPort, Double cpus, Long memoryBytes,
    Map<String, String> labels) {
  public ContainerSpec {
    Objects.requireNonNull(image, "image");
    if (image.isBlank()) {
      throw new IllegalArgumentException("image: \"\" (expected: a reference or an image id)");
    }
    checkPort("hostPort", hostPort);
    if (containerPort != null) {
      checkPort("containerPort", containerPort);
    }
    if (cpus != null && !(cpus > 0)) {
      throw new IllegalArgumentException("cpus: " + cpus + " (expected: > 0)");
    }
    if (memoryBytes != null && memoryBytes < 1) {
      throw new IllegalArgumentException("memoryBytes: " + memoryBytes + " (expected: > 0)");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A container on the host's network, without limits or labels. */
  public ContainerSpec(String image, int hostPort) {
    this(image, hostPort, null, null, null, Map.of());
  }

  private static void checkPort(String name, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: 1-65535)");
    }
  }
}
