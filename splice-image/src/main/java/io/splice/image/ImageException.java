package io.splice.image;

/**
 * The image engine's one exception type: a Dockerfile that cannot be parsed, a build that cannot
 * finish, an image that cannot be read or written.
 *
 * <p>Messages about a Dockerfile name the file, the line and the instruction, for example {@code
 * Dockerfile:7: COPY: expected at least 2 arguments}, so that the command line can show them
 * as they are.
 */
public final class ImageException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * An error at a line of a Dockerfile.
   *
   * @param file the Dockerfile's name as the user knows it (for example {@code Dockerfile})
   * @param line the first line of the instruction, counting from 1
   * @param instruction the instruction's keyword in upper case, or {@code null} when the error is
   *     not inside an instruction
   */
  public static ImageException at(String file, int line, String instruction, String message) {
    return new ImageException(location(file, line, instruction) + message);
  }

  /** Like {@link #at(String, int, String, String)}, keeping the cause. */
  public static ImageException at(
      String file, int line, String instruction, String message, Throwable cause) {
    return new ImageException(location(file, line, instruction) + message, cause);
  }

  private static String location(String file, int line, String instruction) {
    String where = file + ":" + line + ": ";
    return instruction == null ? where : where + instruction + ": ";
  }
}
