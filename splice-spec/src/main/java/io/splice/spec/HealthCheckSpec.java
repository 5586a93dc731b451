package io.splice.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a replica's health is checked. Readiness gates traffic: a replica joins the proxy after
 * {@code healthyThreshold} passes in a row. Liveness replaces it: after {@code unhealthyThreshold}
 * failures in a row (once the start period is over) the replica is restarted.
 *
 * @param kind what is checked
 * @param httpPath the path for {@link Kind#HTTP} (a 2xx or 3xx answer passes), else null
 * @param command the command for {@link Kind#COMMAND} (exit 0 passes), else empty
 */
public record HealthCheckSpec(
    Kind kind,
    String httpPath,
    List<String> command,
    Duration interval,
    Duration timeout,
    int healthyThreshold,
    int unhealthyThreshold,
    Duration startPeriod) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_HEALTHY_THRESHOLD = 1;
  public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
  public static final Duration DEFAULT_START_PERIOD = Duration.ofSeconds(30);

  public enum Kind {
    /** GET {@code httpPath} on the replica's port. */
    HTTP,
    /** A TCP connect to the replica's port. */
    TCP,
    /** Run a command in the service's workdir with the replica's environment. */
    COMMAND,
    /** No check: a replica is ready as soon as it runs. */
    NONE
  }

  public HealthCheckSpec {
    Objects.requireNonNull(kind, "kind");
    command = List.copyOf(command);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(startPeriod, "startPeriod");
  }

  /** The check used when a service declares none and listens on PORT: a TCP connect. */
  public static HealthCheckSpec defaultTcp() {
    return new HealthCheckSpec(Kind.TCP, null, List.of(), DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
        DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD, DEFAULT_START_PERIOD);
  }
}
