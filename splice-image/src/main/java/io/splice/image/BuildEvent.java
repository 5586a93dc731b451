package io.splice.image;

/**
 * Progress of a build, one event at a time, in order, on the building thread.
 *
 * <pre>
 * STEP_STARTED  step 3 of 7, stage "build": COPY src/ /app/src/
 * STEP_CACHED   step 3 of 7, stage "build": COPY src/ /app/src/
 * STEP_DONE     step 4 of 7, stage "build": CMD ["/app/run"]
 * OUTPUT        step 5 of 7, stage "build": compiled 12 files
 * WARNING       Dockerfile:1: FROM --platform=linux/arm64 is ignored; ...
 * </pre>
 *
 * @param step the step's number, from 1; 0 for events that belong to no step
 * @param steps how many steps the build runs
 * @param stage the stage's name or index, or empty
 * @param text the instruction as written, the warning, or a line of a {@code RUN} command's output
 */
public record BuildEvent(Kind kind, int step, int steps, String stage, String text) {
  /** What happened. */
  public enum Kind {
    /** A step began. */
    STEP_STARTED,
    /** A step's layer came from the cache; the step is over. */
    STEP_CACHED,
    /** A step finished (a layer was built, or the config changed). */
    STEP_DONE,
    /** Something was accepted but ignored or is deprecated. */
    WARNING,
    /** A line that the current step's {@code RUN} command printed, in {@code text}. */
    OUTPUT
  }
}
