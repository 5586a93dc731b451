package io.splice.image.dockerfile;

import java.util.List;

/**
 * The command of {@code RUN}, {@code CMD}, {@code ENTRYPOINT} or {@code HEALTHCHECK CMD}.
 *
 * <p>The exec form {@code ["nginx", "-g", "daemon off;"]} keeps each JSON string as one argument;
 * the shell form {@code nginx -g 'daemon off;'} is one string that the stage's {@code SHELL} runs.
 *
 * @param args the JSON strings of the exec form, or a single element holding the shell form's text
 * @param execForm whether the command was written as a JSON array
 */
public record Command(List<String> args, boolean execForm) {
  public Command {
    args = List.copyOf(args);
  }

  /** The argument vector the image config gets, running a shell form through {@code shell}. */
  public List<String> argv(List<String> shell) {
    if (execForm) {
      return args;
    }
    var argv = new java.util.ArrayList<>(shell);
    argv.add(args.get(0));
    return List.copyOf(argv);
  }
}
