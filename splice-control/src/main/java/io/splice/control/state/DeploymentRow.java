package io.splice.control.state;

import java.time.Instant;

/**
 * A stored rollout, so that a daemon restarted in the middle of a deploy goes on watching it and
 * finishes or rolls it back.
 *
 * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code ROLLED_BACK}
 * @param finishedAt when it ended, or null while it runs
 * @param blueGreen whether it switches a whole new set in at once
 * @param keepMillis for blue-green, how long the old set is kept for rollback
 * @param switched for blue-green, whether traffic moved to the new set
 * @param keepUntil for blue-green, until when the old set is kept, or null before the switch
 * @param canarySteps for a canary, its traffic shares in percent ({@code 10,50,100}); empty otherwise
 * @param step for a canary, the index of the current step
 * @param stepStartedAt for a canary, when the current step began, or null
 * @param stepMillis for a canary, how long each step lasts before it is judged
 */
public record DeploymentRow(String app, String service, String kind, String version, String previousVersion, String state,
    String message, Instant startedAt, Instant finishedAt, boolean blueGreen, long keepMillis, boolean switched,
    Instant keepUntil, String canarySteps, int step, Instant stepStartedAt, long stepMillis) {}
