package io.splice.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The {@code config} section of an image config: what a container of the image runs and how.
 * {@code Healthcheck} and {@code Shell} are Docker's extensions, which Docker and Podman read.
 *
 * <pre>{@code
 * {
 *   "User": "65532:65532",
 *   "ExposedPorts": {"8080/tcp": {}},
 *   "Env": ["PATH=/usr/local/bin:/usr/bin:/bin"],
 *   "Entrypoint": ["/app/server"],
 *   "Cmd": ["--port", "8080"],
 *   "Volumes": {"/data": {}},
 *   "WorkingDir": "/app",
 *   "Labels": {"org.opencontainers.image.source": "https://example.com/catalog"},
 *   "StopSignal": "SIGTERM",
 *   "Healthcheck": {"Test": ["CMD-SHELL", "wget -q -O- localhost:8080/health"], "Interval": 30000000000},
 *   "Shell": ["/bin/sh", "-c"]
 * }
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
  "StopSignal", "Healthcheck", "Shell"
})
public record ContainerConfig(
    @JsonProperty("User") String user,
    @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("StopSignal") String stopSignal,
    @JsonProperty("Healthcheck") HealthConfig healthcheck,
    @JsonProperty("Shell") List<String> shell) {

  /** A config with nothing set. */
  public static final ContainerConfig EMPTY =
      new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null);

  /**
   * Docker's health check: {@code Test} is {@code ["NONE"]}, {@code ["CMD", args...]} or {@code
   * ["CMD-SHELL", command]}; durations are in nanoseconds, 0 meaning the default.
   */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonPropertyOrder({"Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"})
  public record HealthConfig(
      @JsonProperty("Test") List<String> test,
      @JsonProperty("Interval") long interval,
      @JsonProperty("Timeout") long timeout,
      @JsonProperty("StartPeriod") long startPeriod,
      @JsonProperty("StartInterval") long startInterval,
      @JsonProperty("Retries") int retries) {}
}
