package io.splice.control.state;

import java.time.Instant;

/**
 * A stored rollout, so that a daemon restarted in the middle of a deploy goes on watching it and
 * finishes or rolls it back.
 *
 * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code ROLLED_BACK}
 * @param finishedAt when it ended, or null while it runs
 */
public record DeploymentRow(String app, String service, String kind, String version, String previousVersion, String state,
    String message, Instant startedAt, Instant finishedAt) {}
