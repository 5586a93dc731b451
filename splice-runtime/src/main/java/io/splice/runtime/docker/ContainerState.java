package io.splice.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the driver needs from an Engine's container inspection ({@code GET /containers/NAME/json}).
 * It is read from the JSON itself because docker-java's model leaves out {@code Config.StopSignal}.
 *
 * @param running whether the container runs
 * @param pid its main process as the host sees it; 0 when it does not run
 * @param exitCode the exit code of its last run, or null when it never ended
 * @param stopSignal what {@code docker stop} sends first: the image's STOPSIGNAL, else SIGTERM
 */
record ContainerState(boolean running, long pid, Integer exitCode, String stopSignal) {
  static final String DEFAULT_STOP_SIGNAL = "SIGTERM";

  static ContainerState of(JsonNode inspection) {
    JsonNode state = inspection.path("State");
    boolean running = state.path("Running").asBoolean(false);
    String signal = inspection.path("Config").path("StopSignal").asText("");
    JsonNode exit = state.path("ExitCode");
    // A container that never ran reports ExitCode 0 with an empty FinishedAt.
    boolean ended = !running && !state.path("FinishedAt").asText("0001-01-01T00:00:00Z").startsWith("0001-");
    return new ContainerState(running, running ? state.path("Pid").asLong(0) : 0,
        ended && exit.isNumber() ? exit.asInt() : null, signal.isEmpty() ? DEFAULT_STOP_SIGNAL : signal);
  }
}
