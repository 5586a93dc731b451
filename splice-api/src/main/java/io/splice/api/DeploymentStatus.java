package io.splice.api;

import java.time.Instant;

/**
 * A service's last rollout.
 *
 * @param kind {@code deploy}, {@code restart}, {@code rollback} or {@code update}
 * @param state {@code running}, {@code succeeded}, {@code failed} or {@code rolled-back}
 * @param message how it ended, or why it failed: the failing replica's last check and output
 */
public record DeploymentStatus(String kind, String version, String previousVersion, String state, String message,
    Instant startedAt, Instant finishedAt) {}
