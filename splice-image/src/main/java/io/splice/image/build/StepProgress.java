package io.splice.image.build;

/**
 * One progress event of a build, which the façade passes on to its listener.
 *
 * @param step the step's number, from 1; 0 for events that belong to no step
 * @param steps how many steps the build runs
 * @param stage the stage's name or index, or empty
 * @param text the instruction as written, the warning, or a line a {@code RUN} command printed
 */
public record StepProgress(Kind kind, int step, int steps, String stage, String text) {
  /** What happened. */
  public enum Kind {
    STARTED,
    CACHED,
    DONE,
    WARNING,
    OUTPUT
  }
}
