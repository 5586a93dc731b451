package io.splice.runtime.docker;

import java.util.Objects;

/**
 * A command that ran inside a replica's container ({@link DockerDriver#exec}).
 *
 * @param exitCode its exit code; -1 when it timed out
 * @param output its stdout and stderr as they came, interleaved, cut after {@link
 *     DockerDriver#MAX_EXEC_OUTPUT} bytes (decoded as UTF-8)
 * @param timedOut whether it was still running at the timeout (it was then killed)
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {
  public ExecResult {
    Objects.requireNonNull(output, "output");
  }
}
