package io.splice.image.core;

/**
 * The failure the engine's internal packages throw: a Dockerfile that cannot be parsed, a step
 * that cannot finish, an image that cannot be read or written. The façade turns it into its
 * public exception with the same message.
 *
 * <p>Messages about a Dockerfile name the file, the line and the instruction, for example {@code
 * Dockerfile:7: COPY: expected at least 2 arguments}.
 */
public final class ImageFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageFailure(String message) {
    super(message);
  }

  public ImageFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A failure at a line of a Dockerfile.
   *
   * @param file the Dockerfile's name as the user knows it (for example {@code Dockerfile})
   * @param line the first line of the instruction, counting from 1
   * @param instruction the instruction's keyword in upper case, or {@code null} when the error is
   *     not inside an instruction
   */
  public static ImageFailure at(String file, int line, String instruction, String message) {
    return new ImageFailure(location(file, line, instruction) + message);
  }

  /** Like {@link #at(String, int, String, String)}, keeping the cause. */
  public static ImageFailure at(String file, int line, String instruction, String message, Throwable cause) {
    return new ImageFailure(location(file, line, instruction) + message, cause);
  }

  private static String location(String file, int line, String instruction) {
    String where = file + ":" + line + ": ";
    return instruction == null ? where : where + instruction + ": ";
  }
}
