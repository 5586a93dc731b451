package io.splice.spec;

import java.util.Objects;

/**
 * Autoscaling bounds and target.
 *
 * @param min the fewest replicas
 * @param max the most replicas
 * @param metric what the target measures
 * @param target the value per replica to hold: in-flight requests, or p99 latency in milliseconds
 */
public record Autoscale(int min, int max, Metric metric, double target) {

  public enum Metric { INFLIGHT, P99_MS }

  public Autoscale {
    Objects.requireNonNull(metric, "metric");
  }
}
