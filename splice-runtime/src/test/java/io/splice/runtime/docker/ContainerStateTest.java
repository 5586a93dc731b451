package io.splice.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void running_keepsPidAndTheImagesStopSignal() throws Exception {
    ContainerState state = ContainerState.of(JSON.readTree("""
        {"State": {"Running": true, "Pid": 4242, "ExitCode": 0, "FinishedAt": "0001-01-01T00:00:00Z"},
         "Config": {"StopSignal": "SIGQUIT"}}"""));

    assertThat(state).isEqualTo(new ContainerState(true, 4242, null, "SIGQUIT"));
  }

  @Test
  void exited_hasItsExitCodeAndDefaultsToSigterm() throws Exception {
    ContainerState state = ContainerState.of(JSON.readTree("""
        {"State": {"Running": false, "Pid": 0, "ExitCode": 3, "FinishedAt": "2026-01-02T03:04:05.6Z"}, "Config": {}}"""));

    assertThat(state).isEqualTo(new ContainerState(false, 0, 3, "SIGTERM"));
  }

  @Test
  void neverStarted_hasNoExitCode() throws Exception {
    ContainerState state = ContainerState.of(JSON.readTree("""
        {"State": {"Running": false, "Pid": 0, "ExitCode": 0, "FinishedAt": "0001-01-01T00:00:00Z"}}"""));

    assertThat(state.exitCode()).isNull();
  }
}
