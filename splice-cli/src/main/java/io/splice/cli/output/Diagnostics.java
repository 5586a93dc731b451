package io.splice.cli.output;

import io.splice.spec.Diagnostic;
import java.nio.file.Path;

/** Formats spec errors and warnings as {@code path:line:column: message}, the path relative to where the user is. */
public final class Diagnostics {
  private Diagnostics() {}

  public static String format(Diagnostic diagnostic) {
    if (diagnostic.position() == null) {
      return diagnostic.message();
    }
    Path file = diagnostic.position().file();
    Path here = Path.of("").toAbsolutePath();
    String shown = file.isAbsolute() && file.startsWith(here) ? here.relativize(file).toString() : file.toString();
    return shown + ":" + diagnostic.position().line() + ":" + diagnostic.position().column() + ": " + diagnostic.message();
  }
}
